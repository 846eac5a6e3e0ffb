"""The ``http`` connector: the registries behind a JSON API (the sandbox serves one).

The API (``docs/sources.md``): a dataset looked up by key is asked
``POST {url}/{dataset}/{question}`` with its key fields (``gov_identity/lookup`` and
``social_security/lookup`` with ``{"id_number": …}``, ``telecom/owner`` with ``{"phone": …}``,
``enterprise_registry/lookup`` with ``{"uscc": …}``) and answers ``{"record": {…} | null}``
(the record's fields are the contract CSV columns); ``POST {url}/blacklist/screen`` with
``{"id_number", "name", "birth_date"}`` answers
``{"hits": [{"entry": {…}, "rule", "score", "evidence": […]}]}``;
``POST {url}/blacklist/screen_company`` with ``{"uscc", "name"}`` answers the same for a
business. Personal data goes in bodies, never in URLs, so no access log holds it.
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
from robotlib.sources.base import RecordSource, ScreeningSource, Source
from robotlib.sources.datasets import DatasetKind, dataset_kind, keyed, typed_connector
from robotlib.sources.http_client import HttpClient
from robotlib.sources.http_settings import HttpSettings
from robotlib.sources.options import parse_options
from robotlib.sources.records import ListHit
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
    """What the HTTP sources share: the client and reading an answer."""

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


class HttpRecords(HttpSource, RecordSource[Any]):
    """A dataset looked up by key: ``POST {url}/{dataset}/{question}`` with the key fields."""

    def __init__(
        self, name: str, settings: HttpSettings, base_dir: Path, kind: DatasetKind
    ) -> None:
        RecordSource.__init__(self, name)
        HttpSource.__init__(self, name, settings, base_dir)
        self.kind = kind

    @override
    def lookup(self, *key: str) -> Any:
        self.kind.key(key)
        body = dict(zip(self.kind.keys, key, strict=True))
        return self.ask_record(f"{self.kind.name}/{self.kind.question}", body, self.kind.record)


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


def make_http_screening(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """The ``http`` connector of a block list."""
    return HttpScreening(name, http_settings(name, config), base_dir)


def http_settings(name: str, config: SourceConfig) -> HttpSettings:
    """The validated keys of the ``http`` source ``name``."""
    return parse_options(HttpSettings, name, config.model_dump(exclude={"path"}))


def make_http_source(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """Factory for ``type = "http"`` (keys: ``robotlib.sources.http_settings``)."""
    kind = dataset_kind(name, config.options, "http")
    connector = kind.connectors.get("http")
    if connector is not None:
        return connector(name, config, base_dir)
    typed = typed_connector(HttpRecords, keyed(name, kind, "http"))
    source: Source = typed(name, http_settings(name, config), base_dir, kind)
    return source
