"""The recogniser's rival readings: from RapidOCR's per-step probabilities to each character."""

from __future__ import annotations

import numpy as np
import pytest

from robotlib.ocr.rapid import character_rivals
from robotlib.ocr.rapid_rivals import RIVAL_FLOOR, RivalLog, rivals_for, step_rivals

ALPHABET = ["blank", "或", "彧", "谭", "潭", "1", " "]


def steps(*rows: dict[str, float]) -> np.ndarray:
    """Per-step probabilities: the named characters get theirs, blank the rest."""
    probs = np.zeros((len(rows), len(ALPHABET)), dtype=np.float32)
    for step, row in enumerate(rows):
        for char, weight in row.items():
            probs[step, ALPHABET.index(char)] = weight
        probs[step, 0] = 1.0 - sum(row.values())
    return probs


def test_each_character_gets_its_runners_up_likeliest_first():
    probs = steps(
        {"谭": 0.9, "潭": 0.05},
        {},
        {"或": 0.97, "彧": 0.02, "1": 0.005},
    )
    rivals = step_rivals(probs, ALPHABET)
    assert rivals == (
        (("潭", pytest.approx(0.05)),),
        (("彧", pytest.approx(0.02)), ("1", pytest.approx(0.005))),
    )


def test_a_character_over_several_steps_is_one_and_its_rival_counts_at_its_strongest():
    probs = steps({"或": 0.99, "彧": 0.001}, {"或": 0.9, "彧": 0.08}, {"或": 0.95})
    assert step_rivals(probs, ALPHABET) == ((("彧", pytest.approx(0.08)),),)


def test_a_neighbours_reading_is_not_a_rival():
    # 谭 then 或 in adjacent steps: 或's steps are not 谭's place, and the reverse.
    probs = steps({"谭": 0.99}, {"或": 0.99})
    assert step_rivals(probs, ALPHABET) == ((), ())


def test_a_blank_step_beside_a_character_is_part_of_its_place():
    probs = steps({"blank": 0.0, "谭": 0.99}, {"彧": 0.3}, {"blank": 0.0, "或": 0.99})
    # The middle step is blank (0.7): both characters see 彧 there.
    rivals = step_rivals(probs, ALPHABET)
    assert [r[0][0] for r in rivals] == ["彧", "彧"]


def test_rivals_below_the_floor_are_noise_and_left_out():
    probs = steps({"或": 0.999, "彧": RIVAL_FLOOR / 2})
    assert step_rivals(probs, ALPHABET) == ((),)


def test_a_space_is_a_character_of_the_line_and_character_rivals_drop_it():
    probs = steps({"谭": 0.99}, {}, {" ": 0.9, "1": 0.1}, {}, {"或": 0.98, "彧": 0.02})
    rivals = step_rivals(probs, ALPHABET)
    assert len(rivals) == 3
    assert character_rivals("谭 或", rivals) == (rivals[0], rivals[2])
    assert character_rivals("谭或", rivals) == ()


def test_output_lines_find_their_recognised_crop_past_dropped_ones():
    a, b, c = ((("彧", 0.02),),), ((),), ((("潭", 0.1),),)
    recognised = [("或", 0.98, a), ("", 0.0, ()), ("1", 0.2, b), ("谭", 0.9, c)]
    # RapidOCR dropped the empty crop and the one under its score floor.
    assert rivals_for(recognised, ["或", "谭"], [0.98, 0.9]) == [a, c]


def test_a_line_not_recognised_gets_no_rivals_and_does_not_shift_the_rest():
    recognised = [("或", 0.98, ((("彧", 0.02),),)), ("谭", 0.9, ((),))]
    assert rivals_for(recognised, ["x", "谭"], [0.5, 0.9]) == [(), ((),)]


def test_the_log_is_emptied_when_taken():
    log = RivalLog([("或", 0.98, ())])
    assert log.take() == [("或", 0.98, ())]
    assert log.take() == []
