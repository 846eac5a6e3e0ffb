"""A bot's reason details reach the stored result record (real SQLite pool, the Worker role
in this process), and a record without details reads as before."""

from __future__ import annotations

from pathlib import Path

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config
from robotlib.model import Application, ReasonCode, ResultRecord
from scheduler.pool import SqlitePool
from scheduler.worker import Worker
from tests.helpers.worker_tasks import FAST, application, drain

WHY = "front: image is truncated or corrupt"


class ExplainingBot(Bot):
    """Refuses the front photo and says why."""

    name = "explaining"

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        out = BotOutcome()
        out.add(ReasonCode.DOC_INVALID, WHY)
        out.add(ReasonCode.DOC_INVALID, WHY)  # the same detail twice is kept once
        out.add(ReasonCode.DOC_INVALID, "back: file is empty")
        return out


def test_the_worker_stores_each_reason_with_why(tmp_path: Path, pool: SqlitePool) -> None:
    pool.submit([application("E-1", kind="explaining")])
    worker = Worker(
        Config(base_dir=tmp_path), pool, settings=FAST, bots={"explaining": ExplainingBot}
    )

    assert drain(worker) == 1

    [result] = pool.results()
    assert result.reasons == ["DOC_INVALID"]
    assert result.details == {"DOC_INVALID": f"{WHY}; back: file is empty"}


def test_a_record_stored_before_details_existed_still_reads() -> None:
    old = '{"ref": "SZ-1", "status": "done", "decision": "approve", "reasons": []}'
    assert ResultRecord.model_validate_json(old).details == {}
