"""Reading a small daily CSV line by line, every fault named by file, line and field.

FRED's ``fredgraph.csv`` and CoinGecko's price export are both one row a day under a one-line
header, plain ASCII, each line ending in a newline. What they share is here once: strict text
decoding, the check that the download was not cut, numbers and dates read cell by cell, and the
day order (a repeated day is a duplicate key, an earlier one is out of order).
"""

from __future__ import annotations

import math
import re
from datetime import date

from ingest.errors import ParseError
from ingest.text import payload_text

_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def csv_lines(source: str, file: str, data: bytes) -> list[str]:
    """The payload's lines without their line ends (header first); refused unless UTF-8 text ending in a newline.

    An empty payload, an HTML page (an error or moved page), a byte that is not UTF-8 or UTF-16 text
    is refused by ``ingest.text``; a payload whose last line has no newline was cut off in transit.
    """
    text, _ = payload_text(source, file, data, "CSV text (the published file is plain ASCII)")
    lines = text.split("\n")
    if lines[-1] != "":
        raise ParseError(
            source,
            file,
            "truncated: the last line does not end with a newline",
            line=len(lines),
            expected="a complete row ending in a newline",
            got=lines[-1][:80],
        )
    return [line.removesuffix("\r") for line in lines[:-1]]


def number(source: str, file: str, line: int, field: str, text: str) -> float:
    """A finite decimal number as published (no thousands separators, no words)."""
    if not _NUMBER.match(text) or not math.isfinite(value := float(text)):
        raise ParseError(source, file, "not a number", line=line, field=field, expected="a decimal number", got=text)
    return value


def iso_day(source: str, file: str, line: int, field: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ParseError(source, file, "not a date", line=line, field=field, expected="YYYY-MM-DD", got=text) from None


class DayOrder:
    """Days must strictly increase down the file; the error names the line a repeated day first appeared on."""

    def __init__(self, source: str, file: str, field: str) -> None:
        self.source, self.file, self.field = source, file, field
        self.first_line: dict[date, int] = {}
        self.last: date | None = None

    def check(self, day: date, line: int) -> None:
        if day in self.first_line:
            raise ParseError(
                self.source,
                self.file,
                f"duplicate date (first at line {self.first_line[day]})",
                line=line,
                field=self.field,
                expected="one row per day",
                got=day.isoformat(),
            )
        if self.last is not None and day < self.last:
            raise ParseError(
                self.source,
                self.file,
                "date out of order",
                line=line,
                field=self.field,
                expected=f"a day after {self.last.isoformat()}",
                got=day.isoformat(),
            )
        self.first_line[day] = line
        self.last = day
