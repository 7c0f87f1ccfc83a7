"""What to ask for: USDD's per-chain collateral history (an API), then the reviewed Tether/Circle figures.

Tether and Circle publish PDF reports, not an API: their headline figures are a reviewed
transcription in ``reviewed/issuer_reports.csv``, read in every mode under
``reviewed://issuer_attestations/issuer_reports.csv``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ingest.fetch import Fetcher, FetchResult, Request
from ingest.settings import Settings
from ingest.source import fetch_reviewed, source_name

SOURCE = source_name(__package__)
USDD_API_DEFAULT = "https://openapi.usdd.io"
USDD_HISTORY_PATH = "/api/v1/data-platform/collateral-history?chain={chain}&interval=WEEKLY"
USDD_CHAINS = ("tron",)
ISSUER_REPORTS = "issuer_reports.csv"


def usdd_base(env: dict[str, str] | None = None) -> str:
    """``LW_USDD_API`` points tests at a local server; the default is USDD's public API."""
    return dict(os.environ if env is None else env).get("LW_USDD_API", USDD_API_DEFAULT).rstrip("/")


def fetch(settings: Settings, fetcher: Fetcher) -> Iterator[FetchResult]:
    """Recordings are keyed by the public URL, so offline always asks for that one."""
    base = usdd_base() if fetcher.mode == "live" else USDD_API_DEFAULT
    for chain in USDD_CHAINS:
        yield fetcher.fetch(
            Request(SOURCE, base + USDD_HISTORY_PATH.format(chain=chain), kind="usdd_history", ext="json")
        )
    yield fetch_reviewed(SOURCE, ISSUER_REPORTS, "issuer_reports", settings)
