"""Open extension points: a plugin adds a dataset kind and a document type through the hooks
(tests/helpers/vehicle_plugin.py, no core file touched), and a bot using them decides
applications end to end through the ``csv`` source type; sources are typed, and a bot's
declared datasets are checked against veribot.toml when a worker starts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import robot
from pydantic import ValidationError

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config, OcrConfig, SourceConfig
from robotlib.datasets.registries import GOV_IDENTITY
from robotlib.documents.parsers import parser_for
from robotlib.errors import ConfigError, DatasetMismatch
from robotlib.intake.jsonl import read_jsonl
from robotlib.model import Application, Documents, TaskStatus
from robotlib.ocr.engine import OcrLine
from robotlib.plugins.host import get_bots, get_datasets, get_document_parsers
from robotlib.plugins.serving import bot_serving
from robotlib.sources.base import GovIdentitySource
from robotlib.sources.csv_sources import make_csv_source
from scheduler.pool import SqlitePool
from scheduler.submission import submit_records
from scheduler.worker import Worker
from tests.helpers import vehicle_plugin
from tests.helpers.plugins import registered
from tests.helpers.vehicle_plugin import (
    VehicleLoanBot,
    VehicleRegistrySource,
    VehicleStatus,
    write_document,
)
from tests.helpers.worker_tasks import FAST, NAME, NUMBER, drain

REPO = Path(__file__).resolve().parents[2]
OTHER_NUMBER = "11010519491231002X"
VEHICLES = (
    "plate,id_number,model,status\n粤B12345,{owner},比亚迪 秦,normal\n"
    "粤B54321,{other},大众 朗逸,stolen\n"
)


@pytest.fixture
def vehicles() -> Iterator[None]:
    with registered(vehicle_plugin, "vehicle-plugin"):
        yield


def vehicle_config(tmp_path: Path, dataset: str = "vehicle_registry") -> Config:
    registry = tmp_path / "vehicles.csv"
    registry.write_text(VEHICLES.format(owner=NUMBER, other=OTHER_NUMBER), encoding="utf-8")
    source = SourceConfig.model_validate(
        {"type": "csv", "path": "vehicles.csv", "dataset": dataset}
    )
    return Config(
        base_dir=tmp_path,
        sources={"vehicles": source},
        ocr=OcrConfig(engine=vehicle_plugin.ENGINE),
    )


def test_hook_register_datasets(tmp_path: Path, vehicles: None) -> None:
    kind = get_datasets()["vehicle_registry"]
    assert kind.columns == ("plate", "id_number", "model", "status")
    config = vehicle_config(tmp_path)
    source = make_csv_source("vehicles", config.sources["vehicles"], tmp_path)
    assert isinstance(source, VehicleRegistrySource)
    # the kind's key rule applies to the question: spaces, a middle dot, lower case
    record = source.lookup("粤b·123 45")
    assert record is not None
    assert record.id_number == NUMBER
    assert record.status is VehicleStatus.NORMAL
    assert source.lookup("粤B99999") is None


def test_a_dataset_kind_is_served_only_while_its_plugin_is_loaded(tmp_path: Path) -> None:
    config = vehicle_config(tmp_path)
    assert "vehicle_registry" not in get_datasets()
    with pytest.raises(ConfigError, match="dataset 'vehicle_registry' is unknown"):
        make_csv_source("vehicles", config.sources["vehicles"], tmp_path)


def test_hook_register_document_parsers(vehicles: None) -> None:
    assert get_document_parsers()[vehicle_plugin.DOCUMENT] is vehicle_plugin.parse_vehicle_licence
    box = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
    reading = parser_for(vehicle_plugin.DOCUMENT)([OcrLine("号牌号码 粤B12345", 0.9, box)])
    assert reading.fields == {"plate": "粤B12345"}
    documents = Documents.model_validate({vehicle_plugin.DOCUMENT: "licence.png"})
    assert dict(documents)[vehicle_plugin.DOCUMENT] == Path("licence.png")


def test_an_application_names_only_documents_a_parser_reads() -> None:
    with pytest.raises(
        ValidationError, match="no document parser is registered for vehicle_licence"
    ):
        Documents.model_validate({"vehicle_licence": "licence.png"})
    with pytest.raises(ConfigError, match="no document parser is registered for 'vehicle_licence'"):
        parser_for("vehicle_licence")


def write_applications(tmp_path: Path) -> Path:
    """Three car-loan applications by one applicant: own car, another's car, no licence."""
    write_document(tmp_path / "own.png", "中华人民共和国机动车行驶证\n号牌号码 粤B12345")
    write_document(tmp_path / "other.png", "中华人民共和国机动车行驶证\n号牌号码 粤B54321")
    applicant = {"name": NAME, "id_number": NUMBER}
    records = [
        {"ref": "CAR-1", "kind": "vehicle_loan", "applicant": applicant,
         "documents": {"vehicle_licence": "own.png"}},
        {"ref": "CAR-2", "kind": "vehicle_loan", "applicant": applicant,
         "documents": {"vehicle_licence": "other.png"}},
        {"ref": "CAR-3", "kind": "vehicle_loan", "applicant": applicant},
    ]  # fmt: skip
    path = tmp_path / "applications.jsonl"
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_plugin_bot_decides_with_its_dataset_and_document_end_to_end(
    tmp_path: Path, pool: SqlitePool, vehicles: None
) -> None:
    config = vehicle_config(tmp_path)
    report = read_jsonl(write_applications(tmp_path))
    assert report.errors == []
    bots = get_bots()
    submitted, refused = submit_records(pool, report.records, bots)
    assert refused == []
    assert submitted.submitted == ["CAR-1", "CAR-2", "CAR-3"]
    worker = Worker(config, pool, settings=FAST, bots={"vehicle_loan": bots["vehicle_loan"]})
    assert drain(worker) == 3
    results = {result.ref: result for result in pool.results()}
    decided = {ref: (r.decision, r.reasons) for ref, r in results.items()}
    assert decided == {
        "CAR-1": ("approve", []),
        "CAR-2": ("review", ["VEHICLE_NOT_OWNED"]),
        "CAR-3": ("review", ["DOC_MISSING"]),
    }


