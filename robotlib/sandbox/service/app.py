"""The sandbox service: registry APIs, the portal, fault control, health."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from robotlib.sandbox.service import api, portal
from robotlib.sandbox.service.docs_pages import add_docs_pages
from robotlib.sandbox.service.faults import Faults, FaultSwitch
from robotlib.sandbox.service.portal_login import DEFAULT_PORTAL_PASSWORD, DEFAULT_PORTAL_USER
from robotlib.sandbox.service.world_sources import WorldSources


def create_app(
    world: Path,
    *,
    token: str | None = None,
    faults: Faults | None = None,
    portal_user: str = DEFAULT_PORTAL_USER,
    portal_password: str = DEFAULT_PORTAL_PASSWORD,
) -> FastAPI:
    """The service over the registries of ``world`` (loaded now: a bad folder fails here).

    :param token: when set, the APIs want ``Authorization: Bearer <token>``.
    """
    app = FastAPI(
        title="veribot sandbox registries",
        summary="Synthetic government identity, social security, list and telecom registries.",
        version="1",
        # the documentation pages come from add_docs_pages, without a CDN
        docs_url=None,
        redoc_url=None,
    )
    app.state.world = WorldSources.open(world)
    app.state.token = token
    app.state.faults = FaultSwitch(faults)
    app.state.portal_credentials = (portal_user, portal_password)
    app.state.portal_sessions = {}
    #: successful portal logins, for tests that check a robot reuses its session
    app.state.portal_logins = 0
    app.include_router(api.router)
    app.include_router(portal.router)
    add_docs_pages(app)

    @app.get("/healthz", tags=["control"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/control/faults", tags=["control"])
    def get_faults() -> Faults:
        switch: FaultSwitch = app.state.faults
        return switch.current

    @app.put("/control/faults", tags=["control"])
    def put_faults(faults: Faults) -> Faults:
        """Replace the faults in force (delay, error rate and status, malformed, layout)."""
        app.state.faults.current = faults
        return faults

    return app
