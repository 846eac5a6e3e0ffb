from robotlib.bot import BotOutcome
from robotlib.checks.registry_finding import registry_finding


def test_a_finding_asked_with_the_documents_key_is_judged() -> None:
    out = BotOutcome()
    registry_finding(out, "GOV_NOT_FOUND", "not registered", key_read=True, key="ID number")
    assert out.reasons == ["GOV_NOT_FOUND"]
    assert out.details == {"GOV_NOT_FOUND": "not registered"}


def test_a_finding_asked_with_the_forms_key_is_a_note_on_the_unread_document() -> None:
    out = BotOutcome()
    registry_finding(out, "GOV_NOT_FOUND", "not registered", key_read=False, key="ID number")
    assert out.reasons == ["OCR_UNREADABLE"]
    assert out.details["OCR_UNREADABLE"] == (
        "not registered, asked with the form's ID number as the document's was unread"
    )
