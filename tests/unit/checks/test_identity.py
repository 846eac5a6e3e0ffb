import datetime as dt

from robotlib.checks.identity import Identity
from robotlib.model import Applicant

APPLICANT = Applicant(name="张伟", id_number="440305199003071236")
BIRTH = dt.date(1990, 3, 7)


def test_card_values_win_and_count_as_read() -> None:
    card = {"name": "张卫", "id_number": "11010519491231002x", "birth_date": "1949-12-31"}
    person = Identity.from_card(card, APPLICANT, BIRTH)
    assert person == Identity("张卫", "11010519491231002X", dt.date(1949, 12, 31), True, True)


def test_the_form_fills_what_the_card_did_not_give_marked_unread() -> None:
    person = Identity.from_card({}, APPLICANT, BIRTH)
    assert (person.name, person.id_number, person.birth_date) == (
        "张伟",
        APPLICANT.id_number,
        BIRTH,
    )
    assert not person.name_read
    assert not person.number_read
