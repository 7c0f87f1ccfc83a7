"""MoF JGB benchmark (constant-maturity) yields: English and Japanese CSVs, history and current month.

Accepted shapes (README.md beside this file): optional title line (``Interest Rate…`` /
``国債金利情報…``, the current-month title carries the month), then the fixed header, then one
row a day. English dates are ``YYYY/M/D``; Japanese dates are era-based (``S49.9.24``,
``H31.4.26``, ``R1.5.7``). ``-`` alone means no value (negative yields exist: never test a
leading minus). The current-month files end with a blank row and a ``※`` note, which are skipped;
anything else that is not a data row is rejected with its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.mof_jgb_yields.tenors import TENORS
from ingest.text import ERAS, payload_utf8

SOURCE = "mof_jgb_yields"

HEADER_EN = ["Date"] + [f"{t}Y" for t in TENORS]
HEADER_JA = ["基準日"] + [f"{t}年" for t in TENORS]
TITLES = ("Interest Rate", "国債金利情報")
MISSING = "-"

_ERA_DATE = re.compile(r"^([MTSHR])(\d{1,2})\.(\d{1,2})\.(\d{1,2})$")
_EN_DATE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")


@dataclass(frozen=True)
class ParsedYields:
    frame: pl.DataFrame  # date, tenor_years, yield_pct (null = '-'), line_no
    language: str
    encoding: str
    title: str | None


def _is_footer(first_field: str) -> bool:
    f = first_field.strip().strip('"').strip()
    return f == "" or f.startswith("※")


def _line(buf: bytes, start: int) -> tuple[str | None, int]:
    """The line starting at ``start`` (without its line break; None past the end) and where the next one starts."""
    if start >= len(buf):
        return None, start
    end = buf.find(b"\n", start)
    stop = len(buf) if end < 0 else end
    return buf[start:stop].rstrip(b"\r").decode(), stop + 1


def _body_end(buf: bytes, body_start: int) -> int:
    """Where the data rows end: the footer (blank rows, a '※' note) may only stand after them."""
    body_end = len(buf)
    while True:
        stop = body_end - 1 if buf[body_end - 1 : body_end] == b"\n" else body_end
        if stop <= body_start:
            return body_end
        begin = max(buf.rfind(b"\n", body_start, stop) + 1, body_start)
        if not _is_footer(buf[begin:stop].split(b",", 1)[0].decode()):
            return body_end
        body_end = begin


def parse(data: bytes, file: str) -> ParsedYields:
    """Parse one MoF yield CSV (any of the published shapes) into a long frame.

    Only the title, header and footer lines are read one by one; the body goes to polars as bytes,
    so a history of a million lines is never split into Python strings.
    """
    buf, encoding = payload_utf8(SOURCE, file, data, "CSV text (a JGB yields table)")
    first, at = _line(buf, 0)
    line, title = first, None
    if first is not None and first.split(",", 1)[0].strip().startswith(TITLES):
        title = first.split(",", 1)[0].strip()
        line, at = _line(buf, at)
    header_no = 2 if title else 1
    if line is None:
        raise ParseError(SOURCE, file, "no header line", line=header_no, expected=",".join(HEADER_EN))
    header = [h.strip() for h in line.split(",")]
    if header == HEADER_EN:
        language = "en"
    elif header == HEADER_JA:
        language = "ja"
    else:
        raise ParseError(
            SOURCE,
            file,
            "unexpected header",
            line=header_no,
            expected=f"{','.join(HEADER_EN)} or {','.join(HEADER_JA)}",
            got=line[:200],
        )
    body = buf[at : _body_end(buf, at)]
    if not body.strip():
        frame = pl.DataFrame(
            schema={"date": pl.Date, "tenor_years": pl.Int16, "yield_pct": pl.Float64, "line_no": pl.Int32}
        )
        return ParsedYields(frame, language, encoding, title)

    columns = [f"t{t}" for t in TENORS]
    numbers = _plain_numbers(body, columns, crlf=buf[at - 2 : at] == b"\r\n")
    raw = numbers if numbers is not None else _read(body, columns, pl.String)
    raw = raw.with_row_index("line_no", offset=header_no + 1).with_columns(pl.col("line_no").cast(pl.Int32))
    dates = _parse_dates(raw, language, file)
    values = raw.select(columns) if numbers is not None else _values(raw, columns, file)
    # Long, in file order (day, then tenor): row-major positions gathered from the column-major values.
    n, k = raw.height, len(TENORS)
    pos = pl.int_range(n * k, dtype=pl.UInt32, eager=True)
    row, col = pos // k, pos % k
    frame = pl.DataFrame(
        {
            "date": dates.gather(row),
            "tenor_years": pl.Series(TENORS, dtype=pl.Int16).gather(col),
            "yield_pct": pl.concat([values[c] for c in columns], rechunk=True).gather(col * n + row),
            "line_no": raw["line_no"].gather(row),
        }
    )
    return ParsedYields(frame, language, encoding, title)


def _read(text: bytes, columns: list[str], dtype: type[pl.DataType]) -> pl.DataFrame:
    return pl.read_csv(
        text,
        has_header=False,
        new_columns=["d", *columns],
        schema={"d": pl.String, **dict.fromkeys(columns, dtype)},
        null_values=MISSING if dtype == pl.Float64 else None,
        truncate_ragged_lines=False,
        quote_char='"',
    )


def _plain_numbers(text: bytes, columns: list[str], *, crlf: bool) -> pl.DataFrame | None:
    """The wide frame with numbers, when polars reads every value as one and exactly the '-' cells as nulls.

    The common case, read in one typed pass; anything else (a blank or spaced cell, text, a short
    line) goes through the text path, which finds and names the offending cell. The '-' cells are
    counted by what ends them (a comma or the file's line break): a miscount can only send a file
    to the exact text path, never let a blank cell pass as '-'.
    """
    try:
        numbers = _read(text, columns, pl.Float64)
    except pl.exceptions.PolarsError:
        return None
    dashes = text.count(b"-,") + text.count(b"-\r" if crlf else b"-\n") + text.endswith(b"-")
    return numbers if sum(numbers.select(columns).null_count().row(0)) == dashes else None


def _values(raw: pl.DataFrame, columns: list[str], file: str) -> pl.DataFrame:
    """Yields from text cells: '-' is no value, anything else must be a number (else: its line and tenor)."""
    text = raw.select(pl.col(columns).str.strip_chars())
    values = text.select(
        pl.when(pl.col(c) == MISSING).then(None).otherwise(pl.col(c).cast(pl.Float64, strict=False)).alias(c)
        for c in columns
    )
    bad = pl.DataFrame([(values[c].is_null() & text[c].ne_missing(MISSING)).alias(c) for c in columns])
    if bad.select(pl.any_horizontal(pl.all().any())).item():
        i = bad.select(pl.any_horizontal(pl.all()).arg_max()).item()
        tenor = next(c for c in columns if bad[c][i])
        raise ParseError(
            SOURCE,
            file,
            "not a yield",
            line=raw["line_no"][i],
            field=f"{tenor[1:]}Y",
            expected="a decimal number or '-'",
            got=text[tenor][i],
        )
    return values


def _parse_dates(raw: pl.DataFrame, language: str, file: str) -> pl.Series:
    """The rows' dates; the first row that is not one is reported with its line and text."""
    if language == "en" and raw["d"].str.contains(_EN_DATE.pattern).all():
        dates = raw["d"].str.strptime(pl.Date, "%Y/%m/%d", strict=False)
        if not dates.null_count():
            return dates
    d = raw["d"].str.strip_chars()
    if language == "en":
        parts = d.str.extract_groups(_EN_DATE.pattern)
        year = parts.struct.field("1").cast(pl.Int32, strict=False)
    else:
        parts = d.str.extract_groups(_ERA_DATE.pattern)
        era_base = parts.struct.field("1").replace_strict(ERAS, default=None, return_dtype=pl.Int32)
        year = era_base + parts.struct.field("2").cast(pl.Int32, strict=False)
    month = parts.struct.field("2" if language == "en" else "3").cast(pl.Int8, strict=False)
    day = parts.struct.field("3" if language == "en" else "4").cast(pl.Int8, strict=False)
    frame = pl.DataFrame({"y": year, "m": month, "dd": day, "line_no": raw["line_no"], "text": d})
    ok = frame["y"].is_not_null() & frame["m"].is_between(1, 12) & frame["dd"].is_between(1, 31)
    built = frame.with_columns(
        date=pl.when(ok).then(
            pl.concat_str(
                [
                    pl.col("y").cast(pl.String),
                    pl.col("m").cast(pl.String).str.zfill(2),
                    pl.col("dd").cast(pl.String).str.zfill(2),
                ],
                separator="-",
            ).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        )
    )
    bad = built.filter(pl.col("date").is_null())
    if bad.height:
        row = bad.row(0, named=True)
        expected = "a date like 2026/4/30" if language == "en" else "an era date like R8.2.27 or S49.9.24"
        raise ParseError(
            SOURCE, file, "not a date", line=row["line_no"], field="Date", expected=expected, got=row["text"]
        )
    return built["date"]


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    return parse(content, payload.name).frame
