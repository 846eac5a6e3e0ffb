"""Built-in plugin: the registries of DESIGN.md the onboarding bots ask (government identity,
social security, block lists, telecom real-name, the enterprise registry)."""

from __future__ import annotations

from collections.abc import Callable

from robotlib.plugins.host import hookimpl
from robotlib.sources.base import (
    EnterpriseRegistrySource,
    GovIdentitySource,
    ScreeningSource,
    SocialSecuritySource,
    TelecomSource,
)
from robotlib.sources.csv_sources import make_csv_screening
from robotlib.sources.datasets import DatasetKind
from robotlib.sources.http_sources import make_http_screening
from robotlib.sources.records import (
    EnterpriseRecord,
    GovIdentityRecord,
    ListEntry,
    SocialSecurityRecord,
    TelecomRecord,
    id_number_key,
    phone_key,
    uscc_key,
)

GOV_IDENTITY = DatasetKind(
    "gov_identity",
    GovIdentityRecord,
    ("id_number",),
    id_number_key,
    interface=GovIdentitySource,
)
SOCIAL_SECURITY = DatasetKind(
    "social_security",
    SocialSecurityRecord,
    ("id_number",),
    id_number_key,
    interface=SocialSecuritySource,
)
TELECOM = DatasetKind(
    "telecom", TelecomRecord, ("phone",), phone_key, interface=TelecomSource, question="owner"
)
ENTERPRISE_REGISTRY = DatasetKind(
    "enterprise_registry",
    EnterpriseRecord,
    ("uscc",),
    uscc_key,
    interface=EnterpriseRegistrySource,
)
#: screened by number, by name and birth date (``robotlib.screening``), not looked up by key
BLACKLIST = DatasetKind(
    "blacklist",
    ListEntry,
    interface=ScreeningSource,
    connectors={"csv": make_csv_screening, "http": make_http_screening},
)

REGISTRIES = (GOV_IDENTITY, SOCIAL_SECURITY, BLACKLIST, TELECOM, ENTERPRISE_REGISTRY)


@hookimpl
def register_datasets(register: Callable[[DatasetKind], None]) -> None:
    for kind in REGISTRIES:
        register(kind)
