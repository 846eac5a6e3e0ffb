"""``type = "portal"`` settings: where the web portal is, how to log in, what to click.

Selectors live in the config, so a portal redesign needs a config change, not a code change:

```toml
[sources.social_security]
type = "portal"
url = "http://127.0.0.1:8765/portal/"
username = "robot"
password_env = "PORTAL_PASSWORD"     # or password = "…"
timeout_seconds = 10                 # per page action
failures = "var/portal-failures"     # screenshot + HTML of a failed lookup
circuit_failures = 5                 # lookups in a row finding the portal down open the circuit
circuit_reset_seconds = 30           # then one trial lookup is let through
[sources.social_security.selectors]  # the defaults fit `veribot sandbox serve`
id_number = "#id_number"
```
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from robotlib.sources.circuit import CircuitSettings

CHROMIUM = "/usr/bin/chromium"
#: Chromium flags for a headless robot in a container: no sandbox (root), no GPU, nothing
#: fetched in the background
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class PortalSelectors(BaseModel):
    """Pages (relative to ``url``) and CSS selectors of the social-security portal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    login_page: str = "login"
    username: str = "#username"
    password: str = "#password"
    login_button: str = "#login"
    search_page: str = "search"
    id_number: str = "#id_number"
    search_button: str = "#search"
    #: one person field; ``{field}`` is name, insured, employer, housing_fund or city
    field: str = "#person td[data-field='{field}']"
    #: one contribution month of the history table (counted over every page)
    rows: str = "#contributions tbody tr"
    next_page: str = "#next"
    no_record: str = "#no-record"

    @field_validator("field")
    @classmethod
    def _has_placeholder(cls, value: str) -> str:
        if "{field}" not in value:
            raise ValueError("must contain {field}")
        return value


class PortalSettings(CircuitSettings):
    """The validated keys of one ``[sources.NAME]`` table of type ``portal``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str = "portal"
    dataset: str | None = None
    url: HttpUrl
    username: str = Field(min_length=1)
    password: str | None = None
    password_env: str | None = None
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    max_pages: int = Field(default=50, ge=1, le=10_000)
    #: ``fetch``: read further pages by fetching the next link's page in the browser (with
    #: the session) and parsing it, no rendering; ``click``: click the next link and wait
    #: for the page, for portals whose next link is not a plain link
    pagination: Literal["fetch", "click"] = "fetch"
    failures: Path = Path("var/portal-failures")
    executable_path: Path = Path(CHROMIUM)
    #: texts the portal uses for yes (insured, housing fund)
    yes: tuple[str, ...] = ("是", "有", "yes", "true", "y")
    selectors: PortalSelectors = Field(default_factory=PortalSelectors)

    @field_validator("dataset")
    @classmethod
    def _social_security_only(cls, value: str | None) -> str | None:
        if value not in (None, "social_security"):
            raise ValueError("the portal connector answers for social_security only")
        return value

    @model_validator(mode="after")
    def _one_password(self) -> PortalSettings:
        if (self.password is None) == (self.password_env is None):
            raise ValueError("set exactly one of password and password_env")
        return self

    def secret(self) -> str:
        """The password, read from the environment when ``password_env`` names it."""
        if self.password_env is not None:
            return os.environ.get(self.password_env, "")
        return self.password or ""

    def page_url(self, page: str) -> str:
        """The URL of ``page`` on the portal."""
        return str(self.url).rstrip("/") + "/" + page.lstrip("/")
