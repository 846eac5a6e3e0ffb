"""The ``portal`` connector: a browser robot (Playwright, Debian's Chromium) on a web portal.

One browser per worker process, started on the first lookup and kept: the logged-in session
is reused, and the robot logs in again only when the portal sends it back to the login page.
A lookup fills the search form, reads the person table and follows the pagination of the
contribution history. A portal that is down (unreachable, no answer in time, HTTP 5xx)
becomes ``SourceOutage`` through the source's circuit breaker (``robotlib.sources.circuit``):
the worker postpones the task without spending an attempt. Whatever else goes wrong becomes
``SourceUnavailable`` (the task is retried, never approved); when an expected element does not
appear (the layout changed) the error names the selector and the screenshot and HTML saved
under ``failures``.
"""

from __future__ import annotations

import atexit
import datetime as dt
import threading
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Playwright, Response, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pydantic import ValidationError

from robotlib.config import SourceConfig
from robotlib.errors import SourceUnavailable
from robotlib.sources.base import SocialSecuritySource, Source
from robotlib.sources.circuit import SourceCircuit, TransientError
from robotlib.sources.datasets import dataset_kind
from robotlib.sources.options import parse_options
from robotlib.sources.portal_settings import CHROMIUM_ARGS, PortalSettings
from robotlib.sources.records import SocialSecurityRecord
from robotlib.validation_errors import problems

PERSON_FIELDS = ("name", "insured", "employer", "housing_fund", "city")
#: the text of each field's element (null when absent), read in one round trip
_READ_FIELDS = """(selectors) => Object.fromEntries(Object.entries(selectors).map(
    ([field, css]) => [field, document.querySelector(css)?.innerText ?? null]))"""
#: rows of this page and of every next page, fetched with the session's cookies and parsed
#: without rendering: one round trip instead of a navigation per page
_FETCH_PAGES = """async (s) => {
    let doc = document, base = document.baseURI, rows = 0, pages = 0;
    while (true) {
        rows += doc.querySelectorAll(s.rows).length;
        pages += 1;
        const link = doc.querySelector(s.next);
        if (!link) return {rows, pages, status: 200};
        if (pages >= s.maxPages) return {rows, pages, status: 0};
        const response = await fetch(new URL(link.getAttribute("href"), base),
                                     {credentials: "same-origin"});
        if (!response.ok) return {rows, pages, status: response.status};
        base = response.url;
        doc = new DOMParser().parseFromString(await response.text(), "text/html");
    }
}"""


#: in the message of a Playwright error for a page the browser could not fetch
_NETWORK_ERROR = "net::ERR_"


class LayoutChanged(SourceUnavailable):
    """An element the selectors name did not appear on the portal."""


