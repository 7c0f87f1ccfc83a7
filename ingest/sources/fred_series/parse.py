"""FRED's ``fredgraph.csv``: one series, one line a day, in either of the two layouts FRED has served.

* current: header ``observation_date,<SERIES>``; a day without a value has an empty field;
* older:   header ``DATE,<SERIES>``; a day without a value has ``.``; trailing zeros dropped (``109.1``).

Republishers' copies may carry the header's series id in lower case (``dgs10``: FRED echoes the
``id`` as it was asked); the id must still be the requested series. A business-day series has a
line for every weekday (holidays without a value), a daily one a line for every day: a line that
skips a day of its calendar is refused, as is a repeated or earlier day, a cell that is not a number,
or a missing marker of the other layout. Days without a value are not returned (not stored).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ingest.daily_csv import DayOrder, csv_lines, iso_day, number
from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.fred_series.fetch import SOURCE, requested_series
from ingest.sources.fred_series.series import BUSINESS_DAYS, BY_ID, FredSeries

# first header field → the layout's marker for a day without a value
LAYOUTS = {"observation_date": "", "DATE": "."}
SCHEMA = {"series_id": pl.String, "date": pl.Date, "value": pl.Float64}


def next_day(day: date, calendar: str) -> date:
    """The day after ``day`` in the series' calendar (Friday → Monday for business days)."""
    step = 3 if calendar == BUSINESS_DAYS and day.weekday() == 4 else 1
    return day + timedelta(days=step)


def _series(file: str, kind: str, url: str) -> FredSeries:
    asked = requested_series(url)
    if kind not in BY_ID or asked != kind:
        raise ParseError(
            SOURCE,
            file,
            "not a request for a declared series",
            field="id",
            expected=f"one of {', '.join(BY_ID)} (kind and URL alike)",
            got=f"kind {kind}, id={asked}",
        )
    return BY_ID[kind]


def _missing_marker(file: str, header: str, series: FredSeries) -> str:
    """The header's layout (its missing-value marker); refused unless it names the requested series."""
    cells = header.split(",")
    if len(cells) != 2 or cells[0] not in LAYOUTS:
        raise ParseError(
            SOURCE,
            file,
            "unexpected header",
            line=1,
            field="header",
            expected=f"observation_date,{series.id} or DATE,{series.id}",
            got=header[:120],
        )
    if cells[1].upper() != series.id:
        raise ParseError(
            SOURCE,
            file,
            "the header names another series than the one requested",
            line=1,
            field="header",
            expected=series.id,
            got=cells[1],
        )
    return LAYOUTS[cells[0]]


def _check_calendar(file: str, line: int, day: date, previous: date | None, series: FredSeries) -> None:
    if series.calendar == BUSINESS_DAYS and day.weekday() > 4:
        raise ParseError(
            SOURCE, file, "a weekend day in a business-day series", line=line, field="date", got=day.isoformat()
        )
    if previous is not None and day > next_day(previous, series.calendar):
        raise ParseError(
            SOURCE,
            file,
            f"a line is missing (FRED lists {series.calendar}, without a value where there is none)",
            line=line,
            field="date",
            expected=next_day(previous, series.calendar).isoformat(),
            got=day.isoformat(),
        )


def parse(content: bytes, file: str, kind: str, url: str) -> pl.DataFrame:
    """One fredgraph.csv → series_id, date, value for the days that have a value."""
    series = _series(file, kind, url)
    lines = csv_lines(SOURCE, file, content)
    missing = _missing_marker(file, lines[0], series)
    order = DayOrder(SOURCE, file, "date")
    days: list[date] = []
    values: list[float] = []
    for line_no, text in enumerate(lines[1:], start=2):
        cells = text.split(",")
        if len(cells) != 2:
            raise ParseError(
                SOURCE, file, f"{len(cells)} fields", line=line_no, expected=f"2 fields ({lines[0]})", got=text[:80]
            )
        day = iso_day(SOURCE, file, line_no, "date", cells[0])
        _check_calendar(file, line_no, day, order.last, series)
        order.check(day, line_no)
        if cells[1] != missing:
            days.append(day)
            values.append(number(SOURCE, file, line_no, series.id, cells[1]))
    if order.last is None:
        raise ParseError(SOURCE, file, "no data lines after the header", line=2, expected="one line a day")
    return pl.DataFrame({"series_id": [series.id] * len(days), "date": days, "value": values}, schema=SCHEMA)


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name, payload.kind, payload.url)
