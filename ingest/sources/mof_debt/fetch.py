"""What to ask MoF for (one workbook), and the cheap "is there a new edition?" check a sensor runs."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import cast

from ingest.fetch import Fetcher, Request
from ingest.settings import Settings
from ingest.source import source_name
from ingest.sources.mof_debt.parse import parse

SOURCE = source_name(__package__)
URL = "https://www.mof.go.jp/english/policy/jgbs/reference/gbb/suii.xls"
# The English page's workbook; each edition holds the latest five years of quarter ends.
SUII = Request(SOURCE, URL, kind="suii", ext="xls")


def requests(settings: Settings) -> list[Request]:
    return [SUII]


def release_marker(fetcher: Fetcher) -> str:
    """What a sensor compares between ticks: ``<newest quarter end>@<sha256 prefix>``.

    A new quarter changes the first part; a revision of an old quarter (MoF does revise) changes
    the second, so either triggers a load. The workbook is ~65 kB, so fetching it is the check.
    """
    result = fetcher.fetch(SUII)
    newest = cast(date, parse(result.content, URL)["as_of"].max())  # parse() never returns an empty frame
    return f"{newest.isoformat()}@{hashlib.sha256(result.content).hexdigest()[:16]}"