class PortalSocialSecurity(SocialSecuritySource):
    """Social-security records read from a legacy portal by a headless Chromium."""

    def __init__(self, name: str, settings: PortalSettings, base_dir: Path) -> None:
        super().__init__(name)
        self.settings = settings
        self.failures = base_dir / settings.failures
        self.circuit = SourceCircuit(name, settings)
        self._lock = threading.Lock()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._page: Page | None = None
        self._thread: int | None = None
        #: logins so far (a reused session does not log in again)
        self.logins = 0

    def lookup(self, *key: str) -> SocialSecurityRecord | None:
        """The record the portal shows for the identity number ``key``, None when it has none.

        Playwright's browser belongs to the thread that started it: call from one thread
        (a worker process runs one task at a time).

        :raises SourceOutage: the portal is down (unreachable, too slow, HTTP 5xx) or its
            circuit is open.
        """
        if self._thread is not None and self._thread != threading.get_ident():
            raise SourceUnavailable(
                f"source {self.name!r}: the portal robot was started in another thread"
            )
        with self._lock, self.circuit.outages(str):
            return self.circuit.call(self._robot_lookup, self._open(), *key)

    def close(self) -> None:
        """Close the browser (also done at exit)."""
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._browser = self._playwright = self._page = None
        self._thread = None

    def _open(self) -> Page:
        if self._page is not None and not self._page.is_closed():
            return self._page
        if not self.settings.executable_path.exists():
            raise SourceUnavailable(
                f"source {self.name!r}: no browser at {self.settings.executable_path} "
                "(install Debian's chromium, or set executable_path)"
            )
        if self._playwright is None:
            self._playwright = sync_playwright().start()
            self._thread = threading.get_ident()
            atexit.register(self.close)
        if self._browser is None:
            self._browser = self._playwright.chromium.launch(
                executable_path=self.settings.executable_path,
                headless=True,
                args=list(CHROMIUM_ARGS),
            )
        self._page = self._browser.new_page()
        self._page.set_default_timeout(self.settings.timeout_seconds * 1000)
        return self._page

    def _robot_lookup(self, page: Page, id_number: str) -> SocialSecurityRecord | None:
        """``_lookup``, its Playwright errors sorted: the portal down (``TransientError``,
        counted by the circuit) or the robot failing (``SourceUnavailable``)."""
        try:
            return self._lookup(page, id_number)
        except PlaywrightTimeout as exc:
            raise TransientError(self._saved(page, f"timed out: {_first_line(exc)}")) from None
        except PlaywrightError as exc:
            if _NETWORK_ERROR in str(exc):
                raise TransientError(f"portal unreachable: {_first_line(exc)}") from None
            raise SourceUnavailable(
                f"source {self.name!r}: portal robot failed: {_first_line(exc)}"
            ) from None

    def _lookup(self, page: Page, id_number: str) -> SocialSecurityRecord | None:
        selectors = self.settings.selectors
        self._check(page.goto(self.settings.page_url(selectors.search_page)))
        if page.locator(selectors.id_number).count() == 0:
            self._log_in(page)
        self._wait_for(page, selectors.id_number)
        page.fill(selectors.id_number, id_number)
        with page.expect_navigation(wait_until="domcontentloaded") as navigation:
            page.click(selectors.search_button)
        self._check(navigation.value)
        name = selectors.field.format(field="name")
        self._wait_for(page, f"{name}, {selectors.no_record}", what=f"{name} or no_record")
        if page.locator(selectors.no_record).count():
            return None
        fields: dict[str, str | None] = page.evaluate(
            _READ_FIELDS, {f: selectors.field.format(field=f) for f in PERSON_FIELDS}
        )
        missing = [f for f, value in fields.items() if value is None]
        found = {f: value or "" for f, value in fields.items()}
        if missing:
            raise self._failure(
                page,
                f"{selectors.field.format(field=missing[0])!r} is missing: the layout may "
                f"have changed (update [sources.{self.name}.selectors])",
                LayoutChanged,
            )
        months = self._count_rows(page)
        yes = {word.lower() for word in self.settings.yes}
        try:
            return SocialSecurityRecord(
                id_number=id_number,
                name=found["name"],
                insured=found["insured"].strip().lower() in yes,
                employer=found["employer"],
                contribution_months=months,
                housing_fund=found["housing_fund"].strip().lower() in yes,
                city=found["city"],
            )
        except ValidationError as exc:
            raise self._failure(page, f"unusable {problems(exc)[0]}") from None

    def _log_in(self, page: Page) -> None:
        selectors = self.settings.selectors
        if page.locator(selectors.username).count() == 0:
            self._check(page.goto(self.settings.page_url(selectors.login_page)))
        self._wait_for(page, selectors.username)
        page.fill(selectors.username, self.settings.username)
        page.fill(selectors.password, self.settings.secret())
        with page.expect_navigation() as navigation:
            page.click(selectors.login_button)
        self._check(navigation.value)
        self.logins += 1
        if page.locator(selectors.id_number).count() == 0:
            raise self._failure(page, "login failed: check username and password")

    def _count_rows(self, page: Page) -> int:
        selectors = self.settings.selectors
        if self.settings.pagination == "fetch":
            query = {"rows": selectors.rows, "next": selectors.next_page}
            seen: dict[str, int] = page.evaluate(
                _FETCH_PAGES, {**query, "maxPages": self.settings.max_pages}
            )
            if seen["status"] >= 500:
                raise TransientError(
                    f"portal answered HTTP {seen['status']} for "
                    f"page {seen['pages'] + 1} of the results"
                )
            if seen["status"] == 200:
                return seen["rows"]
        else:
            rows = page.locator(selectors.rows).count()
            for _ in range(self.settings.max_pages - 1):
                if page.locator(selectors.next_page).count() == 0:
                    return rows
                with page.expect_navigation(wait_until="domcontentloaded") as navigation:
                    page.click(selectors.next_page)
                self._check(navigation.value)
                rows += page.locator(selectors.rows).count()
        raise self._failure(page, f"more than max_pages = {self.settings.max_pages} pages")

    def _wait_for(self, page: Page, selector: str, what: str | None = None) -> None:
        try:
            page.wait_for_selector(selector, state="attached")
        except PlaywrightTimeout:
            raise self._failure(
                page,
                f"{what or selector!r} did not appear within "
                f"{self.settings.timeout_seconds:g} s: the layout may have changed "
                f"(update [sources.{self.name}.selectors])",
                LayoutChanged,
            ) from None

    def _check(self, response: Response | None) -> None:
        if response is not None and response.status >= 500:
            raise TransientError(
                f"portal answered HTTP {response.status} "
                f"for {response.request.method} {_path(response.url)}"
            )

    def _failure(
        self, page: Page, problem: str, kind: type[SourceUnavailable] = SourceUnavailable
    ) -> SourceUnavailable:
        """``kind`` naming the problem and where the page's screenshot and HTML were saved."""
        return kind(f"source {self.name!r}: {self._saved(page, problem)}")

    def _saved(self, page: Page, problem: str) -> str:
        """``problem``, saying where the page's screenshot and HTML were saved."""
        self.failures.mkdir(parents=True, exist_ok=True)
        stem = self.failures / f"{self.name}-{dt.datetime.now():%Y%m%dT%H%M%S%f}"
        try:
            page.screenshot(path=stem.with_suffix(".png"), full_page=True)
            stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
            saved = f"screenshot {stem.with_suffix('.png')}, HTML {stem.with_suffix('.html')}"
        except PlaywrightError as exc:
            saved = f"no screenshot ({_first_line(exc)})"
        return f"portal {problem}; {saved}"


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _path(url: str) -> str:
    # a portal may put the query in the URL: keep only the path, never personal data
    return urlsplit(url).path


def make_portal_source(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """Factory for ``type = "portal"`` (keys: ``robotlib.sources.portal_settings``)."""
    dataset_kind(name, config.options, "portal")
    settings = parse_options(PortalSettings, name, config.model_dump(exclude={"path"}))
    return PortalSocialSecurity(name, settings, base_dir)
