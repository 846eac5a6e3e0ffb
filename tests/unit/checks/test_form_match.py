"""The card against the form: FORM_MISMATCH exactly when a typed value differs."""

import pytest

from robotlib.bot import BotOutcome
from robotlib.checks.form_match import check_form
from robotlib.model import Applicant
from tests.unit.checks.test_id_card import CARD


@pytest.mark.parametrize(
    ("form", "mismatch"),
    [
        ({"name": "张伟", "id_number": "440305199003071236"}, False),
        ({"name": "张 伟", "id_number": "440305199003071236"}, False),
        ({"name": "张玮", "id_number": "440305199003071236"}, True),
        ({"name": "张伟", "id_number": "440305199003071244"}, True),
    ],
)
def test_form_against_card(form: dict[str, str], mismatch: bool) -> None:
    out = BotOutcome()
    check_form(CARD, Applicant(**form), out)
    assert (out.reasons == ["FORM_MISMATCH"]) is mismatch, form


def test_values_the_card_did_not_give_are_not_compared() -> None:
    out = BotOutcome()
    check_form({}, Applicant(name="张玮", id_number="440305199003071244"), out)
    assert out.reasons == []
