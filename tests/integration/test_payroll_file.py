"""A 5,000-row payroll workbook goes through `veribot submit`: every good row is submitted,
each malformed row is reported by row, ref, field and column (timings: bench/intake.py)."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from bots.personal_account.bot import PersonalAccountBot
from robotlib.cli.app import app
from robotlib.sandbox.payroll_inbox import ImagesAs, InboxSummary, write_inbox
from robotlib.sandbox.world import generate_world
from scheduler.pool import SqlitePool
from tests.helpers.batch_inbox import stub_photo, world_with_stub_photos
from tests.helpers.keys import session_keyring

ROWS = 5000


def submit(world: Path, inbox: InboxSummary, *options: str) -> Result:
    """``veribot submit`` of the inbox's file with its photos, in the world's pool."""
    config = str(world / "veribot.toml")
    command = ["-c", config, "submit", str(inbox.file), "--images", str(inbox.images)]
    return CliRunner().invoke(app, [*command, *options])


def test_a_5000_row_payroll_file_goes_through_around_bad_rows(tmp_path: Path) -> None:
    world = tmp_path / "world"
    generate_world(ROWS, 5, world, photos=False)
    inbox = write_inbox(world, tmp_path / "inbox", malformed=3, images_as=ImagesAs.FOLDER)
    report = tmp_path / "validation.xlsx"

    result = submit(world, inbox, "--report", str(report))

    assert result.exit_code == 1, result.output
    assert f"submitted {ROWS - 3}, duplicates 0, rejected 3" in result.stdout
    reported = re.findall(r"row (\d+) \(([A-Z]{2}-\d{6})\): applicant\.id_number", result.stderr)
    assert sorted(ref for _, ref in reported) == inbox.malformed
    assert all(int(row) >= 3 for row, _ in reported)  # data rows: below title and header
    sheet = load_workbook(report).active
    assert sheet is not None
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == inbox.malformed


def test_photos_in_a_zip_are_found_by_ref_and_sealed_into_the_pool(tmp_path: Path) -> None:
    world = tmp_path / "world"
    refs = world_with_stub_photos(world, 4, 3)
    inbox = write_inbox(world, tmp_path / "inbox", images_as=ImagesAs.ZIP)

    result = submit(world, inbox)

    assert result.exit_code == 0, result.output
    with SqlitePool(world / "veribot.db", keyring=session_keyring()) as pool:
        tasks = pool.claim("test", ["personal_account"], PersonalAccountBot.scopes, limit=10)
        sealed = {task.ref: pool.documents(task.ref) for task in tasks}
    assert sorted(t.ref for t in tasks) == sorted(refs)
    for task in tasks:
        front = task.application.documents.id_front
        assert front is not None
        assert front.name == f"{task.ref}-front.jpg"
        assert sealed[task.ref]["id_front"] == stub_photo(task.ref)
    # unpacked in the pool's private work folder, removed once sealed: none beside the zip
    assert not (tmp_path / "inbox" / "payroll-images").exists()
    assert list((world / "work").iterdir()) == []
