"""The reviewed net-external-assets ranking (``reviewed/net_external_assets.csv``), parsed strictly.

One row per country and year end: MoF's figure in 億円 (plain number, one decimal at most), its
rank in MoF's table, and the page that reports it (``source``, an https ``source_url``, the page's
date, and a note saying what the page states). A changed header, a number with commas or units, a
date that is not a year end, a missing citation or a second row for a country and year is refused
with its line and field, so a slip in the review cannot reach the warehouse.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any, NoReturn

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.text import payload_text

SOURCE = "mof_net_external_assets"
HEADER = ["country", "year_end", "net_external_assets_100m_yen", "rank", "published", "source", "source_url", "note"]
_AMOUNT = re.compile(r"^-?\d+(\.\d)?$")
_RANK = re.compile(r"^[1-9]\d*$")
SCHEMA = {
    "country": pl.String,
    "year_end": pl.Date,
    "net_external_assets_100m_yen": pl.Float64,
    "rank": pl.Int32,
    "published": pl.Date,
    "source": pl.String,
    "source_url": pl.String,
    "note": pl.String,
    "line_no": pl.Int32,
}


class _Line:
    def __init__(self, file: str, line: int, cells: dict[str, str]) -> None:
        self.file, self.line, self.cells = file, line, cells

    def fail(self, message: str, field: str, expected: str) -> NoReturn:
        raise ParseError(
            SOURCE, self.file, message, line=self.line, field=field, expected=expected, got=self.cells[field]
        )

    def matching(self, field: str, pattern: re.Pattern[str], expected: str) -> str:
        if not pattern.match(self.cells[field]):
            self.fail("malformed value", field, expected)
        return self.cells[field]

    def day(self, field: str) -> date:
        try:
            return date.fromisoformat(self.cells[field])
        except ValueError:
            self.fail("not a date", field, "YYYY-MM-DD")

    def row(self) -> dict[str, Any]:
        year_end = self.day("year_end")
        if (year_end.month, year_end.day) != (12, 31):
            self.fail("not a year end", "year_end", "YYYY-12-31")
        if not self.cells["country"]:
            self.fail("no country", "country", "a country name")
        if not self.cells["source"] or not self.cells["note"]:
            self.fail("every figure needs its source and a note of what the page states", "source", "source and note")
        self.matching("source_url", re.compile(r"^https://\S+$"), "an https URL")
        amount = self.matching("net_external_assets_100m_yen", _AMOUNT, "億円 like 5330500 or 5696512.0 (no commas)")
        return {
            "country": self.cells["country"],
            "year_end": year_end,
            "net_external_assets_100m_yen": float(amount),
            "rank": int(self.matching("rank", _RANK, "a positive integer")),
            "published": self.day("published"),
            "source": self.cells["source"],
            "source_url": self.cells["source_url"],
            "note": self.cells["note"],
            "line_no": self.line,
        }


def parse(data: bytes, file: str) -> pl.DataFrame:
    """The whole file → one row per (country, year end), with its line."""
    text, _ = payload_text(SOURCE, file, data, "CSV text with the header " + ",".join(HEADER))
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != HEADER:
        raise ParseError(
            SOURCE, file, "unexpected header", line=1, expected=",".join(HEADER), got=",".join(header or [])
        )
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, date], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(HEADER):
            raise ParseError(SOURCE, file, f"{len(cells)} fields", line=line, expected=f"{len(HEADER)} fields")
        row = _Line(file, line, dict(zip(HEADER, (c.strip() for c in cells), strict=True))).row()
        key = (row["country"], row["year_end"])
        if key in seen:
            raise ParseError(
                SOURCE,
                file,
                f"a second row for {key[0]} {key[1]} (first on line {seen[key]})",
                line=line,
                field="country",
            )
        seen[key] = line
        rows.append(row)
    if not rows:
        raise ParseError(SOURCE, file, "no figures", expected="at least one data line")
    return pl.DataFrame(rows, schema=SCHEMA)


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name)
