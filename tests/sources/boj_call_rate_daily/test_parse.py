"""The daily call-rate export parsed whole, and every way it can arrive broken: file, line and field named."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from ingest.errors import ParseError
from ingest.settings import REPO_ROOT
from ingest.sources.boj_call_rate_daily.parse import parse

FILE = REPO_ROOT / "recorded" / "boj_call_rate_daily" / "call_rate_strdclucon_daily_1998-01-05_to_2026-07-09.csv"
REAL = FILE.read_bytes()


def _value(frame: pl.DataFrame, day: date) -> float | None:
    return frame.filter(pl.col("date") == day)["call_rate_pct"].item()


def test_whole_file_every_calendar_day_with_6990_values() -> None:
    frame = parse(REAL, FILE.name)
    assert frame.height == 10_413  # 1998-01-05 … 2026-07-09, every calendar day
    assert frame["call_rate_pct"].is_not_null().sum() == 6_990 and frame["call_rate_pct"].null_count() == 3_423
    assert frame["date"].min() == date(1998, 1, 5) and frame["date"].max() == date(2026, 7, 9)
    assert frame["date"].diff().drop_nulls().dt.total_days().unique().to_list() == [1]
    assert frame["line_no"].to_list()[:2] == [2, 3]


def test_known_real_values() -> None:
    frame = parse(REAL, FILE.name)
    assert _value(frame, date(1998, 1, 5)) == 0.49 and _value(frame, date(1998, 1, 6)) == 0.42
    assert _value(frame, date(2024, 1, 4)) == -0.021  # negative-rate era
    assert _value(frame, date(2025, 5, 1)) == 0.477
    assert _value(frame, date(2026, 6, 16)) == 0.727 and _value(frame, date(2026, 6, 17)) == 0.978  # the June 2026 hike
    assert _value(frame, date(2026, 7, 4)) is None  # a Saturday: NA


def _replace_line(n: int, text: str) -> bytes:
    lines = REAL.split(b"\n")
    lines[n - 1] = text.encode()
    return b"\n".join(lines)


FAULTS = [
    ("truncated", REAL[:-7], r"line 10414.*truncated"),
    ("header", REAL.replace(b"BOJ_CALL_ON", b"IRSTCI01JPM156N", 1), r"line 1.*unexpected header"),
    ("encoding", REAL.replace(b"observation_date", "観測日".encode("cp932"), 1), r"line 1.*undecodable byte"),
    ("html", b"<!DOCTYPE html>\n<html><body>404: Not Found</body></html>\n", r"line 1.*HTML page"),
    ("non_numeric", _replace_line(3, "1998-01-06,0.42%"), r"line 3, field 'BOJ_CALL_ON'.*not a rate.*'0.42%'"),
    ("bad_date", _replace_line(3, "1998/01/06,0.42"), r"line 3, field 'observation_date'.*not a date"),
    ("duplicate", _replace_line(3, "1998-01-05,0.42"), r"line 3, field 'observation_date'.*first on line 2"),
    ("ragged", _replace_line(4, "1998-01-07,0.4,x"), r"line 4.*wrong number of fields"),
]


@pytest.mark.parametrize("data, message", [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_faults_name_file_line_and_field(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=r"\[boj_call_rate_daily\] export\.csv, " + message):
        parse(data, "export.csv")
