"""The reviewed ranking file is the whole payload: there is nothing remote to ask (README.md)."""

from __future__ import annotations

from collections.abc import Iterator

from ingest.fetch import Fetcher, FetchResult
from ingest.settings import Settings
from ingest.source import REVIEWED_SCHEME, fetch_reviewed, source_name

SOURCE = source_name(__package__)
FILE = "net_external_assets.csv"
URL = f"{REVIEWED_SCHEME}{SOURCE}/{FILE}"


def fetch(settings: Settings, fetcher: Fetcher) -> Iterator[FetchResult]:
    """Land the reviewed file as it is, in either mode, so it is parsed and validated like any payload."""
    yield fetch_reviewed(SOURCE, FILE, "ranking", settings)
