from robotlib.checks.risk_score import BASELINE, UNKNOWN_WEIGHT, risk_score


def test_nothing_found_scores_the_baseline() -> None:
    assert risk_score([]) == BASELINE


def test_a_serious_reason_scores_higher_than_a_mild_one() -> None:
    assert risk_score(["BLACKLIST_HIT"]) > risk_score(["GREYLIST_HIT"]) > risk_score([])


def test_reasons_combine_as_independent_chances() -> None:
    one = risk_score(["GREYLIST_HIT"])
    assert risk_score(["GREYLIST_HIT", "FORM_MISMATCH"]) > one
    assert risk_score(["GREYLIST_HIT", "FORM_MISMATCH"]) < 1.0


def test_a_bots_own_weights_are_used_and_unknown_codes_weigh_the_default() -> None:
    assert risk_score(["OWN_CODE"]) == round(1 - (1 - BASELINE) * (1 - UNKNOWN_WEIGHT), 3)
    assert risk_score(["OWN_CODE"], {"OWN_CODE": 0.9}) == round(1 - (1 - BASELINE) * 0.1, 3)
