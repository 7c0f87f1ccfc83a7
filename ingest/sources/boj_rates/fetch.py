"""What to ask the BoJ for, in either mode, through one path: the plan from series.yaml, page by page.

Live and offline run the same code: the plan (``series.plan``) up to this month in JST, each
request's pages followed through ``client.fetch_pages``. Offline, the replay fetcher answers the
planned requests from ``recorded/boj_rates/``; a planned request with no recording (the daily
series, whose last window ends in the current month, have none) is skipped with a warning, so an
offline load holds exactly the recorded series. A missing page *inside* a recorded chain is still
an error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from ingest.errors import NotRecorded
from ingest.fetch import Fetcher, FetchResult
from ingest.settings import Settings
from ingest.sources.boj_rates.client import NoPacing, Pacer, fetch_pages
from ingest.sources.boj_rates.series import SOURCE, base_url, load_series, plan

JST = ZoneInfo("Asia/Tokyo")
log = logging.getLogger("liquidity_watch.ingest")


def fetch(settings: Settings, fetcher: Fetcher) -> Iterator[FetchResult]:
    """Every page of every planned request; replaying recordings needs no pacing."""
    pacer = NoPacing() if fetcher.mode == "offline" else Pacer()
    base = base_url()
    for planned in plan(load_series(), datetime.now(JST).date()):
        first = planned.url(base)
        try:
            yield from fetch_pages(fetcher, first, pacer)
        except NotRecorded as exc:
            if exc.url != first:
                raise
            log.warning("%s: no recording of %s; skipped offline", SOURCE, first)
