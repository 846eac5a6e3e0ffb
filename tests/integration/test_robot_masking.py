"""Robot Framework output with the masking listener holds no unmasked personal data."""

from __future__ import annotations

import json
from pathlib import Path

import robot

NAME, NUMBER, PHONE, ADDRESS = (
    "欧阳娜娜",
    "11010519491231002X",
    "13912345678",
    "北京市西城区金融大街1号",
)
RECORD = json.dumps(
    {"name": NAME, "id_number": NUMBER, "phone": PHONE, "address": ADDRESS}, ensure_ascii=False
)
#: stands for the veribot keyword library: it registers what it reads
LIBRARY = f"""
import json
from robotlib.masking import register_personal_values

def read_applicant():
    record = json.loads({RECORD!r})
    register_personal_values(names=[record["name"]], addresses=[record["address"]])
    return record
"""
SUITE = f"""*** Settings ***
Library    Collections
Library    applicants.py

*** Tasks ***
Handle An Application
    ${{record}}=    Read Applicant
    Log    ${{record}}[name] ${{record}}[id_number] ${{record}}[phone] ${{record}}[address]
    ${{name}}=    Get From Dictionary    ${{record}}    name
    Log    ${{record}}
    Should Be Equal    ${{record}}[phone]    {PHONE}

Fail On An Application
    Fail    no match for {{"name": "{NAME}", "id_number": "{NUMBER}"}}
"""


def run(tmp_path: Path, *listeners: str) -> str:
    suite = tmp_path / "pii.robot"
    suite.write_text(SUITE, encoding="utf-8")
    (tmp_path / "applicants.py").write_text(LIBRARY, encoding="utf-8")
    out = tmp_path / "out"
    robot.run(
        str(suite),
        rpa=True,
        outputdir=str(out),
        listener=list(listeners),
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - closed with the process
        loglevel="TRACE",
        pythonpath=[str(tmp_path)],
    )
    return "".join(
        (out / name).read_text("utf-8") for name in ("output.xml", "log.html", "report.html")
    )


def test_without_the_listener_robot_framework_writes_personal_data(tmp_path: Path) -> None:
    written = run(tmp_path)
    # the control: the suite does leak without it
    assert NAME in written
    assert NUMBER in written
    assert PHONE in written
    assert ADDRESS in written


def test_with_the_listener_every_output_file_is_masked(tmp_path: Path) -> None:
    written = run(tmp_path, "robotlib.library.masking_listener.MaskingListener")

    for secret in (NAME, NUMBER, PHONE, ADDRESS):
        assert secret not in written, secret
    assert "110105********002X" in written
    assert "139****5678" in written
    assert "欧***" in written
