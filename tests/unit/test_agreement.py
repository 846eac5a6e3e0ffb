"""Agreement with a world's answers, overall and per bot in a mixed world."""

from __future__ import annotations

from robotlib.demo.agreement import Expected, compare, compare_by_bot
from robotlib.model import Decision, ResultRecord, TaskStatus

EXPECTED = {
    "SZ-1": Expected("SZ-1", Decision.APPROVE, frozenset()),
    "SZ-2": Expected("SZ-2", Decision.REVIEW, frozenset({"GREYLIST_HIT"})),
    "SZM-1": Expected("SZM-1", Decision.REJECT, frozenset({"ENTERPRISE_NOT_FOUND"})),
    "SZM-2": Expected("SZM-2", Decision.REVIEW, frozenset({"LEGAL_REP_MISMATCH"})),
    "SZM-3": Expected("SZM-3", Decision.APPROVE, frozenset()),
}


def result(ref: str, bot: str, decision: Decision, *reasons: str) -> ResultRecord:
    return ResultRecord(
        ref=ref, status=TaskStatus.DONE, decision=decision, reasons=list(reasons), bot=bot
    )


RESULTS = [
    result("SZ-1", "personal_account", Decision.APPROVE),
    result("SZ-2", "personal_account", Decision.REVIEW, "GREYLIST_HIT"),
    result("SZM-1", "merchant_account", Decision.REJECT, "ENTERPRISE_NOT_FOUND"),
    result("SZM-2", "merchant_account", Decision.APPROVE),
]


def test_each_bot_is_scored_apart_and_a_missing_result_is_counted() -> None:
    overall = compare(EXPECTED, RESULTS)
    assert (overall.total, overall.decisions_agree, overall.missing) == (5, 3, ["SZM-3"])
    by_bot = compare_by_bot(EXPECTED, RESULTS)
    assert sorted(by_bot) == ["(none)", "merchant_account", "personal_account"]
    personal, merchant = by_bot["personal_account"], by_bot["merchant_account"]
    assert (personal.total, personal.decisions_agree, personal.false_approvals) == (2, 2, [])
    assert (merchant.total, merchant.decisions_agree) == (2, 1)
    assert [d.ref for d in merchant.false_approvals] == ["SZM-2"]
    assert by_bot["(none)"].missing == ["SZM-3"]
