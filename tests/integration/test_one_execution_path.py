"""One application through every face that decides (the worker over the pool, ``Worker.verify``,
the ``Verify Application`` keyword, the WorkItems adapter): the same decision, the same audit
records and the same lifecycle hook calls, because every face runs ``scheduler.execution``."""

from __future__ import annotations

import json
import threading
from collections.abc import Generator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from RPA.Robocorp.WorkItems import WorkItems

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config, load_config
from robotlib.library.library import VeribotLibrary
from robotlib.library.workitems_adapter import BOT_NAME as WORKITEMS_BOT
from robotlib.model import Application, ResultRecord, Task
from robotlib.plugins.host import hookimpl
from scheduler.audit_log import AuditLog
from scheduler.pool import open_configured_pool
from scheduler.worker import Worker
from tests.helpers.plugins import registered
from tests.helpers.worker_tasks import FAST, application

REF = "ONE-1"
#: the echo bot reports GREYLIST_HIT for this segment: a review, with a reason to compare
SEGMENT = "review"

Call = tuple[Any, ...]
Record = tuple[str, str, dict[str, Any]]


class Recorder:
    """A test plugin that records what each lifecycle hook saw (no bot name: the WorkItems
    face's bot is the robot behind the work items)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    @hookimpl
    def task_started(self, task: Task, bot: Bot) -> None:
        self.calls.append(("task_started", task.ref, task.kind, task.pool, task.attempts))

    @hookimpl(wrapper=True)
    def run_task(
        self, task: Task, bot: Bot, application: Application, context: BotContext
    ) -> Generator[None, BotOutcome, BotOutcome]:
        outcome = yield
        self.calls.append(("run_task", task.ref, application.ref, list(outcome.reasons)))
        return outcome

    @hookimpl
    def task_finished(self, task: Task, bot: Bot, result: ResultRecord, robot: str) -> list[Any]:
        decision = None if result.decision is None else result.decision.value
        self.calls.append(("task_finished", task.ref, decision, list(result.reasons), robot))
        return []

    @hookimpl
    def task_failed(self, task: Task, bot: Bot, error: str, status: object) -> None:
        self.calls.append(("task_failed", task.ref, error))


class Face:
    """What one face produced for the application: result, audit records, hook calls."""

    def __init__(self, result: ResultRecord, records: list[Record], calls: list[Call]) -> None:
        self.result = result
        self.records = records
        self.calls = calls


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    plugin = Recorder()
    with registered(plugin, "one-execution-path-recorder"):
        yield plugin


def audit_records(config: Config) -> list[Record]:
    """The audit entries about REF: actor, action and detail."""
    with open_configured_pool(config) as pool:
        return [
            (entry.actor, entry.action, json.loads(entry.detail))
            for entry in AuditLog(pool).of_ref(REF)
        ]


def stored_result(config: Config) -> ResultRecord:
    with open_configured_pool(config) as pool:
        return next(result for result in pool.results() if result.ref == REF)


def submitted(config: Config) -> Config:
    with open_configured_pool(config) as pool:
        report = pool.submit([application(REF, segment=SEGMENT)])
    assert report.submitted == [REF]
    return config


def through_the_worker(folder: Path, recorder: Recorder) -> Face:
    config = submitted(load_config(folder / "veribot.toml"))
    with open_configured_pool(config) as pool:
        Worker(config, pool, settings=FAST).run(threading.Event(), until_empty=True)
    return Face(stored_result(config), audit_records(config), recorder.calls)


def through_worker_verify(folder: Path, recorder: Recorder) -> Face:
    config = load_config(folder / "veribot.toml")
    with open_configured_pool(config) as pool:
        result = Worker(config, pool, settings=FAST).verify(application(REF, segment=SEGMENT))
    return Face(result, audit_records(config), recorder.calls)


def through_the_keyword(folder: Path, recorder: Recorder) -> Face:
    config = load_config(folder / "veribot.toml")
    library = VeribotLibrary(config=folder / "veribot.toml")
    record = application(REF, segment=SEGMENT).model_dump(mode="json", exclude_none=True)
    try:
        result = library.run_keyword("verify_application", [record], {})
    finally:
        library.ctx.close()
    return Face(result, audit_records(config), recorder.calls)


def through_workitems(folder: Path, recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> Face:
    config = submitted(load_config(folder / "veribot.toml"))
    monkeypatch.setenv("RPA_WORKITEMS_ADAPTER", "robotlib.library.workitems_adapter.VeribotAdapter")
    library = WorkItems(autoload=False)
    item = library.get_input_work_item()
    payload = library.get_work_item_payload()
    # the robot does the echo bot's work: a greylist hit for the "review" segment
    library.create_output_work_item(
        {
            "reasons": ["GREYLIST_HIT"] if payload["segment"] == SEGMENT else [],
            "fields": {k: payload["applicant"][k] for k in ("name", "id_number")},
        },
        save=True,
    )
    library.release_input_work_item("DONE")
    library.adapter.pool.close()
    assert item.id == REF
    return Face(stored_result(config), audit_records(config), recorder.calls)


def comparable(records: list[Record]) -> list[Record]:
    """The records without what differs by face on purpose: the inline flag and the bot's
    name (the WorkItems robot is bot ``workitems``)."""
    return [
        (actor, action, {k: v for k, v in detail.items() if k not in ("inline", "bot")})
        for actor, action, detail in records
    ]


def test_every_face_decides_audits_and_calls_the_hooks_alike(
    tmp_path: Path,
    echo_plugin: ModuleType,
    recorder: Recorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    faces: dict[str, Face] = {}
    runs = {
        "worker": lambda f: through_the_worker(f, recorder),
        "Worker.verify": lambda f: through_worker_verify(f, recorder),
        "Verify Application": lambda f: through_the_keyword(f, recorder),
        "WorkItems": lambda f: through_workitems(f, recorder, monkeypatch),
    }
    for name, run in runs.items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        (folder / "veribot.toml").write_text('[database]\nurl = "sqlite:///pool.db"\n')
        monkeypatch.setenv("VERIBOT_CONFIG", str(folder / "veribot.toml"))
        recorder.calls = []
        faces[name] = run(folder)

    worker = faces["worker"]
    assert worker.result.decision is not None
    assert worker.result.decision.value == "review"
    assert worker.result.reasons == ["GREYLIST_HIT"]
    assert [call[0] for call in worker.calls] == ["task_started", "run_task", "task_finished"]
    assert [action for _, action, _ in worker.records] == ["decision"]
    for name, face in faces.items():
        assert (face.result.decision, face.result.reasons) == (
            worker.result.decision,
            worker.result.reasons,
        ), name
        assert face.result.fields == worker.result.fields, name
        assert face.calls == worker.calls, name
        assert comparable(face.records) == comparable(worker.records), name
        bots = {detail["bot"] for _, _, detail in face.records}
        assert bots == {WORKITEMS_BOT if name == "WorkItems" else "echo"}, name
        inline = {detail.get("inline", False) for _, _, detail in face.records}
        assert inline == {name in ("Worker.verify", "Verify Application")}, name
