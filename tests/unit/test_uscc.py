"""The unified social credit code validator (python-stdnum cn.uscc underneath)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from robotlib.validation.uscc import check_uscc, with_check_character

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
REGIONS = ("110101", "440305", "650121", "310000", "540122")
bodies = st.tuples(
    st.sampled_from("159"),
    st.sampled_from("123"),
    st.sampled_from(REGIONS),
    st.text(ALPHABET, min_size=9, max_size=9),
).map("".join)


def test_a_known_valid_code():
    check = check_uscc("91110000600037341L")
    assert check.valid
    assert check.problem is None
    assert check.province == "北京市"


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91110000600037341M", "checksum"),
        ("9111000060003734", "format"),
        ("91110000600037341I", "format"),
        (with_check_character("91990000600037341"), "region code"),
    ],
)
def test_problems(code, problem):
    assert check_uscc(code).problem == problem, code


@given(bodies)
def test_property_any_code_with_its_check_character_validates(body):
    code = with_check_character(body)
    assert check_uscc(code).valid, code
    assert check_uscc(code.lower()).code == code


@given(bodies, st.integers(0, 17), st.integers(1, len(ALPHABET) - 1))
def test_property_any_single_character_change_is_caught(body, position, shift):
    code = with_check_character(body)
    changed_char = ALPHABET[(ALPHABET.index(code[position]) + shift) % len(ALPHABET)]
    changed = code[:position] + changed_char + code[position + 1 :]
    assert not check_uscc(changed).valid, changed
