"""The BoJ parser on real answers: recorded MD01 (monthly), CO snapshots (quarterly, EN, JP), no-data and errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.errors import ParseError
from ingest.settings import REPO_ROOT
from ingest.sources.boj_rates.parse import envelope, parse_data_code
from ingest.sources.boj_rates.periods import PeriodError, date_param, period_start

FIX = Path(__file__).parent / "fixtures"
REC = REPO_ROOT / "recorded" / "boj_rates"


def test_md01_monthly_answer_keeps_codes_dates_and_values() -> None:
    """The whole real MD01 answer (1970-01 … 2026-08); a trailing null is read as null (see the no-data test)."""
    frame = parse_data_code(
        "boj_rates",
        "md01",
        (REC / "md01_mabs1an11_197001-202608.json").read_bytes(),
        {("MD01", "MABS1AN11"): "MONTHLY"},
    )
    assert frame.height == 680
    first, last = frame.row(0, named=True), frame.row(-1, named=True)
    may25 = frame.filter(frame["period_code"] == 202505).row(0, named=True)
    assert (may25["period_code"], may25["period_date"], may25["value"]) == (202505, date(2025, 5, 1), 6560120.0)
    assert (first["period_code"], first["period_date"]) == (197001, date(1970, 1, 1))
    assert (last["period_code"], last["period_date"], last["value"]) == (202608, date(2026, 8, 1), 5430070.0)
    assert first["series_name"] == "Monetary Base/Average Amounts Outstanding" and first["unit"] == "100 million yen"
    assert frame["value"].null_count() == 0


def test_quarterly_codes_are_quarter_numbers_english_probe() -> None:
    frame = parse_data_code("boj_rates", "co", (FIX / "co_tk99f1000601gcq01000_202501-202504_en.json").read_bytes())
    assert frame["period_code"].to_list() == [202501, 202502, 202503, 202504]
    assert frame["period_date"].to_list() == [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1)]
    assert frame["value"].to_list() == [12.0, 13.0, 14.0, 15.0]


def test_quarterly_japanese_snapshot_reads_the_j_fields() -> None:
    frame = parse_data_code("boj_rates", "co-jp", (FIX / "delihiros_get_data_code_success.json").read_bytes())
    assert frame.height == 16 and frame["series_code"].n_unique() == 2
    q2 = frame.filter((frame["series_code"] == "TK99F1000601GCQ01000") & (frame["period_code"] == 202402)).row(
        0, named=True
    )
    assert q2["period_date"] == date(2024, 4, 1) and q2["value"] == 13.0  # the June 2024 Tankan
    assert q2["series_name"] == "D.I./業況/大企業/製造業/実績"


def test_no_data_answer_is_a_success_with_only_nulls() -> None:
    content = (FIX / "delihiros_get_data_code_no_data_m181030i.json").read_bytes()
    env = envelope("boj_rates", "nodata", content)
    assert env.ok and env.message_id == "M181030I" and env.next_position is None
    frame = parse_data_code("boj_rates", "nodata", content)
    assert frame.height == 4 and frame["value"].null_count() == 4


def test_error_body_names_the_message_id() -> None:
    content = (FIX / "delihiros_error_missing_db_http400.json").read_bytes()
    env = envelope("boj_rates", "err", content)
    assert (env.status, env.message_id) == (400, "M181004E")
    with pytest.raises(ParseError, match="M181004E"):
        parse_data_code("boj_rates", "err", content)


def test_frequency_other_than_the_reviewed_one_is_refused() -> None:
    content = (FIX / "co_tk99f1000601gcq01000_202501-202504_en.json").read_bytes()
    with pytest.raises(ParseError, match=r"RESULTSET\[0\]\.FREQUENCY.*expected MONTHLY, got 'QUARTERLY'"):
        parse_data_code("boj_rates", "co", content, {("CO", "TK99F1000601GCQ01000"): "MONTHLY"})


def test_malformed_json_reports_line_and_column() -> None:
    with pytest.raises(ParseError, match=r"line 1.*column"):
        parse_data_code("boj_rates", "bad", b'{"STATUS":200,"RESULTSET":[')


def test_period_codes_by_frequency() -> None:
    assert period_start(20260817, "DAILY") == date(2026, 8, 17)
    assert period_start(202604, "QUARTERLY") == date(2026, 10, 1)
    with pytest.raises(PeriodError, match="QQ in 01..04"):
        period_start(202405, "QUARTERLY")
    with pytest.raises(PeriodError, match="YYYYMM"):
        period_start(2026081, "MONTHLY")
    assert date_param(date(2026, 8, 17), "DAILY") == "202608"  # daily series take YYYYMM, not YYYYMMDD
    assert date_param(date(2026, 8, 17), "QUARTERLY") == "202603"
