"""Where MoF publishes the monthly securities-transactions file: one URL, replaced in place every month."""

from __future__ import annotations

from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name

SOURCE = source_name(__package__)
URL = "https://www.mof.go.jp/policy/international_policy/reference/itn_transactions_in_securities/montha1.csv"


def requests(settings: Settings, url: str = URL) -> list[Request]:
    """The same request in both modes: offline replays the recording of this URL."""
    return [Request(SOURCE, url, kind="monthly", ext="csv")]
