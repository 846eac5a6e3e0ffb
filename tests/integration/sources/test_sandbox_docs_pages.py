"""The sandbox service's ``/docs`` and ``/redoc`` work offline: every asset from the service."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from robotlib.sandbox.service.server import ServerThread

#: the addresses a page loads: src and href attributes, and Swagger UI's ``url: '…'`` setting
LOADED = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|\burl\s*:\s*["']([^"']+)["']""")


def loaded_urls(page: str) -> list[str]:
    return [a or b for a, b in LOADED.findall(page)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_page_loads_nothing_from_another_host(server: ServerThread, page: str) -> None:
    shown = httpx.get(server.url + page, timeout=10)
    assert shown.status_code == 200
    urls = loaded_urls(shown.text)
    # the script and the style at the least, and the OpenAPI document
    assert len(urls) >= 2, f"{page}: {urls}"
    elsewhere = [url for url in urls if urlsplit(url).netloc or url.startswith("//")]
    assert elsewhere == [], f"{page} loads from another host: {elsewhere}"
    assert "cdn" not in shown.text.lower()
    for url in urls:
        fetched = httpx.get(urljoin(server.url + page, url), timeout=10)
        assert fetched.status_code == 200, f"{page}: {url} -> {fetched.status_code}"
        assert fetched.content, f"{page}: {url} is empty"


def test_swagger_ui_script_is_the_real_bundle(server: ServerThread) -> None:
    shown = httpx.get(server.url + "/docs", timeout=10).text
    script = next(url for url in loaded_urls(shown) if url.endswith(".js"))
    fetched = httpx.get(server.url + script, timeout=10)
    assert "javascript" in fetched.headers["content-type"]
    assert "SwaggerUIBundle" in fetched.text


def test_openapi_document_still_served(server: ServerThread) -> None:
    document = httpx.get(server.url + "/openapi.json", timeout=10).json()
    assert "/api/gov_identity/lookup" in document["paths"]
    # the documentation pages are pages, not API operations
    assert "/docs" not in document["paths"]
