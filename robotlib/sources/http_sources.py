"""The ``http`` connector: the four registries behind a JSON API (the sandbox serves one).

The API (``docs/sources.md``): ``POST {url}/gov_identity/lookup`` and
``POST {url}/social_security/lookup`` with ``{"id_number": …}``, ``POST {url}/telecom/owner``
with ``{"phone": …}`` answer ``{"record": {…} | null}`` (the record's fields are the contract
CSV columns); ``POST {url}/blacklist/screen`` with ``{"id_number", "name", "birth_date"}``
answers ``{"hits": [{"entry": {…}, "rule", "score", "evidence": […]}]}``;
``POST {url}/blacklist/screen_company`` with ``{"uscc", "name"}`` answers the same for a
business; ``POST {url}/enterprise_registry/lookup`` with ``{"uscc": …}`` answers a record.
Personal data goes in bodies, never in URLs, so no access log holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from typing_extensions import override

from robotlib.config import SourceConfig
from robotlib.errors import SourceUnavailable
from robotlib.sources.base import (
    EnterpriseRegistrySource,
    GovIdentitySource,
    ScreeningSource,
    SocialSecuritySource,
    Source,
    TelecomSource,
)
from robotlib.sources.http_client import HttpClient
from robotlib.sources.http_settings import HttpSettings
from robotlib.sources.options import dataset_of, parse_options
from robotlib.sources.records import (
    EnterpriseRecord,
    GovIdentityRecord,
    ListHit,
    SocialSecurityRecord,
    TelecomRecord,
)
from robotlib.validation_errors import dotted, problems

RecordT = TypeVar("RecordT", bound=BaseModel)
AnswerT = TypeVar("AnswerT", bound=BaseModel)


class RecordAnswer(BaseModel):
    """``{"record": {…}}``, or ``{"record": null}`` when the registry has none; keys the
    record model does not know (an API that returns more) are left out."""

    record: dict[str, Any] | None


class ScreeningAnswer(BaseModel):
    """``{"hits": […]}``, best first."""

    hits: list[ListHit]


class HttpSource:
    """What the four HTTP sources share: the client and reading an answer."""

    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        self.client = HttpClient(name, settings, base_dir)

    def ask(self, path: str, body: dict[str, Any], answer: type[AnswerT]) -> AnswerT:
        """POST ``body`` to ``path`` and validate the answer as ``answer``.

        :raises SourceUnavailable: unreachable, refused, or an answer that is not ``answer``.
        """
        source = self.client.source
        response = self.client.post(path, body)
        if response.status_code != 200:
            hint = " (check auth_token)" if response.status_code in (401, 403) else ""
            raise SourceUnavailable(
                f"source {source!r}: POST {path} answered HTTP {response.status_code}{hint}"
            )
        return self._validated(path, lambda: answer.model_validate_json(response.content))

    def ask_record(self, path: str, body: dict[str, Any], model: type[RecordT]) -> RecordT | None:
        """The ``record`` of the answer as ``model``, None when the registry has none."""
        record = self.ask(path, body, RecordAnswer).record
        if record is None:
            return None
        known = {key: value for key, value in record.items() if key in model.model_fields}
        return self._validated(path, lambda: model.model_validate(known), "record.")

    def _validated(self, path: str, parse: Callable[[], AnswerT], prefix: str = "") -> AnswerT:
        try:
            return parse()
        except ValidationError as exc:
            first = problems(exc, where=lambda loc: prefix + dotted(loc), top="(body)")[0]
            raise SourceUnavailable(
                f"source {self.client.source!r}: malformed answer to POST {path}: {first}"
            ) from None


class HttpGovIdentity(HttpSource, GovIdentitySource):
    """The government identity registry over HTTP."""

    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        GovIdentitySource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    @override
    def lookup(self, id_number: str) -> GovIdentityRecord | None:
        body = {"id_number": id_number}
        return self.ask_record("gov_identity/lookup", body, GovIdentityRecord)


class HttpSocialSecurity(HttpSource, SocialSecuritySource):
    """The social-security registry over HTTP."""

    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        SocialSecuritySource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    @override
    def lookup(self, id_number: str) -> SocialSecurityRecord | None:
        body = {"id_number": id_number}
        return self.ask_record("social_security/lookup", body, SocialSecurityRecord)


class HttpScreening(HttpSource, ScreeningSource):
    """The black and grey lists over HTTP."""

    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        ScreeningSource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    @override
    def screen(self, id_number: str, name: str, birth_date: dt.date | None) -> list[ListHit]:
        body = {
            "id_number": id_number,
            "name": name,
            "birth_date": None if birth_date is None else birth_date.isoformat(),
        }
        return self.ask("blacklist/screen", body, ScreeningAnswer).hits

    @override
    def screen_company(self, uscc: str, name: str) -> list[ListHit]:
        body = {"uscc": uscc, "name": name}
        return self.ask("blacklist/screen_company", body, ScreeningAnswer).hits


class HttpTelecom(HttpSource, TelecomSource):
    """The telecom real-name registry over HTTP."""

    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        TelecomSource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    @override
    def owner(self, phone: str) -> TelecomRecord | None:
        return self.ask_record("telecom/owner", {"phone": phone}, TelecomRecord)


class HttpEnterpriseRegistry(HttpSource, EnterpriseRegistrySource):
    """The enterprise registry over HTTP."""

    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        EnterpriseRegistrySource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    @override
    def lookup(self, uscc: str) -> EnterpriseRecord | None:
        return self.ask_record("enterprise_registry/lookup", {"uscc": uscc}, EnterpriseRecord)


_KINDS: dict[
    str,
    type[
        HttpGovIdentity | HttpSocialSecurity | HttpScreening | HttpTelecom | HttpEnterpriseRegistry
    ],
] = {
    "gov_identity": HttpGovIdentity,
    "social_security": HttpSocialSecurity,
    "blacklist": HttpScreening,
    "telecom": HttpTelecom,
    "enterprise_registry": HttpEnterpriseRegistry,
}


def make_http_source(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """Factory for ``type = "http"`` (keys: ``robotlib.sources.http_settings``)."""
    dataset = dataset_of(name, config.options, "http")
    settings = parse_options(HttpSettings, name, config.model_dump(exclude={"path"}))
    return _KINDS[dataset](name, settings, base_dir)
