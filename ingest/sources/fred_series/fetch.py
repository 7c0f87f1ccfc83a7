"""What to ask FRED for: one ``fredgraph.csv?id=<series>`` per declared series, its whole history.

The request's kind is the series id, so each series is parsed, validated and remembered as its own
payload (its header must name it). Offline, the replay serves every recorded vintage of a request,
oldest first, each its own load; recordings are keyed by the public URL, so offline always asks
for that one. ``LW_FRED_BASE_URL`` points live mode at another host (tests: a local server).
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name
from ingest.sources.fred_series.series import SERIES

SOURCE = source_name(__package__)
DEFAULT_BASE_URL = "https://fred.stlouisfed.org"
BASE_URL_ENV = "LW_FRED_BASE_URL"


def base_url(env: dict[str, str] | None = None) -> str:
    return (os.environ if env is None else env).get(BASE_URL_ENV, DEFAULT_BASE_URL).rstrip("/")


def url_for(base: str, series_id: str) -> str:
    return f"{base}/graph/fredgraph.csv?id={series_id}"


def requested_series(url: str) -> str:
    """The series id a ``fredgraph.csv?id=…`` URL asks for ('' when it names none)."""
    return (parse_qs(urlsplit(url).query).get("id") or [""])[0]


def requests(settings: Settings) -> list[Request]:
    base = base_url() if settings.mode == "live" else DEFAULT_BASE_URL
    return [Request(SOURCE, url_for(base, s.id), kind=s.id, ext="csv") for s in SERIES]
