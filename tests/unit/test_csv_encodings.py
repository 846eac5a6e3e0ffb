"""CSV files that are not UTF-8: read in the encoding named, GB18030 when recognised, else
refused with the encoding they look like; never read as the wrong characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from robotlib.cli.app import app
from robotlib.errors import InputError
from robotlib.intake import TableOptions, read_applications
from robotlib.library.library import VeribotLibrary

#: Traditional characters, as a Taiwan or Hong Kong employer's Excel saves them (Big5)
TAIWAN = (
    "Employee ID,Full Name,ID Card No.\n"
    "T-1,陳志明,440305199003071236\n"
    "T-2,林美玲,110105194912310029\n"
)
#: Simplified characters, as mainland Excel saves them (GBK, a subset of GB18030)
MAINLAND = "工号,姓名,身份证号码\nE-1,张伟,440305199003071236\nE-2,刘洋,110105194912310029\n"


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def names(path: Path, encoding: str | None = None) -> list[str]:
    report = read_applications(path, TableOptions(encoding=encoding))
    assert report.errors == [], report.errors
    return [app.applicant.name for app in report.applications]


def test_a_gbk_file_is_recognised_and_read(tmp_path: Path) -> None:
    path = write(tmp_path / "staff.csv", MAINLAND, "gbk")

    assert names(path) == ["张伟", "刘洋"]


def test_a_big5_file_is_refused_with_the_encoding_it_looks_like(tmp_path: Path) -> None:
    path = write(tmp_path / "staff.csv", TAIWAN, "big5")

    with pytest.raises(InputError) as refused:
        read_applications(path)

    assert str(refused.value) == (
        f"{path}: file is not UTF-8 (looks like Big5); pass --encoding big5"
    )


@pytest.mark.parametrize("encoding", ["big5", "cp950"])
def test_a_big5_file_is_read_in_the_encoding_named(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "staff.csv", TAIWAN, "big5")

    assert names(path, encoding) == ["陳志明", "林美玲"], encoding


def test_an_encoding_that_does_not_fit_names_the_byte_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "staff.csv", MAINLAND, "gbk")

    with pytest.raises(InputError) as refused:
        read_applications(path, TableOptions(encoding="utf-8"))

    assert str(refused.value) == (
        f"{path} is not utf-8 text (byte 0xb9 on line 1); check --encoding"
    )


def test_an_unknown_encoding_is_one_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path / "staff.csv", MAINLAND, "gbk")

    with pytest.raises(InputError, match="'klingon' is not an encoding Python knows"):
        read_applications(path, TableOptions(encoding="klingon"))


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "veribot.toml"
    path.write_text('[database]\nurl = "sqlite:///pool.db"\n', encoding="utf-8")
    return path


def test_submit_takes_encoding(tmp_path: Path, config: Path) -> None:
    path = write(tmp_path / "staff.csv", TAIWAN, "big5")
    veribot = ["--config", str(config), "submit", str(path)]

    refused = CliRunner().invoke(app, veribot)
    read = CliRunner().invoke(app, [*veribot, "--encoding", "big5"])

    assert refused.exit_code == 1
    assert "file is not UTF-8 (looks like Big5); pass --encoding big5" in refused.stderr
    assert "Traceback" not in refused.output
    assert read.exit_code == 0, read.output
    assert "submitted 2" in read.stdout


def test_the_keyword_takes_encoding(tmp_path: Path, config: Path) -> None:
    path = write(tmp_path / "staff.csv", TAIWAN, "big5")
    library = VeribotLibrary(config=config)

    summary = library.run_keyword("submit_applications", [path], {"encoding": "big5"})

    assert (summary.submitted, summary.rejected) == (2, 0)
