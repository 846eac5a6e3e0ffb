"""The ``credit_bureau`` and ``property_registry`` dataset plugins: their sandbox files are
written with every world (seeded, about its people and companies), read back through the
``csv`` source type, and served by the ``http`` type with no code of their own."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from robotlib.config import SourceConfig, load_config
from robotlib.datasets.credit_bureau import CreditBureauSource, CreditRecord
from robotlib.datasets.property_registry import (
    PropertyRecord,
    PropertyRegistrySource,
    PropertyStatus,
)
from robotlib.sandbox.world import plan_world
from robotlib.sources.csv_sources import make_csv_source
from robotlib.sources.csv_table import read_rows
from robotlib.sources.http_sources import make_http_source

TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("world")
    plan_world(60, 11, TODAY, merchants=6).write(folder)
    return folder


def test_the_world_has_both_files_named_in_its_config(world: Path) -> None:
    config = load_config(world / "veribot.toml")
    for name in ("credit_bureau", "property_registry"):
        assert config.sources[name].path == Path(f"{name}.csv"), name
        assert (world / f"{name}.csv").read_text(encoding="utf-8").startswith(
            {"credit_bureau": "subject,score,overdue_12m,open_loans,total_debt\n",
             "property_registry": "certificate,id_number,address,area_m2,status\n"}[name]
        )  # fmt: skip


def test_credit_files_are_about_the_worlds_people_and_companies(world: Path) -> None:
    credit, errors = read_rows(world / "credit_bureau.csv", CreditRecord)
    assert errors == []
    subjects = {row.subject for row in credit}
    ids = _column(world / "gov_identity.csv", "id_number")
    codes = _column(world / "enterprise_registry.csv", "uscc")
    assert subjects <= ids | codes
    assert subjects & ids
    assert subjects & codes
    assert len(subjects) == len(credit), "one file per subject"
    assert all(300 <= row.score <= 900 for row in credit)
    assert {row.overdue_12m == 0 for row in credit} == {True, False}


def test_property_titles_belong_to_the_worlds_people(world: Path) -> None:
    titles, errors = read_rows(world / "property_registry.csv", PropertyRecord)
    assert errors == []
    assert titles
    assert {title.id_number for title in titles} <= _column(world / "gov_identity.csv", "id_number")
    assert len({title.certificate for title in titles}) == len(titles)
    assert PropertyStatus.NORMAL in {title.status for title in titles}


def test_one_seed_one_world(world: Path, tmp_path: Path) -> None:
    plan_world(60, 11, TODAY, merchants=6).write(tmp_path)
    for name in ("credit_bureau.csv", "property_registry.csv"):
        assert (tmp_path / name).read_bytes() == (world / name).read_bytes(), name


def test_the_csv_type_serves_both_typed(world: Path) -> None:
    config = load_config(world / "veribot.toml")
    credit = make_csv_source("credit_bureau", config.sources["credit_bureau"], world)
    titles = make_csv_source("property_registry", config.sources["property_registry"], world)
    assert isinstance(credit, CreditBureauSource)
    assert isinstance(titles, PropertyRegistrySource)
    first_credit = next(iter(read_rows(world / "credit_bureau.csv", CreditRecord)[0]))
    # a credit code or identity number asked with spaces, dashes, a lower-case x
    asked = " ".join(first_credit.subject).lower()
    assert credit.lookup(asked) == first_credit
    first_title = read_rows(world / "property_registry.csv", PropertyRecord)[0][0]
    assert titles.lookup(first_title.certificate) == first_title
    assert titles.lookup("不动产权第20990000000号") is None


def _column(path: Path, column: str) -> set[str]:
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    at = header.split(",").index(column)
    return {row.split(",")[at] for row in rows}


class _Bureau(BaseHTTPRequestHandler):
    """``POST /api/credit_bureau/lookup``: one subject on file."""

    asked: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Bureau.asked.append({"path": self.path, **body})
        record = None
        if body.get("subject") == "91440300MA5F123452":
            record = {"subject": body["subject"], "score": 780, "overdue_12m": 0,
                      "open_loans": 1, "total_debt": "150000.00", "unknown_extra": 1}  # fmt: skip
        answer = json.dumps({"record": record}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def bureau() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Bureau)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/api"
    finally:
        server.shutdown()
        server.server_close()


def test_the_http_type_serves_a_plugin_dataset_by_its_key(bureau: str, tmp_path: Path) -> None:
    config = SourceConfig.model_validate({"type": "http", "url": bureau, "retries": 0})
    source = make_http_source("credit_bureau", config, tmp_path)
    assert isinstance(source, CreditBureauSource)
    record = source.lookup("91440300MA5F123452")
    assert record == CreditRecord(
        subject="91440300MA5F123452",
        score=780,
        overdue_12m=0,
        open_loans=1,
        total_debt=Decimal("150000.00"),
    )
    assert source.lookup("440305199003071236") is None
    assert _Bureau.asked[-1] == {
        "path": "/api/credit_bureau/lookup",
        "subject": "440305199003071236",
    }
