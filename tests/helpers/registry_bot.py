"""A test bot, ``registry_checks``: the personal-account bot's registry checks on the
applicant's form (no OCR), so source tests run the real checks at little CPU cost."""

from __future__ import annotations

from typing import ClassVar

from bots.personal_account.registry_checks import check_registries
from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.checks.identity import Identity
from robotlib.model import Application
from robotlib.validation.idnumber import check_id_number

REGISTRIES = ("gov_identity", "social_security", "blacklist", "telecom")


class RegistryChecksBot(Bot):
    """The personal-account bot's registry checks, on the applicant's form (no OCR)."""

    name = "registry_checks"
    scopes: ClassVar[frozenset[str]] = frozenset(f"source:{name}" for name in REGISTRIES)
    required_sources = REGISTRIES

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        applicant = application.applicant
        number = applicant.id_number or ""
        birth = check_id_number(number).birth_date
        out = BotOutcome()
        check_registries(Identity(applicant.name, number, birth), applicant.phone, ctx, out)
        return out
