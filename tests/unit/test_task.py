"""The claimed task validates its stored application on first use, not at claim time."""

import pytest

from robotlib.errors import BusinessError
from robotlib.model import Application, Task, TaskStatus, task


def task_with(payload: str) -> Task:
    return Task(
        id=1,
        ref="A-1",
        kind="personal_account",
        pool="default",
        priority="normal",
        attempts=1,
        lease_token="t",
        payload=payload,
    )


def test_the_application_is_read_from_the_stored_payload_once() -> None:
    stored = Application.model_validate(
        {
            "ref": "A-1",
            "kind": "personal_account",
            "branch": "default",
            "applicant": {
                "name": "测试",
                "id_number": "110101199003070012",
                "phone": "13800138000",
            },
            "documents": {"id_front": "/tmp/f.jpg", "id_back": "/tmp/b.jpg"},
        }
    )
    task = task_with(stored.model_dump_json())

    assert task.application == stored
    assert task.application is task.application  # validated once, then kept


def test_a_corrupt_stored_payload_is_a_business_error_naming_the_task() -> None:
    task = task_with('{"ref": "A-1", "kind": "personal_account"}')

    with pytest.raises(BusinessError, match="task A-1: the stored application is not valid"):
        _ = task.application


def test_the_payload_stays_out_of_the_repr() -> None:
    assert "payload" not in repr(task_with('{"secret": "110101199003070012"}'))


def test_a_task_and_its_states_live_together() -> None:
    # robotlib.model re-exports it; the definition sits beside Task, not in the result module
    assert TaskStatus.__module__ == task.__name__ == Task.__module__
    assert set(task.TRANSITIONS) == set(TaskStatus)
