"""A rare given-name character read as its common look-alike is doubted, not passed on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD
from robotlib.documents.idcard import parse_front
from robotlib.documents.lookalikes import (
    LOOKALIKE,
    RIVAL_NAME_ODDS,
    given_name_counts,
    lookalike_factor,
    name_odds,
    text_rarity,
)
from robotlib.ocr.engine import Rivals
from tests.unit.test_idcard_parser import split_front


@pytest.mark.parametrize(
    ("char", "rarity"),
    [("或", 1), ("森", 1), ("淼", 2), ("韬", 2), ("彧", 3), ("瑤", 3), ("·", 0), ("A", 0)],
)
def test_text_rarity_follows_gb2312s_levels(char, rarity):
    assert text_rarity(char) == rarity


def test_the_name_table_counts_given_names():
    counts = given_name_counts()
    assert len(counts) > 9000
    # 淼 is given in names nearly half as often as 森, 哓 almost never beside 晓
    assert counts["淼"] > 0.3 * counts["森"]
    assert counts["哓"] < 0.001 * counts["晓"]


@pytest.mark.parametrize(
    ("char", "rival", "weight"),
    [
        ("或", "彧", 0.02123),  # 谭彧 read as 谭或 (bench, hard photo)
        ("森", "淼", 0.00173),  # 毛淼 read as 毛森
        ("异", "昇", 0.1522),  # 汤海昇 read as 汤海异
    ],
)
def test_misreads_seen_on_hard_photos_are_doubted(char, rival, weight):
    assert name_odds(char, ((rival, weight),)) >= RIVAL_NAME_ODDS


@pytest.mark.parametrize(
    ("char", "rival", "weight"),
    [
        ("超", "韬", 0.00334),  # 吕超 read right: 韬 is given, but far less often than 超
        ("晓", "哓", 0.00522),  # 陶晓凯 read right: 哓 is not a name character
        ("瑶", "瑤", 0.0046),  # a traditional form, which names almost never give
        ("祎", "伟", 0.3),  # a rival commoner in running text was not held down
    ],
)
def test_right_reads_with_rivals_are_not(char, rival, weight):
    assert name_odds(char, ((rival, weight),)) < RIVAL_NAME_ODDS


def test_a_rival_too_faint_is_not_doubt_even_for_a_name_character():
    assert name_odds("或", (("彧", 0.0002),)) < RIVAL_NAME_ODDS


def test_the_surname_is_not_weighed_by_given_names():
    # 佘 is a surname and hardly a given name; 余 read with 佘 beside it is not doubted there
    assert lookalike_factor("余或", [(("佘", 0.5),), ()]) == 1.0
    assert lookalike_factor("余或", [(), (("彧", 0.02),)]) == LOOKALIKE
    # a compound surname is skipped whole
    assert lookalike_factor("欧阳或", [(), (("阝", 0.5),), ()]) == 1.0


def test_a_transliterated_name_is_not_weighed_as_a_chosen_one():
    # 买买提·司马义 read right on a phone photo: 夭 beside 买 at 0.001 is no name's choice
    rivals = [(), (("头", 0.00097), ("夭", 0.00097)), (), (), (), (), ()]
    assert name_odds("买", rivals[1]) >= RIVAL_NAME_ODDS
    assert lookalike_factor("买买提·司马义", rivals) == 1.0


def test_no_rivals_or_rivals_that_do_not_pair_raise_no_doubt():
    assert lookalike_factor("谭或", []) == 1.0
    assert lookalike_factor("谭或", [(("彧", 0.02),)]) == 1.0


def with_name(name: str, rivals: tuple[Rivals, ...]) -> list:
    lines = split_front()
    lines[1] = replace(lines[1], text=name, char_rivals=rivals)
    return lines


def test_the_parser_doubts_a_sure_name_holding_a_look_alike():
    sure = parse_front(with_name("谭或", ((), ())))
    assert sure.fields["name"] == "谭或"
    assert sure.confidence["name"] >= CONFIDENCE_THRESHOLD
    doubted = parse_front(with_name("谭或", ((), (("彧", 0.02123), ("惑", 0.0001)))))
    assert doubted.fields["name"] == "谭或"
    assert doubted.confidence["name"] < CONFIDENCE_THRESHOLD
    assert doubted.confidence["name"] == pytest.approx(sure.confidence["name"] * LOOKALIKE)


def test_the_parser_keeps_a_sure_name_whose_rivals_are_no_names():
    reading = parse_front(with_name("孔瑶", ((("礼", 0.01),), (("瑤", 0.0046),))))
    assert reading.confidence["name"] >= CONFIDENCE_THRESHOLD
