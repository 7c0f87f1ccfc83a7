"""What to ask CoinGecko for: its website's "max" price-history export of Bitcoin in US dollars.

Offline, the recording is keyed by the public URL, so offline always asks for that one;
``LW_COINGECKO_BASE_URL`` points live mode at another host (tests: a local server).
"""

from __future__ import annotations

import os

from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name

SOURCE = source_name(__package__)
DEFAULT_BASE_URL = "https://www.coingecko.com"
BASE_URL_ENV = "LW_COINGECKO_BASE_URL"
EXPORT_PATH = "/price_history/1/usd/max.csv"  # coin 1 = bitcoin, in usd, the whole ("max") history
KIND = "export_csv"


def base_url(env: dict[str, str] | None = None) -> str:
    return (os.environ if env is None else env).get(BASE_URL_ENV, DEFAULT_BASE_URL).rstrip("/")


def requests(settings: Settings) -> list[Request]:
    base = base_url() if settings.mode == "live" else DEFAULT_BASE_URL
    return [Request(SOURCE, f"{base}{EXPORT_PATH}", kind=KIND, ext="csv")]
