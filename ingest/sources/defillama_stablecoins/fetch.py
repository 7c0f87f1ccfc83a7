"""What to ask DefiLlama for: one ``/stablecoin/{id}`` answer per stablecoin we track.

Live, the answer is DefiLlama's JSON. Offline, the recording for the same URL is a third party's
CSV export of that answer (no verbatim JSON was found), so the request's kind names the
representation the parser must expect: ``api_json`` live, ``export_csv`` offline.
"""

from __future__ import annotations

import os

from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name

SOURCE = source_name(__package__)
API_DEFAULT = "https://stablecoins.llama.fi"
# DefiLlama's stablecoin ids (its /stablecoins list): 1 = Tether USDT, 2 = USD Coin USDC.
STABLECOINS: dict[str, int] = {"USDT": 1, "USDC": 2}
API_JSON, EXPORT_CSV = "api_json", "export_csv"


def api_base(env: dict[str, str] | None = None) -> str:
    """``LW_DEFILLAMA_STABLECOINS_API`` points tests at a local server; the default is DefiLlama's."""
    return dict(os.environ if env is None else env).get("LW_DEFILLAMA_STABLECOINS_API", API_DEFAULT).rstrip("/")


def url_for(base: str, token: str) -> str:
    return f"{base}/stablecoin/{STABLECOINS[token]}"


def requests(settings: Settings) -> list[Request]:
    """Recordings are keyed by the public URL, so offline always asks for that one."""
    if settings.mode == "live":
        return [Request(SOURCE, url_for(api_base(), t), kind=API_JSON, ext="json") for t in STABLECOINS]
    return [Request(SOURCE, url_for(API_DEFAULT, t), kind=EXPORT_CSV, ext="csv") for t in STABLECOINS]


def token_of(url: str) -> str | None:
    """The token a ``…/stablecoin/{id}`` URL asks for (None when the id is not one we track)."""
    tail = url.rstrip("/").rsplit("/", 1)[-1]
    return next((t for t, i in STABLECOINS.items() if str(i) == tail), None)
