"""CoinGecko's ``btc-usd-max.csv`` export: ``snapped_at,price,market_cap,total_volume``, one line a day.

``snapped_at`` is ``YYYY-MM-DD HH:MM:SS UTC``: nearly always 00:00:00, but four snapshots of 2017–2018
were taken at other times of their day (``2017-06-06 23:29:55 UTC``), so the row's day is the
snapshot's UTC date and the time is kept. Numbers come as integers (``1500517590``) or decimals with
up to 17 significant digits; the early volume is ``0``. Days may be missing (2013-06-04 and
2015-01-28 are); a repeated or earlier day, a cell that is not a number or a changed header is
refused with its line and field.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import polars as pl

from ingest.daily_csv import DayOrder, csv_lines, number
from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.coingecko_btc.fetch import KIND, SOURCE

HEADER = "snapped_at,price,market_cap,total_volume"
# published column → our column
VALUES = {"price": "price_usd", "market_cap": "market_cap_usd", "total_volume": "total_volume_usd"}
_SNAPPED_AT = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$")
SCHEMA = pl.Schema(
    {"date": pl.Date(), "snapped_at": pl.Datetime("us", "UTC"), **{ours: pl.Float64() for ours in VALUES.values()}}
)


def _snapped_at(file: str, line: int, text: str) -> datetime:
    m = _SNAPPED_AT.match(text)
    try:
        if m:
            return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}").replace(tzinfo=UTC)
    except ValueError:
        pass
    raise ParseError(
        SOURCE, file, "not a snapshot time", line=line, field="snapped_at", expected="YYYY-MM-DD HH:MM:SS UTC", got=text
    )


def parse(content: bytes, file: str) -> pl.DataFrame:
    """One export → date, snapped_at, price_usd, market_cap_usd, total_volume_usd."""
    lines = csv_lines(SOURCE, file, content)
    if lines[0] != HEADER:
        raise ParseError(SOURCE, file, "unexpected header", line=1, field="header", expected=HEADER, got=lines[0][:120])
    order = DayOrder(SOURCE, file, "snapped_at")
    rows: list[tuple[date, datetime, float, float, float]] = []
    for line_no, text in enumerate(lines[1:], start=2):
        cells = text.split(",")
        if len(cells) != 4:
            raise ParseError(
                SOURCE, file, f"{len(cells)} fields", line=line_no, expected=f"4 fields ({HEADER})", got=text[:80]
            )
        snapped = _snapped_at(file, line_no, cells[0])
        order.check(snapped.date(), line_no)
        price, cap, volume = (
            number(SOURCE, file, line_no, field, cell) for field, cell in zip(VALUES, cells[1:], strict=True)
        )
        rows.append((snapped.date(), snapped, price, cap, volume))
    if not rows:
        raise ParseError(SOURCE, file, "no data lines after the header", line=2, expected="one line a day")
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    if payload.kind != KIND:
        raise ParseError(SOURCE, payload.name, "unknown payload kind", expected=KIND, got=payload.kind)
    return parse(content, payload.name)
