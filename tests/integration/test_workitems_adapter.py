"""rpaframework's WorkItems library over the veribot pool (VeribotAdapter), on real SQLite.

Outputs become results decided by the policy; BUSINESS failures are never retried,
APPLICATION failures are; a robot cannot approve by releasing DONE without an output.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from RPA.Robocorp.WorkItems import EmptyQueue, WorkItems

from robotlib.model import Applicant, Application, Decision, Documents, TaskStatus
from scheduler.pool import SqlitePool
from tests.helpers.keys import session_keyring

ADAPTER = "robotlib.library.workitems_adapter.VeribotAdapter"


@pytest.fixture
def pool_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, echo_plugin: ModuleType
) -> Iterator[Path]:
    (tmp_path / "veribot.toml").write_text('[database]\nurl = "sqlite:///pool.db"\n')
    monkeypatch.setenv("VERIBOT_CONFIG", str(tmp_path / "veribot.toml"))
    monkeypatch.setenv("RPA_WORKITEMS_ADAPTER", ADAPTER)
    front = tmp_path / "front.jpg"
    front.write_bytes(b"\xff\xd8photo")
    with SqlitePool(str(tmp_path / "pool.db"), keyring=session_keyring()) as pool:
        pool.submit(
            [
                Application(
                    ref=f"W-{n}",
                    kind="echo",
                    applicant=Applicant(name="张伟", id_number="440305199003071236"),
                    documents=Documents(id_front=front if n == 1 else None),
                )
                for n in range(1, 7)
            ]
        )
    return tmp_path / "pool.db"


def results(path: Path) -> dict[str, tuple[TaskStatus, Decision | None, list[str], str | None]]:
    with SqlitePool(str(path), keyring=session_keyring()) as pool:
        return {r.ref: (r.status, r.decision, r.reasons, r.error) for r in pool.results()}


def test_inputs_outputs_and_failures_map_onto_the_pool(pool_path: Path) -> None:
    library = WorkItems(autoload=False)

    item = library.get_input_work_item()
    assert item.id == "W-1"
    assert library.get_work_item_payload()["applicant"]["name"] == "张伟"
    assert library.list_work_item_files() == ["id_front.jpg"]
    library.create_output_work_item({"reasons": ["GREYLIST_HIT"], "decision": "approve"})
    library.save_work_item()
    library.release_input_work_item("DONE")

    library.get_input_work_item()  # W-2
    library.release_input_work_item(
        "FAILED", exception_type="BUSINESS", code="NO_CONTRACT", message="张伟 has none"
    )
    library.get_input_work_item()  # W-3
    library.release_input_work_item("FAILED", exception_type="APPLICATION", code="PORTAL_DOWN")
    library.get_input_work_item()  # W-4: no output, yet DONE
    library.release_input_work_item("DONE")
    library.get_input_work_item()  # W-5: an output that is not an outcome
    library.create_output_work_item({"reasons": "GREYLIST_HIT"}, save=True)
    library.release_input_work_item("DONE")
    library.get_input_work_item()  # W-6: clean
    library.create_output_work_item({"reasons": []}, save=True)
    library.release_input_work_item("DONE")

    got = results(pool_path)
    # the policy decides: the robot's "approve" is ignored, GREYLIST_HIT means review
    assert got["W-1"][:3] == (TaskStatus.DONE, Decision.REVIEW, ["GREYLIST_HIT"])
    status, decision, _, error = got["W-2"]
    assert (status, decision) == (TaskStatus.DEAD, Decision.REVIEW)
    assert error is not None
    assert "NO_CONTRACT" in error
    assert "张伟" not in error
    assert got["W-3"][0] is TaskStatus.FAILED  # retried after its back-off
    assert got["W-4"][:2] == (TaskStatus.DEAD, Decision.REVIEW)
    assert "without an output" in (got["W-4"][3] or "")
    assert got["W-5"][:2] == (TaskStatus.DEAD, Decision.REVIEW)
    assert "reasons" in (got["W-5"][3] or "")
    assert got["W-6"][:2] == (TaskStatus.DONE, Decision.APPROVE)


def test_an_empty_pool_ends_the_loop_and_inputs_are_read_only(pool_path: Path) -> None:
    library = WorkItems(autoload=False)
    library.get_input_work_item()
    library.set_work_item_variable("note", "x")
    with pytest.raises(ValueError, match="read-only"):
        library.save_work_item()

    def approve() -> None:
        library.create_output_work_item({"reasons": []}, save=True)

    library.release_input_work_item("DONE")
    processed = library.for_each_input_work_item(approve)

    assert len(processed) == 5  # W-2 .. W-6; W-1 went to a human (no output)
    with pytest.raises(EmptyQueue):
        library.adapter.reserve_input()
    assert sum(s is TaskStatus.DONE for s, *_ in results(pool_path).values()) == 5
