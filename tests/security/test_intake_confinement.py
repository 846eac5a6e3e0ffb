"""Submitted document paths cannot pull other files into the pool.

Each attack is one record of a file whose other record is good: the attacking record is
refused with its line, field and reason, nothing of it reaches the pool, the good one is
submitted, and the exit status says that a record was refused. Every face is tried: JSONL,
CSV and Excel through ``veribot submit``, the ``Submit Applications`` and ``Verify
Application`` keywords, and the WorkItems adapter.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from RPA.Robocorp.WorkItems import WorkItems
from typer.testing import CliRunner

from robotlib.cli.app import app
from robotlib.config import load_config
from robotlib.errors import ConfigError
from robotlib.intake.confine import DocumentRefused, confine
from robotlib.library.errors import VeribotLibraryError
from robotlib.library.library import VeribotLibrary
from robotlib.model import Applicant, Application, Documents
from scheduler.pool import SqlitePool
from tests.helpers.keys import session_keyring

NAME, NUMBER = "张伟", "440305199003071236"
SECRET = b"SECRET-TOKEN-must-not-reach-the-pool"
#: over the default cap of [intake] max_document_mb (10); written sparse, so it costs nothing
OVER_CAP = 11 * 1024 * 1024


@dataclass(frozen=True)
class Intake:
    """An intake folder with one good photo, and files an attacker would point at."""

    root: Path
    config: Path
    #: a file outside the intake folder
    secret: Path

    @property
    def batch(self) -> Path:
        return self.root / "batch"

    def pool(self) -> SqlitePool:
        return SqlitePool(str(self.root / "pool.db"), keyring=session_keyring())


@pytest.fixture
def intake(tmp_path: Path) -> Intake:
    config = tmp_path / "veribot.toml"
    config.write_text('[database]\nurl = "sqlite:///pool.db"\n', encoding="utf-8")
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(SECRET)
    images = tmp_path / "batch" / "images"
    images.mkdir(parents=True)
    (images / "G-1-front.jpg").write_bytes(b"\xff\xd8good photo")
    (images / "link.jpg").symlink_to(secret)
    os.mkfifo(images / "fifo.jpg")
    with (images / "big.jpg").open("wb") as big:
        big.truncate(OVER_CAP)
    return Intake(tmp_path, config, secret)


#: attack -> (document path as written in the record, words of the reason given)
ATTACKS = {
    "absolute path": (lambda i: str(i.secret), "leads outside the intake folders"),
    "../ traversal": (lambda i: "../secret.jpg", "leads outside the intake folders"),
    "symlink out": (lambda i: "images/link.jpg", "leads outside the intake folders"),
    "/proc/self/environ": (lambda i: "/proc/self/environ", "leads outside the intake folders"),
    "/dev/zero": (lambda i: "/dev/zero", "leads outside the intake folders"),
    "FIFO": (lambda i: "images/fifo.jpg", "is not a regular file (a FIFO)"),
    "over the cap": (lambda i: "images/big.jpg", "is 11.0 MB, over the 10 MB cap"),
}


def rows(attack: str, intake: Intake) -> list[dict[str, str]]:
    """A good record and an attacking one."""
    path, _ = ATTACKS[attack]
    return [
        {"ref": "G-1", "name": NAME, "id": NUMBER, "front": "images/G-1-front.jpg"},
        {"ref": "B-1", "name": NAME, "id": NUMBER, "front": path(intake)},
    ]


def write_jsonl(intake: Intake, records: list[dict[str, str]]) -> Path:
    path = intake.batch / "apps.jsonl"
    lines = [
        json.dumps(
            {
                "ref": r["ref"],
                "applicant": {"name": r["name"], "id_number": r["id"]},
                "documents": {"id_front": r["front"]},
            },
            ensure_ascii=False,
        )
        for r in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = ["工号", "姓名", "身份证号码", "身份证正面"]


def write_csv(intake: Intake, records: list[dict[str, str]]) -> Path:
    path = intake.batch / "apps.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([r["ref"], r["name"], r["id"], r["front"]] for r in records)
    return path


def write_xlsx(intake: Intake, records: list[dict[str, str]]) -> Path:
    path = intake.batch / "apps.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for r in records:
        sheet.append([r["ref"], r["name"], r["id"], r["front"]])
    workbook.save(path)
    return path


#: face -> (writer, where the attacking record is, as errors name it)
FILES = {
    "jsonl": (write_jsonl, "line 2 (B-1): documents.id_front"),
    "csv": (write_csv, "row 3 (B-1): documents.id_front (column '身份证正面')"),
    "xlsx": (write_xlsx, "row 3 (B-1): documents.id_front (column '身份证正面')"),
}


def assert_only_the_good_record_is_in_the_pool(intake: Intake) -> None:
    with intake.pool() as pool:
        assert [r.ref for r in pool.results()] == ["G-1"]
        assert pool.documents("B-1") == {}
        assert pool.documents("G-1") == {"id_front": b"\xff\xd8good photo"}


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("face", FILES)
def test_submit_refuses_a_document_outside_the_intake(
    intake: Intake, face: str, attack: str
) -> None:
    write, where = FILES[face]
    path = write(intake, rows(attack, intake))

    result = CliRunner().invoke(app, ["--config", str(intake.config), "submit", str(path)])

    assert result.exit_code == 1, (face, attack, result.output)
    assert f"{where}: {ATTACKS[attack][1]}" in result.stderr, (face, attack, result.stderr)
    assert "submitted 1, duplicates 0, rejected 1" in result.stdout, (face, attack)
    # the reason never repeats the path (file names may carry personal data)
    assert "secret.jpg" not in result.stderr
    assert "environ" not in result.stderr
    assert_only_the_good_record_is_in_the_pool(intake)


def test_the_keyword_refuses_a_document_outside_the_intake(intake: Intake) -> None:
    path = write_csv(intake, rows("symlink out", intake))
    library = VeribotLibrary(config=intake.config)

    summary = library.run_keyword("submit_applications", [path], {})

    assert (summary.submitted, summary.rejected) == (1, 1)
    [error] = summary.errors
    assert (error.line, error.ref, error.field) == (3, "B-1", "documents.id_front")
    assert "leads outside the intake folders" in error.message
    assert_only_the_good_record_is_in_the_pool(intake)


def test_verify_application_refuses_a_document_outside_the_intake(intake: Intake) -> None:
    record = {
        "ref": "V-1",
        "applicant": {"name": NAME, "id_number": NUMBER},
        "documents": {"id_front": "/proc/self/environ"},
    }
    path = intake.batch / "one.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    library = VeribotLibrary(config=intake.config)

    with pytest.raises(VeribotLibraryError, match=r"documents\.id_front: leads outside"):
        library.run_keyword("verify_application", [path], {})


@pytest.fixture
def workitems(intake: Intake, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkItems]:
    """A task whose photo was missing at submission (so the pool holds no copy) and is then
    planted as a symlink to a file outside the intake folder; another that names a FIFO."""
    monkeypatch.setenv("VERIBOT_CONFIG", str(intake.config))
    monkeypatch.setenv("VERIBOT_WORKITEMS_KINDS", "personal_account")
    monkeypatch.setenv("RPA_WORKITEMS_ADAPTER", "robotlib.library.workitems_adapter.VeribotAdapter")
    planted = intake.batch / "images" / "W-1-front.jpg"
    with intake.pool() as pool:
        pool.submit(
            [
                Application(
                    ref=ref,
                    applicant=Applicant(name=NAME, id_number=NUMBER),
                    documents=Documents(id_front=front),
                )
                for ref, front in (("W-1", planted), ("W-2", intake.batch / "images/fifo.jpg"))
            ]
        )
    planted.symlink_to(intake.secret)
    return WorkItems(autoload=False)


def test_the_workitems_adapter_serves_no_file_outside_the_intake(workitems: WorkItems) -> None:
    for ref in ("W-1", "W-2"):
        assert workitems.get_input_work_item().id == ref
        assert workitems.list_work_item_files() == [], ref
        with pytest.raises(FileNotFoundError):
            workitems.get_work_item_file("id_front.jpg")
        workitems.release_input_work_item("DONE")


def test_intake_roots_and_the_cap_come_from_the_config(intake: Intake) -> None:
    scans = intake.root / "scans"
    scans.mkdir()
    (scans / "G-1-front.jpg").write_bytes(b"\xff\xd8good photo")
    intake.config.write_text(
        '[database]\nurl = "sqlite:///pool.db"\n'
        '[intake]\nroots = ["scans"]\nmax_document_mb = 0.5\n',
        encoding="utf-8",
    )
    path = write_jsonl(
        intake,
        [
            {"ref": "G-1", "name": NAME, "id": NUMBER, "front": str(scans / "G-1-front.jpg")},
            {"ref": "B-1", "name": NAME, "id": NUMBER, "front": "images/big.jpg"},
        ],
    )

    result = CliRunner().invoke(app, ["--config", str(intake.config), "submit", str(path)])

    assert result.exit_code == 1, result.output
    assert "line 2 (B-1): documents.id_front: is 11.0 MB, over the 0.5 MB cap" in result.stderr
    assert_only_the_good_record_is_in_the_pool(intake)


def test_the_cap_cannot_exceed_what_the_pool_copies(intake: Intake) -> None:
    intake.config.write_text("[intake]\nmax_document_mb = 51\n", encoding="utf-8")

    with pytest.raises(ConfigError) as refused:
        load_config(intake.config)

    assert "intake.max_document_mb: Input should be less than or equal to 50" in str(refused.value)


def test_the_pool_copies_neither_a_symlink_nor_a_fifo(intake: Intake) -> None:
    images = intake.batch / "images"
    with intake.pool() as pool:
        pool.submit(
            [
                Application(
                    ref="P-1",
                    applicant=Applicant(name=NAME, id_number=NUMBER),
                    documents=Documents(id_front=images / "link.jpg", id_back=images / "fifo.jpg"),
                )
            ]
        )

        assert pool.documents("P-1") == {}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["..", ".", "a", "b", "images", "/", "//"]), max_size=8))
def test_a_confined_path_never_leaves_its_root(parts: list[str]) -> None:
    root = Path("/srv/intake/batch")

    try:
        found = confine("/".join(parts), root, [root], 1)
    except DocumentRefused:
        return
    assert found.is_relative_to(root), parts
