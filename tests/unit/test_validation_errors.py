"""Pydantic validation errors are spelled one way: ``where: what``, never the input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from robotlib.config import load_config
from robotlib.errors import ConfigError
from robotlib.validation_errors import Location, describe, dotted, problems

SECRET = "110101199003074514"
REPO = Path(__file__).resolve().parents[2]
#: a pydantic location joined by hand (``".".join(str(p) for p in err["loc"])``)
SPELLED_LOCATION = re.compile(r"\.join\(\s*str\((\w+)\) for \1 in [^)]*\bloc\b")


class Phone(BaseModel):
    number: int


class Person(BaseModel):
    phones: list[Phone]
    age: int


def error_of(data: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Person.model_validate(data)
    return caught.value


def test_a_location_is_a_dotted_name() -> None:
    assert dotted(("phones", 1, "number")) == "phones.1.number"
    assert dotted(()) == ""


def test_each_error_names_where_and_what_in_pydantic_order() -> None:
    found = problems(error_of({"phones": [{"number": 1}, {"number": SECRET + "x"}], "age": "x"}))
    assert [problem.split(":")[0] for problem in found] == ["phones.1.number", "age"], found
    assert all("valid integer" in problem for problem in found), found


def test_the_input_is_never_in_the_message() -> None:
    message = describe(error_of({"phones": [{"number": SECRET + "x"}], "age": SECRET + "y"}))
    assert SECRET not in message, message
    assert message.count("; ") == 1, message


def test_an_error_about_the_whole_value_is_named_by_top() -> None:
    assert problems(error_of("not a person")) == [
        "(top level): Input should be a valid dictionary or instance of Person"
    ]
    assert describe(error_of([]), top="(table)").startswith("(table): ")


def test_where_spells_the_location_as_the_caller_names_fields() -> None:
    def upper(loc: Location) -> str:
        return dotted(loc).upper()

    assert describe(error_of({"phones": [], "age": "x"}), where=upper).startswith("AGE: ")


def test_the_config_file_names_the_table_it_spells(tmp_path) -> None:
    config = tmp_path / "veribot.toml"
    config.write_text("[sources]\noutage_budget = 'many'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"invalid: sources\.outage_budget: ") as caught:
        load_config(config)
    assert "'many'" not in str(caught.value), caught.value


def test_no_other_module_spells_a_location_itself() -> None:
    assert SPELLED_LOCATION.search("'.'.join(str(p) for p in err['loc'])")
    own = REPO / "robotlib" / "validation_errors.py"
    spelled = [
        str(path.relative_to(REPO))
        for folder in ("robotlib", "bots", "scheduler")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path != own and SPELLED_LOCATION.search(path.read_text(encoding="utf-8"))
    ]
    assert spelled == [], f"use robotlib.validation_errors in {spelled}"
