"""/api/docs: the OpenAPI docs, drawn by swagger-ui from the app's own /static/vendor (no CDN;
version and licence in data/SOURCES.md)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html

router = APIRouter(include_in_schema=False)
VENDOR = "/static/vendor/swagger-ui"


@router.get("/api/docs")
def docs():
    return get_swagger_ui_html(openapi_url="/openapi.json", title="coopwatch API",
                               swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
                               swagger_css_url=f"{VENDOR}/swagger-ui.css", swagger_favicon_url=f"{VENDOR}/favicon-32x32.png")