class WrongQuestionBot(Bot):
    """Asks the identity registry as if it were the vehicle registry."""

    name = "wrong_question"
    scopes: ClassVar[frozenset[str]] = frozenset({"source:gov_identity"})
    required_sources = ("gov_identity",)
    typed: ClassVar[bool] = True

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        if self.typed:
            ctx.source("gov_identity", VehicleRegistrySource).lookup("粤B12345")
        else:
            ctx.source("gov_identity").owner("13800138000")  # type: ignore[attr-defined]
        return BotOutcome()


class UntypedWrongQuestionBot(WrongQuestionBot):
    name = "untyped_wrong_question"
    typed = False


@pytest.mark.parametrize("bot", [WrongQuestionBot, UntypedWrongQuestionBot])
def test_a_question_for_another_dataset_is_dead_at_once_not_retried(
    tmp_path: Path, pool: SqlitePool, bot: type[Bot]
) -> None:
    (tmp_path / "gov.csv").write_text(",".join(GOV_IDENTITY.columns) + "\n", encoding="utf-8")
    config = Config(
        base_dir=tmp_path, sources={"gov_identity": SourceConfig(type="csv", path=Path("gov.csv"))}
    )
    application = Application.model_validate(
        {"ref": "W-1", "kind": bot.name, "applicant": {"name": NAME, "id_number": NUMBER}}
    )
    pool.submit([application], {bot.name: bot.scopes}, max_attempts=3)
    drain(Worker(config, pool, settings=FAST, bots={bot.name: bot}))
    [result] = pool.results()
    assert (result.status, result.attempts) == (TaskStatus.DEAD, 1), result
    assert result.error is not None, result
    assert "DatasetMismatch" in result.error, result.error


