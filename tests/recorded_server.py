"""A 127.0.0.1 HTTP server (pytest-httpserver) answering a source's live requests with its real recorded bytes.

Each recorded URL's path and query are served the newest recording of that URL, as the publisher
would answer today; the live client is then run against it with only the base URL changed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import yaml
from pytest_httpserver import HTTPServer

from tests.conftest import RECORDED


def newest_recordings(source: str) -> dict[tuple[str, str], bytes]:
    """(path, query) → the newest recorded bytes of that request (manifest order is oldest first)."""
    entries = yaml.safe_load((RECORDED / source / "manifest.yaml").read_text(encoding="utf-8"))
    out: dict[tuple[str, str], bytes] = {}
    for entry in entries:
        url = urlsplit(entry["url"])
        out[url.path, url.query] = (RECORDED / source / entry["file"]).read_bytes()
    return out


def serve_recordings(httpserver: HTTPServer, source: str, content_type: str = "text/csv") -> dict[str, bytes]:
    """Serve every recorded request of ``source``; returns path?query → the bytes served."""
    served = {}
    for (path, query), body in newest_recordings(source).items():
        httpserver.expect_request(path, query_string=query).respond_with_data(body, content_type=content_type)
        served[f"{path}?{query}"] = body
    return served
