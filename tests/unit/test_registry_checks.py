"""Each registry reason code appears exactly when its condition holds (real CSV sources)."""

import datetime as dt
from pathlib import Path

import pytest
from loguru import logger

from bots.personal_account.registry_checks import check_registries
from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.identity import Identity
from robotlib.datasets import registries
from robotlib.errors import PermissionDenied
from robotlib.sources.base import Source
from robotlib.sources.csv_sources import CsvScreening, open_csv

PERSON = Identity(name="张伟", id_number="440305199003071236", birth_date=dt.date(1990, 3, 7))
PHONE = "13800138000"
GOV = (
    "id_number,name,sex,ethnicity,birth_date,address,issuing_authority,valid_from,valid_to,status\n"
    "{number},{name},男,汉,{birth},深圳市南山区,深圳市公安局,2015-03-07,2035-03-07,{status}\n"
)
SOCIAL = (
    "id_number,name,insured,employer,contribution_months,housing_fund,city\n"
    "{number},{name},true,深圳某公司,60,true,深圳\n"
)
LISTS = "list,level,id_number,name,birth_date,reason\n{rows}"
TELECOM = "phone,id_number,name\n13800138000,{number},{name}\n"

CLEAN = {
    "gov": {
        "number": "440305199003071236",
        "name": "张伟",
        "birth": "1990-03-07",
        "status": "normal",
    },
    "social": {"number": "440305199003071236", "name": "张伟"},
    "lists": {"rows": "pboc,black,110101198001011234,李四,1980-01-01,fraud\n"},
    "telecom": {"number": "440305199003071236", "name": "张伟"},
}


def registry_context(tmp_path: Path, **changes: dict[str, str]) -> BotContext:
    """A context whose four sources are CSV files of the ``CLEAN`` person with ``changes``."""
    values = {key: {**CLEAN[key], **changes.get(key, {})} for key in CLEAN}
    files = {
        "gov": GOV.format(**values["gov"]),
        "social": SOCIAL.format(**values["social"]),
        "lists": LISTS.format(**values["lists"]),
        "telecom": TELECOM.format(**values["telecom"]),
    }
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    sources: dict[str, Source] = {
        "gov_identity": open_csv(registries.GOV_IDENTITY, tmp_path / "gov.csv"),
        "social_security": open_csv(registries.SOCIAL_SECURITY, tmp_path / "social.csv"),
        "blacklist": CsvScreening("blacklist", tmp_path / "lists.csv"),
        "telecom": open_csv(registries.TELECOM, tmp_path / "telecom.csv"),
    }
    scopes = frozenset(f"source:{name}" for name in sources)
    return BotContext(bot_name="test", scopes=scopes, sources=sources, ocr=None, ref="T-1")


def run_checks(tmp_path: Path, **changes: dict[str, str]) -> BotOutcome:
    out = BotOutcome()
    check_registries(PERSON, PHONE, registry_context(tmp_path, **changes), out)
    return out


def test_clean_person_has_no_reasons(tmp_path: Path) -> None:
    out = run_checks(tmp_path)
    assert out.reasons == []
    assert out.recommendations == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"gov": {"number": "110101198001011234"}}, "GOV_NOT_FOUND"),
        ({"gov": {"status": "deceased"}}, "GOV_STATUS_INVALID"),
        ({"gov": {"status": "cancelled"}}, "GOV_STATUS_INVALID"),
        ({"gov": {"name": "张卫"}}, "GOV_MISMATCH"),
        ({"gov": {"birth": "1990-03-08"}}, "GOV_MISMATCH"),
        ({"social": {"name": "王芳"}}, "SOCIAL_MISMATCH"),
        ({"lists": {"rows": "pboc,black,440305199003071236,张伟,,fraud\n"}}, "BLACKLIST_HIT"),
        ({"lists": {"rows": "un,black,,ZHANG Wei,1990-03-07,sanctions\n"}}, "BLACKLIST_NAME_MATCH"),
        ({"lists": {"rows": "bank,grey,440305199003071236,张伟,,overdue\n"}}, "GREYLIST_HIT"),
        ({"lists": {"rows": "bank,grey,,张伟,1990-03-07,overdue\n"}}, "GREYLIST_HIT"),
        ({"telecom": {"number": "110101198001011234"}}, "PHONE_NOT_REAL_NAME"),
        ({"telecom": {"name": "李四"}}, "PHONE_NOT_REAL_NAME"),
    ],
)
def test_condition_gives_its_reason(
    tmp_path: Path, changes: dict[str, dict[str, str]], reason: str
) -> None:
    assert run_checks(tmp_path, **changes).reasons == [reason], changes


def test_decoy_with_another_birth_date_is_not_matched(tmp_path: Path) -> None:
    rows = "un,black,,ZHANG Wei,1985-06-01,sanctions\nbank,grey,,张伟,1991-03-07,overdue\n"
    assert run_checks(tmp_path, lists={"rows": rows}).reasons == []


def test_no_social_record_is_a_recommendation_not_a_reason(tmp_path: Path) -> None:
    out = run_checks(tmp_path, social={"number": "110101198001011234"})
    assert out.reasons == []
    assert out.recommendations == ["social_security_card"]


def test_a_source_outside_the_scopes_is_refused(tmp_path: Path) -> None:
    ctx = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T")
    with pytest.raises(PermissionDenied, match="source:gov_identity"):
        check_registries(PERSON, PHONE, ctx, BotOutcome())


def test_a_list_hit_is_logged_with_its_explanation_and_no_personal_data(tmp_path: Path) -> None:
    messages: list[str] = []
    sink = logger.add(lambda message: messages.append(str(message)), level="INFO")
    try:
        rows = "un,black,,ZHANG Wei,1990-03-07,sanctions\n"
        assert run_checks(tmp_path, lists={"rows": rows}).reasons == ["BLACKLIST_NAME_MATCH"]
    finally:
        logger.remove(sink)
    [line] = [m for m in messages if "list hit" in m]
    assert "name_pinyin score 0.95 on un (black list)" in line
    assert "birth date equal" in line
    assert "张" not in line
    assert "ZHANG" not in line
    assert "440305" not in line
