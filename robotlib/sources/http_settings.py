"""``type = "http"`` settings: where the registry API is and how hard to try.

```toml
[sources.gov_identity]
type = "http"
url = "https://registry.example/api/v1"   # the API's base URL
timeout_seconds = 2.0         # per attempt (connect, read, write, pool)
retries = 2                   # further attempts after a timeout, a transport error or a 5xx
backoff_seconds = 0.2         # first back-off; doubles each retry, with full jitter
backoff_max_seconds = 2.0
rate_limit = "50/second"      # at most this many requests (limits' syntax: N/second|minute)
max_concurrency = 4           # requests in flight at once from this process
circuit_failures = 5          # consecutive failed requests that open the circuit
circuit_reset_seconds = 30.0  # then one trial request is let through
auth_header = "Authorization" # sent with auth_token, or the token in $auth_token_env
auth_token_env = "REGISTRY_TOKEN"
client_cert = "certs/veribot.pem"  # mutual TLS (relative paths: the config file's folder)
client_key = "certs/veribot.key"
ca_bundle = "certs/registry-ca.pem"
```
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path

import httpx
from limits import RateLimitItem, parse
from pydantic import ConfigDict, Field, HttpUrl, field_validator, model_validator

from robotlib.sources.circuit import CircuitSettings


class HttpSettings(CircuitSettings):
    """The validated keys of one ``[sources.NAME]`` table of type ``http``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str = "http"
    #: the registered dataset kind served (checked when the source is built); default: the name
    dataset: str | None = None
    url: HttpUrl
    timeout_seconds: float = Field(default=2.0, gt=0, le=300)
    retries: int = Field(default=2, ge=0, le=10)
    backoff_seconds: float = Field(default=0.2, ge=0, le=60)
    backoff_max_seconds: float = Field(default=2.0, ge=0, le=600)
    rate_limit: str | None = None
    max_concurrency: int = Field(default=4, ge=1, le=256)
    auth_header: str = "Authorization"
    auth_token: str | None = None
    auth_token_env: str | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_bundle: Path | None = None

    @field_validator("rate_limit")
    @classmethod
    def _rate(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse(value)
            except ValueError:
                raise ValueError("must read like '50/second' or '600/minute'") from None
        return value

    @model_validator(mode="after")
    def _key_needs_cert(self) -> HttpSettings:
        if self.client_key is not None and self.client_cert is None:
            raise ValueError("client_key needs client_cert")
        if self.auth_token_env is not None and self.auth_token is not None:
            raise ValueError("set auth_token or auth_token_env, not both")
        return self

    def rate_item(self) -> RateLimitItem | None:
        """The ``rate_limit`` as a limits item, None when unlimited."""
        return None if self.rate_limit is None else parse(self.rate_limit)

    def token(self) -> str | None:
        """The auth token, read from the environment when ``auth_token_env`` names it."""
        if self.auth_token_env is not None:
            return os.environ.get(self.auth_token_env)
        return self.auth_token

    def client(self, base_dir: Path) -> httpx.Client:
        """An ``httpx.Client`` for these settings (``base_dir``: relative certificate paths)."""
        headers = {}
        token = self.token()
        if token:
            headers[self.auth_header] = token
        tls = self.client_cert is not None or self.ca_bundle is not None
        return httpx.Client(
            base_url=str(self.url).rstrip("/") + "/",
            timeout=httpx.Timeout(self.timeout_seconds),
            headers=headers,
            limits=httpx.Limits(max_connections=self.max_concurrency),
            verify=self.ssl_context(base_dir) if tls else True,
        )

    def ssl_context(self, base_dir: Path) -> ssl.SSLContext:
        """TLS with the configured CA bundle and client certificate (mutual TLS)."""
        ca = None if self.ca_bundle is None else base_dir / self.ca_bundle
        context = ssl.create_default_context(cafile=ca)
        if self.client_cert is not None:
            key = None if self.client_key is None else base_dir / self.client_key
            context.load_cert_chain(base_dir / self.client_cert, key)
        return context
