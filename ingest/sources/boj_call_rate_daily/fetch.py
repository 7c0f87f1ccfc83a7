"""Where the daily call-rate export lives: one file in a public repository, pinned to a commit.

The file is a third party's export of the BoJ's daily series FM01'STRDCLUCON', not a BoJ endpoint,
so the request is the republished file at the commit whose bytes were recorded; it never changes.
``LW_BOJ_CALL_RATE_DAILY_URL`` points live mode elsewhere (tests use a 127.0.0.1 server).
"""

from __future__ import annotations

import os

from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name

SOURCE = source_name(__package__)
KIND = "daily_export"
URL_ENV = "LW_BOJ_CALL_RATE_DAILY_URL"
REPOSITORY = "meococ/Trading-EA-MT5"
COMMIT = "b709309f8aa901a6e6f06beba1acaeedb44f0e6d"
PATH = (
    "03.%20EA%20Developer/EA_SonicR/research/preflight/v8_exogenous/raw/"
    "jpy_boj_uncollateralized_overnight_call_daily.csv"
)
PINNED_URL = f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{PATH}"


def url(settings: Settings, env: dict[str, str] | None = None) -> str:
    """The pinned file, unless live mode is pointed elsewhere."""
    if settings.mode != "live":
        return PINNED_URL
    return (os.environ if env is None else env).get(URL_ENV, "").strip() or PINNED_URL


def requests(settings: Settings) -> list[Request]:
    return [Request(SOURCE, url(settings), kind=KIND, ext="csv")]
