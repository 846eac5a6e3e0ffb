"""The service's API documentation pages, from files it serves itself rather than a CDN.

FastAPI's own ``/docs`` and ``/redoc`` load Swagger UI and ReDoc from a CDN: offline (a
sandbox on a laptop in a bank's network) the pages stay blank. The files come from the pinned
``fastapi-offline`` wheel (Swagger UI under Apache-2.0, ReDoc under MIT); only its static
folder is used.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

#: where the documentation pages' scripts, styles and icon are served
ASSETS_PATH = "/docs-assets"
SWAGGER_JS = f"{ASSETS_PATH}/swagger-ui-bundle.js"
SWAGGER_CSS = f"{ASSETS_PATH}/swagger-ui.css"
REDOC_JS = f"{ASSETS_PATH}/redoc.standalone.js"
FAVICON = f"{ASSETS_PATH}/favicon.png"


def add_docs_pages(app: FastAPI) -> None:
    """Serve ``/docs`` (Swagger UI) and ``/redoc`` with their assets from ``ASSETS_PATH``.

    ``app`` must be built with ``docs_url=None, redoc_url=None`` (FastAPI's CDN pages off).
    """
    assets = files("fastapi_offline") / "static"
    app.mount(ASSETS_PATH, StaticFiles(directory=str(assets)), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=SWAGGER_JS,
            swagger_css_url=SWAGGER_CSS,
            swagger_favicon_url=FAVICON,
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=REDOC_JS,
            redoc_favicon_url=FAVICON,
            with_google_fonts=False,
        )
