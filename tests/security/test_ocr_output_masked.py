"""``veribot ocr --json`` shows names and identity numbers masked unless a holder of
``pii:read`` asks for them with ``--unmask``, and the audit log records who did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robotlib.documents.reading import Side
from robotlib.sandbox.photos.degrade import Level
from tests.helpers.cli_run import veribot
from tests.integration.test_ocr_cli_and_engines import CARD, photo

pytestmark = pytest.mark.ocr
NAME, NUMBER = str(CARD.name), str(CARD.id_number)


@pytest.fixture
def config(tmp_path: Path) -> str:
    """A veribot.toml with a SQLite pool, the installed plugins (the OCR engines) loaded."""
    path = tmp_path / "veribot.toml"
    path.write_text('[database]\nurl = "sqlite:///var/pool.db"\n', encoding="utf-8")
    return str(path)


def audit_actions(config: str) -> list[tuple[str, dict[str, object]]]:
    """The action and detail of every audit record, oldest first."""
    from robotlib.config import load_config
    from scheduler.audit_log import AuditLog
    from scheduler.pool import open_configured_pool

    with open_configured_pool(load_config(Path(config))) as pool:
        return [(e.action, json.loads(e.detail)) for e in AuditLog(pool).entries()]


def test_ocr_json_masks_the_name_and_number_by_default(tmp_path: Path) -> None:
    front = photo(tmp_path, Side.FRONT, Level.SCAN, 5)

    result = veribot("ocr", "--json", str(front))

    assert result.exit_code == 0, result.output
    fields = json.loads(result.stdout)["fields"]
    assert NAME not in result.stdout
    assert NUMBER not in result.stdout
    assert fields["id_number"] == "110101********0026"
    assert fields["name"] == NAME[0] + "**"
    assert fields["address"] == "北京市东城区******"
    assert fields["birth_date"] == CARD.birth_date  # what is not personal stays readable


def test_ocr_unmask_needs_pii_read_and_is_audited(tmp_path: Path, config: str) -> None:
    front = photo(tmp_path, Side.FRONT, Level.SCAN, 5)

    refused = veribot("--config", config, "ocr", "--json", "--unmask", "--as", "teller", str(front))
    assert refused.exit_code == 1
    assert refused.stdout == ""  # nothing read, nothing shown
    assert refused.stderr.count("\n") == 1
    assert "'teller' is not granted pii:read" in refused.stderr

    assert veribot("--config", config, "robots", "grant", "teller", "pii:read").exit_code == 0
    shown = veribot("--config", config, "ocr", "--json", "--unmask", "--as", "teller", str(front))
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["fields"]["id_number"] == NUMBER

    trail = [(a, d) for a, d in audit_actions(config) if d.get("scope") == "pii:read"]
    assert trail == [
        ("permission.denied", {"as": "teller", "scope": "pii:read", "command": "ocr", "images": 1}),
        ("export.unmasked", {"as": "teller", "scope": "pii:read", "command": "ocr", "images": 1}),
    ]
