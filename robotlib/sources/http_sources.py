"""The ``http`` connector: the four registries behind a JSON API (the sandbox serves one).

The API (``docs/sources.md``): ``POST {url}/gov_identity/lookup`` and
``POST {url}/social_security/lookup`` with ``{"id_number": …}``, ``POST {url}/telecom/owner``
with ``{"phone": …}`` answer ``{"record": {…} | null}`` (the record's fields are the contract
CSV columns); ``POST {url}/blacklist/screen`` with ``{"id_number", "name", "birth_date"}``
answers ``{"hits": [{"entry": {…}, "rule", "score", "evidence": […]}]}``. Personal data goes in
bodies, never in URLs, so no access log holds it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from robotlib.config import SourceConfig
from robotlib.errors import SourceUnavailable
from robotlib.sources.base import (
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
    GovIdentityRecord,
    ListHit,
    SocialSecurityRecord,
    TelecomRecord,
)

RecordT = TypeVar("RecordT", bound=BaseModel)
AnswerT = TypeVar("AnswerT", bound=BaseModel)


class RecordAnswer(BaseModel, Generic[RecordT]):
    """``{"record": {…}}``, or ``{"record": null}`` when the registry has none."""

    record: RecordT | None


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
        try:
            return answer.model_validate_json(response.content)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(body)"
            raise SourceUnavailable(
                f"source {source!r}: malformed answer to POST {path}: {where}: {first['msg']}"
            ) from None


class HttpGovIdentity(HttpSource, GovIdentitySource):
    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        GovIdentitySource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    def lookup(self, id_number: str) -> GovIdentityRecord | None:
        body = {"id_number": id_number}
        return self.ask("gov_identity/lookup", body, RecordAnswer[GovIdentityRecord]).record


class HttpSocialSecurity(HttpSource, SocialSecuritySource):
    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        SocialSecuritySource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    def lookup(self, id_number: str) -> SocialSecurityRecord | None:
        body = {"id_number": id_number}
        return self.ask("social_security/lookup", body, RecordAnswer[SocialSecurityRecord]).record


class HttpScreening(HttpSource, ScreeningSource):
    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        ScreeningSource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    def screen(self, id_number: str, name: str, birth_date: dt.date | None) -> list[ListHit]:
        body = {
            "id_number": id_number,
            "name": name,
            "birth_date": None if birth_date is None else birth_date.isoformat(),
        }
        return self.ask("blacklist/screen", body, ScreeningAnswer).hits


class HttpTelecom(HttpSource, TelecomSource):
    def __init__(self, name: str, settings: HttpSettings, base_dir: Path) -> None:
        TelecomSource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)

    def owner(self, phone: str) -> TelecomRecord | None:
        return self.ask("telecom/owner", {"phone": phone}, RecordAnswer[TelecomRecord]).record


_KINDS: dict[str, type[HttpGovIdentity | HttpSocialSecurity | HttpScreening | HttpTelecom]] = {
    "gov_identity": HttpGovIdentity,
    "social_security": HttpSocialSecurity,
    "blacklist": HttpScreening,
    "telecom": HttpTelecom,
}


def make_http_source(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """Factory for ``type = "http"`` (keys: ``robotlib.sources.http_settings``)."""
    dataset = dataset_of(name, config.options, "http")
    settings = parse_options(HttpSettings, name, config.model_dump(exclude={"path"}))
    return _KINDS[dataset](name, settings, base_dir)
