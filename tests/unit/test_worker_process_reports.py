"""When a worker process sends its verdicts back: soon enough that its queue never runs dry."""

from __future__ import annotations

import threading
from multiprocessing import Pipe
from typing import cast

from robotlib.bot import BotContext
from robotlib.model import Decision, ResultRecord, Task, TaskStatus
from scheduler.execution import Decided, Verdict
from scheduler.handoff import Assigned, Ran, Stop
from scheduler.worker import Worker
from scheduler.worker_process import serve


class Context:
    """What ``serve`` reads of a bot's context: the audit trail (empty here)."""

    def __init__(self) -> None:
        self.audit: list[object] = []


class InstantWorker:
    """Decides each task at once (approve)."""

    def decide(self, task: Task) -> tuple[Verdict, BotContext]:
        result = ResultRecord(
            ref=task.ref, status=TaskStatus.DONE, decision=Decision.APPROVE, bot="echo"
        )
        return Decided(result, [], 0.0), cast(BotContext, Context())


def task(number: int) -> Task:
    return Task(number, f"A-{number}", "echo", "main", "normal", 1, "token", "{}")


def test_a_worker_reports_once_as_many_ran_as_still_wait() -> None:
    dispatcher, worker_end = Pipe()
    stop = threading.Event()
    # a long flush time: only the queue decides when the verdicts go back
    runner = threading.Thread(
        target=serve, args=(cast(Worker, InstantWorker()), worker_end, stop, 60.0)
    )
    dispatcher.send(Assigned([task(n) for n in range(1, 5)]))
    runner.start()

    reports: list[list[Ran]] = []
    while sum(len(report) for report in reports) < 4 and dispatcher.poll(10):
        reports.append(dispatcher.recv())
    dispatcher.send(Stop())
    runner.join(timeout=10)

    # half the queue run: reported while the other half runs, so the dispatcher refills it
    assert [[ran.task_id for ran in report] for report in reports] == [[1, 2], [3], [4]]
    assert not runner.is_alive()
