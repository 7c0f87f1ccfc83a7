"""What to ask MoF for: the whole English history, then the current month (which may not exist yet)."""

from __future__ import annotations

from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name

SOURCE = source_name(__package__)
URL_EN_HISTORY = "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/historical/jgbcme_all.csv"
URL_EN_CURRENT = "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/jgbcme.csv"


def requests(settings: Settings) -> list[Request]:
    """History first, then the current month, so the newer file wins where they overlap."""
    return [
        Request(SOURCE, URL_EN_HISTORY, kind="history", ext="csv"),
        Request(SOURCE, URL_EN_CURRENT, kind="current_month", ext="csv", optional=True),
    ]