def test_a_typed_source_of_the_declared_dataset_answers_its_records(tmp_path: Path) -> None:
    gov = tmp_path / "gov.csv"
    gov.write_text(
        ",".join(GOV_IDENTITY.columns)
        + f"\n{NUMBER},{NAME},男,汉,1990-03-07,深圳市,深圳市公安局,2015-03-07,长期,normal\n",
        encoding="utf-8",
    )
    source = make_csv_source("gov_identity", SourceConfig(type="csv", path=gov), tmp_path)
    ctx = BotContext(
        bot_name="probe",
        scopes=frozenset({"source:gov_identity"}),
        sources={"gov_identity": source},
        ocr=None,
        ref="T-1",
    )
    record = ctx.source("gov_identity", GovIdentitySource).lookup(NUMBER)
    assert record is not None
    assert record.name == NAME
    with pytest.raises(
        DatasetMismatch, match=r"asks \[sources.gov_identity\] as a VehicleRegistrySource"
    ):
        ctx.source("gov_identity", VehicleRegistrySource)
    with pytest.raises(DatasetMismatch, match="looked up by id_number; asked with 2 value"):
        ctx.source("gov_identity", GovIdentitySource).lookup(NUMBER, NAME)


def test_a_worker_says_in_one_line_which_bot_lacks_which_dataset(
    tmp_path: Path, pool: SqlitePool, vehicles: None
) -> None:
    config = vehicle_config(tmp_path, dataset="gov_identity")
    serving = bot_serving(config, {"vehicle_loan": VehicleLoanBot})
    assert serving.unserved == {
        "vehicle_loan": 'needs [sources.vehicles] to serve dataset "vehicle_registry", not '
        '"gov_identity"'
    }
    with pytest.raises(ConfigError) as refused:
        Worker(config, pool, settings=FAST, bots={"vehicle_loan": VehicleLoanBot})
    message = str(refused.value)
    assert "\n" not in message
    assert "bot 'vehicle_loan' needs [sources.vehicles] to serve dataset" in message, message

    unconfigured = Config(base_dir=tmp_path)
    assert bot_serving(unconfigured, {"vehicle_loan": VehicleLoanBot}).unserved == {
        "vehicle_loan": 'needs [sources.vehicles] with dataset = "vehicle_registry" in '
        "veribot.toml (--config)"
    }


def test_a_dataset_no_plugin_registers_leaves_its_bot_unserved(tmp_path: Path) -> None:
    why = bot_serving(vehicle_config(tmp_path), {"vehicle_loan": VehicleLoanBot}).unserved
    assert why == {
        "vehicle_loan": "needs dataset 'vehicle_registry', which no loaded plugin registers"
    }


KEYWORD_SUITE = """*** Settings ***
Library    tests.helpers.vehicle_keywords.VehicleKeywords

*** Tasks ***
Read A Plate
    ${plate}=    Read Vehicle Plate    ${CURDIR}/own.png
    Should Be Equal    ${plate}    粤B12345

Refuse A Licence Without A Plate
    Run Keyword And Expect Error    blank.png: no plate could be read
    ...    Read Vehicle Plate    ${CURDIR}/blank.png
"""


def test_a_plugin_adds_robot_keywords_in_a_library_of_its_own(
    tmp_path: Path, vehicles: None
) -> None:
    write_document(tmp_path / "own.png", "号牌号码 粤B12345")
    write_document(tmp_path / "blank.png", "中华人民共和国机动车行驶证")
    suite = tmp_path / "vehicles.robot"
    suite.write_text(KEYWORD_SUITE, encoding="utf-8")
    with (tmp_path / "console.txt").open("w", encoding="utf-8") as console:
        failed = robot.run(
            str(suite),
            rpa=True,
            outputdir=str(tmp_path / "out"),
            stdout=console,
            pythonpath=[str(REPO)],
        )
    assert failed == 0, (tmp_path / "console.txt").read_text(encoding="utf-8")


def test_a_worker_refuses_to_start_on_a_dataset_no_plugin_registers(
    tmp_path: Path, pool: SqlitePool
) -> None:
    """Even for a bot that does not ask it: the table is wrong for every bot."""

    class Sourceless(Bot):
        name = "sourceless"

    config = vehicle_config(tmp_path)
    with pytest.raises(ConfigError, match=r"\[sources.vehicles\] dataset 'vehicle_registry' is"):
        Worker(config, pool, settings=FAST, bots={"sourceless": Sourceless})
