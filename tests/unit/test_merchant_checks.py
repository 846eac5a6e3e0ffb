"""Each merchant reason code appears exactly when its condition holds: hand-made licence and
card fields (no OCR), real CSV registries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from loguru import logger

from bots.merchant_account.bot import MerchantAccountBot, check_merchant
from robotlib.bot import BotContext, BotOutcome
from robotlib.datasets.registries import ENTERPRISE_REGISTRY, GOV_IDENTITY
from robotlib.errors import SourceUnavailable
from robotlib.model import Applicant, Business, Decision, DecisionPolicy
from robotlib.sources.base import ScreeningSource, Source
from robotlib.sources.csv_sources import CsvScreening, open_csv
from robotlib.validation.uscc import with_check_character
from tests.unit.checks.test_id_card import CARD as PERSON_CARD
from tests.unit.checks.test_id_card import TODAY

CODE = with_check_character("91440300MA5F12345")
OTHER_CODE = with_check_character("91110105MA0012345")
COMPANY = "深圳华创智联科技有限公司"
LICENCE = {
    "uscc": CODE,
    "name": COMPANY,
    "type": "有限责任公司",
    "legal_representative": "张伟",
    "registered_capital": "伍佰万元整",
    "established": "2015-03-07",
    "address": "广东省深圳市南山区科技园路88号",
}
#: the personal account's clean card, with its back side
CARD = {**PERSON_CARD, "issuing_authority": "深圳市公安局南山分局"}
APPLICANT = Applicant(name="张伟", id_number="440305199003071236")
FORM = Business(uscc=CODE, name=COMPANY)
GOV = (
    "id_number,name,sex,ethnicity,birth_date,address,issuing_authority,valid_from,valid_to,status\n"
    "440305199003071236,张伟,男,汉,1990-03-07,深圳市南山区,深圳市公安局,2020-05-01,2040-05-01,"
    "normal\n"
)
ENTERPRISE_HEADER = (
    "uscc,name,type,legal_representative,registered_capital,established,address,status\n"
)
ENTERPRISE = "{uscc},{name},有限责任公司,{rep},伍佰万元整,2015-03-07,深圳市南山区,{status}\n"
CLEAN_ENTERPRISE = {"uscc": CODE, "name": COMPANY, "rep": "张伟", "status": "normal"}
LISTS = "list,level,id_number,name,birth_date,reason,entity\n{rows}"
UNRELATED = "pboc,black,110101198001011234,李四,1980-01-01,fraud,\n"


def run(
    tmp_path: Path,
    *,
    licence: dict[str, str] | None = None,
    card: dict[str, str] | None = None,
    form: Business = FORM,
    enterprise: dict[str, str] | None = None,
    registered: bool = True,
    lists: str = UNRELATED,
) -> BotOutcome:
    (tmp_path / "gov.csv").write_text(GOV, encoding="utf-8")
    row = ENTERPRISE.format(**{**CLEAN_ENTERPRISE, **(enterprise or {})}) if registered else ""
    (tmp_path / "ent.csv").write_text(ENTERPRISE_HEADER + row, encoding="utf-8")
    (tmp_path / "lists.csv").write_text(LISTS.format(rows=lists), encoding="utf-8")
    sources: dict[str, Source] = {
        "gov_identity": open_csv(GOV_IDENTITY, tmp_path / "gov.csv"),
        "enterprise_registry": open_csv(ENTERPRISE_REGISTRY, tmp_path / "ent.csv"),
        "blacklist": CsvScreening("blacklist", tmp_path / "lists.csv"),
    }
    ctx = BotContext(
        bot_name="merchant_account",
        scopes=MerchantAccountBot.scopes,
        sources=sources,
        ocr=None,
        ref="M-1",
    )
    out = BotOutcome()
    check_merchant(
        LICENCE if licence is None else licence,
        CARD if card is None else card,
        APPLICANT,
        form,
        ctx,
        out,
        TODAY,
    )
    return out


def test_a_clean_merchant_has_no_reasons_and_is_approved(tmp_path: Path) -> None:
    out = run(tmp_path)
    assert out.reasons == []
    assert DecisionPolicy().decide(out.reasons) is Decision.APPROVE
    assert out.fields.name == "张伟"
    assert out.risk_score is not None
    assert out.risk_score < 0.05


@pytest.mark.parametrize(
    ("change", "reasons", "decision"),
    [
        ({"enterprise": {"status": "revoked"}}, ["ENTERPRISE_STATUS_INVALID"], "reject"),
        ({"enterprise": {"status": "Cancelled"}}, ["ENTERPRISE_STATUS_INVALID"], "reject"),
        ({"enterprise": {"status": "abnormal"}}, ["ENTERPRISE_ABNORMAL"], "review"),
        ({"registered": False}, ["ENTERPRISE_NOT_FOUND"], "reject"),
        ({"enterprise": {"rep": "张卫"}}, ["ENTERPRISE_MISMATCH"], "reject"),
        (
            {"enterprise": {"name": "深圳华创智联信息技术有限公司"}},
            ["ENTERPRISE_MISMATCH"],
            "reject",
        ),
        (
            {"form": Business(uscc=CODE[:-1] + ("0" if CODE[-1] != "0" else "1"), name=COMPANY)},
            ["USCC_INVALID", "FORM_MISMATCH"],
            "review",
        ),
        (
            {"form": Business(uscc=CODE, name="深圳华创智达科技有限公司")},
            ["FORM_MISMATCH"],
            "review",
        ),
        (
            {"licence": {**LICENCE, "legal_representative": "王芳"}},
            ["LEGAL_REP_MISMATCH", "ENTERPRISE_MISMATCH"],
            "reject",
        ),
        (
            {"licence": {**LICENCE, "legal_representative": "王芳"}, "enterprise": {"rep": "王芳"}},
            ["LEGAL_REP_MISMATCH"],
            "review",
        ),
        (
            {"lists": f"fraud_merchants,black,,{COMPANY},,套现,company\n"},
            ["COMPANY_BLACKLIST_HIT"],
            "reject",
        ),
        (
            {"lists": f"fraud_merchants,black,{CODE},深圳旧名称有限公司,,套现,company\n"},
            ["COMPANY_BLACKLIST_HIT"],
            "reject",
        ),
        (
            {"lists": "merchant_watch,grey,,深圳華創智聯科技有限公司,,异常,COMPANY\n"},
            ["COMPANY_GREYLIST_HIT"],
            "review",
        ),
        (
            {"lists": "pboc,black,440305199003071236,张伟,,fraud,\n"},
            ["BLACKLIST_HIT"],
            "reject",
        ),
        (
            {"card": {**CARD, "valid_from": "2015-05-01", "valid_to": "2025-05-01"}},
            ["ID_EXPIRED"],
            "reject",
        ),
    ],
    ids=lambda value: str(value)[:40],
)
def test_condition_gives_its_reasons_and_decision(
    tmp_path: Path, change: dict[str, object], reasons: list[str], decision: str
) -> None:
    out = run(tmp_path, **change)  # type: ignore[arg-type]
    assert out.reasons == reasons, change
    assert DecisionPolicy().decide(out.reasons) == decision, change


def test_a_person_entry_with_the_company_name_is_not_a_company_hit(tmp_path: Path) -> None:
    rows = f"pboc,black,,{COMPANY},1990-03-07,fraud,person\n"
    assert run(tmp_path, lists=rows).reasons == []


def test_an_unread_licence_field_falls_back_to_the_form_without_guessing(tmp_path: Path) -> None:
    licence = {k: v for k, v in LICENCE.items() if k not in ("uscc", "name")}
    # the reading step adds OCR_UNREADABLE; the checks ask the registries about the form's code
    assert run(tmp_path, licence=licence).reasons == []
    # ...but a typo in the form's code is no reject: the registry was not asked about the licence
    out = run(tmp_path, licence=licence, registered=False)
    assert out.reasons == ["OCR_UNREADABLE"], out.reasons
    assert DecisionPolicy().decide(out.reasons) is Decision.REVIEW
    assert "form's credit code" in out.details["OCR_UNREADABLE"], out.details


def test_an_unread_card_name_is_not_judged_as_the_legal_representative(tmp_path: Path) -> None:
    licence = {k: v for k, v in LICENCE.items() if k != "legal_representative"}
    card = {k: v for k, v in CARD.items() if k != "name"}
    out = run(tmp_path, licence=licence, card=card, enterprise={"rep": "张卫"})
    assert "ENTERPRISE_MISMATCH" not in out.reasons, out.reasons
    assert DecisionPolicy().decide(out.reasons) is not Decision.REJECT


def test_a_screening_connector_without_company_support_is_unavailable(tmp_path: Path) -> None:
    class PersonsOnly(ScreeningSource):
        def screen(self, id_number: str, name: str, birth_date: dt.date | None) -> list:  # type: ignore[type-arg]
            return []

    with pytest.raises(SourceUnavailable, match="cannot screen businesses"):
        PersonsOnly("blacklist").screen_company(CODE, COMPANY)


def test_company_hits_are_logged_without_the_company_or_person(tmp_path: Path) -> None:
    messages: list[str] = []
    sink = logger.add(lambda message: messages.append(str(message)), level="INFO")
    try:
        run(tmp_path, lists=f"fraud_merchants,black,{CODE},某公司,,套现,company\n")
    finally:
        logger.remove(sink)
    [line] = [m for m in messages if "company list hit" in m]
    assert "uscc score 1.00 on fraud_merchants (black list)" in line
    assert CODE not in line
    assert COMPANY not in line
    assert "张伟" not in line
