"""A legacy-style social-security web portal for browser robots (the ``portal`` connector).

Log in (``/portal/login``), fill the search form (``/portal/search``), read the person table
and the paginated contribution history (``/portal/results?page=N``, ``PAGE_SIZE`` months a
page). The number searched for is kept in the server-side session, never in a URL. Layout
``v2`` (``/control/faults``) renames every id and class, as a portal redesign would.
"""

from __future__ import annotations

import datetime as dt
import secrets
from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from robotlib.sandbox.service.faults import FaultSwitch
from robotlib.sandbox.service.world_sources import WorldSources
from robotlib.sources.records import SocialSecurityRecord

PAGE_SIZE = 12
SESSION_COOKIE = "portal_session"

#: element names by layout: what a redesign changes
_IDS = {
    "v1": {
        "username": "username",
        "password": "password",
        "login": "login",
        "id_number": "id_number",
        "search": "search",
        "person": "person",
        "rows": "contributions",
        "next": "next",
        "none": "no-record",
    },
    "v2": {
        "username": "user",
        "password": "pass",
        "login": "signin",
        "id_number": "idno",
        "search": "query",
        "person": "info-grid",
        "rows": "history",
        "next": "page-forward",
        "none": "empty",
    },
}


async def _faults(request: Request) -> None:
    switch: FaultSwitch = request.app.state.faults
    await switch.apply()


router = APIRouter(prefix="/portal", dependencies=[Depends(_faults)], include_in_schema=False)


def _ids(request: Request) -> dict[str, str]:
    return _IDS[request.app.state.faults.current.layout]


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{title}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 8px}</style></head>"
        f"<body><h1>社会保险个人权益查询系统</h1>{body}</body></html>"
    )


def _session(request: Request) -> dict[str, str] | None:
    sessions: dict[str, dict[str, str]] = request.app.state.portal_sessions
    return sessions.get(request.cookies.get(SESSION_COOKIE, ""))


@router.get("/login")
def login_page(request: Request, error: str = "") -> HTMLResponse:
    """The login form."""
    ids = _ids(request)
    message = f"<p class='error'>{escape(error)}</p>" if error else ""
    return _page(
        "登录",
        f"{message}<form method='post' action='/portal/login'>"
        f"<label>用户名 <input id='{ids['username']}' name='username'></label> "
        f"<label>密码 <input id='{ids['password']}' name='password' type='password'></label> "
        f"<button id='{ids['login']}' type='submit'>登录</button></form>",
    )


@router.post("/login")
def login(
    request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]
) -> Response:
    """Log in: a session and the search form, or the login form again with an error."""
    expected = request.app.state.portal_credentials
    if (username, password) != expected:
        return RedirectResponse("/portal/login?error=用户名或密码错误", status_code=303)
    token = secrets.token_urlsafe(16)
    request.app.state.portal_sessions[token] = {}
    request.app.state.portal_logins += 1
    response = RedirectResponse("/portal/search", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict")
    return response


@router.get("/search")
def search_page(request: Request) -> Response:
    """The search form; without a session, back to the login form."""
    if _session(request) is None:
        return RedirectResponse("/portal/login", status_code=303)
    ids = _ids(request)
    return _page(
        "查询",
        "<form method='post' action='/portal/search'>"
        f"<label>公民身份号码 <input id='{ids['id_number']}' name='id_number'></label> "
        f"<button id='{ids['search']}' type='submit'>查询</button></form>",
    )


@router.post("/search")
def search(request: Request, id_number: Annotated[str, Form()]) -> Response:
    """Search an ID number and go to its results."""
    session = _session(request)
    if session is None:
        return RedirectResponse("/portal/login", status_code=303)
    session["id_number"] = id_number.strip().upper()
    return RedirectResponse("/portal/results?page=1", status_code=303)


@router.get("/results")
def results(request: Request, page: int = 1) -> Response:
    """The social-security record found, one page at a time."""
    session = _session(request)
    if session is None or "id_number" not in session:
        return RedirectResponse("/portal/login", status_code=303)
    world: WorldSources = request.app.state.world
    record = world.social_security.lookup(session["id_number"])
    ids = _ids(request)
    if record is None:
        return _page("结果", f"<div id='{ids['none']}'>未查询到参保记录</div>")
    return _page("结果", _record_html(record, ids, max(1, page)))


def _record_html(record: SocialSecurityRecord, ids: dict[str, str], page: int) -> str:
    fields = {
        "name": record.name,
        "insured": "是" if record.insured else "否",
        "employer": record.employer,
        "housing_fund": "是" if record.housing_fund else "否",
        "city": record.city,
    }
    labels = {
        "name": "姓名",
        "insured": "参保",
        "employer": "单位",
        "housing_fund": "公积金",
        "city": "参保地",
    }
    person = "".join(
        f"<tr><th>{labels[key]}</th><td data-field='{key}'>{escape(value)}</td></tr>"
        for key, value in fields.items()
    )
    months = _months(record.contribution_months)
    shown = months[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = "".join(
        f"<tr><td>{month}</td><td>{escape(record.employer)}</td></tr>" for month in shown
    )
    more = page * PAGE_SIZE < len(months)
    next_link = (
        f"<a id='{ids['next']}' href='/portal/results?page={page + 1}'>下一页</a>" if more else ""
    )
    return (
        f"<table id='{ids['person']}'>{person}</table><h2>缴费记录</h2>"
        f"<table id='{ids['rows']}'><thead><tr><th>月份</th><th>单位</th></tr></thead>"
        f"<tbody>{rows}</tbody></table><p>第 {page} 页 {next_link}</p>"
    )


def _months(count: int) -> list[str]:
    """The last ``count`` months up to the current one, newest first."""
    today = dt.date.today()
    index = today.year * 12 + today.month - 1
    return [f"{(index - i) // 12:04d}-{(index - i) % 12 + 1:02d}" for i in range(count)]
