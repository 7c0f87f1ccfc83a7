"""The debt-service transcription: real published figures parsed strictly, validated, loaded once."""

from __future__ import annotations

import polars as pl
import pytest

from ingest.errors import ParseError
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.source import SuiteContext, reviewed_file
from ingest.sources import mof_debt_service
from ingest.sources.mof_debt_service import expectations, fetch, parse
from ingest.validation import validate_frame


@pytest.fixture(scope="module")
def csv_bytes() -> bytes:
    return reviewed_file(fetch.SOURCE, fetch.FILE).read_bytes()


def figure(frame: pl.DataFrame, fy: int, stage: str, item: str) -> pl.DataFrame:
    return frame.filter((pl.col("fiscal_year") == fy) & (pl.col("stage") == stage) & (pl.col("item") == item))


def test_fy2026_request_as_published(csv_bytes: bytes) -> None:
    f = parse.parse(csv_bytes, fetch.FILE)
    # 32兆3865億円 = 利払費 13兆435億円 + 債務償還費 19兆3104億円 (+ 326億円 other items); 想定金利 2.6%
    assert figure(f, 2026, "request", "debt_service_total")["amount_jpy"][0] == 32_386_500_000_000
    assert figure(f, 2026, "request", "interest")["value"][0] == 130_435
    assert figure(f, 2026, "request", "redemption")["value"][0] == 193_104
    assert figure(f, 2026, "request", "assumed_rate")["value"][0] == 2.6
    assert figure(f, 2026, "request", "assumed_rate")["amount_jpy"][0] is None
    assert figure(f, 2025, "initial", "debt_service_total")["value"][0] == 282_179
    assert figure(f, 2026, "initial", "debt_service_total")["rounded_to"][0] == 1000  # "31.3兆円"
    shock = f.filter(pl.col("stage") == "rate_shock_estimate")
    assert shock.filter((pl.col("shock_pp") == 1) & (pl.col("fiscal_year") == 2024))["value"].to_list() == [7000]
    assert set(shock["basis_fiscal_year"]) == {2023}
    assert f["source_url"].str.starts_with("https://").all() and f["evidence"].str.len_chars().min() > 0


def test_suite_passes_on_the_transcription(csv_bytes: bytes) -> None:
    frame = expectations.validation_frame(parse.parse(csv_bytes, fetch.FILE))
    suite = mof_debt_service.SOURCE.expectations(SuiteContext("figures", frame.height))
    outcome = validate_frame(frame, "mof_debt_service.figures", suite)
    assert outcome.success, outcome.failures
    assert not any("could not run" in o.detail for o in outcome.outcomes)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("2026,request,interest,130435,", "2026,request,interest,230435,", "parts_excess"),  # parts above the total
        ("2026,request,assumed_rate,2.6,", "2026,request,assumed_rate,26,", "value"),  # a rate of 26 %
        ("2021,stock_profile,avg_remaining_maturity,9.0,", "2021,stock_profile,avg_remaining_maturity,90,", "value"),
    ],
)
def test_suite_rejects(csv_bytes: bytes, old: str, new: str, fragment: str) -> None:
    text = csv_bytes.decode()
    assert old in text
    frame = expectations.validation_frame(parse.parse(text.replace(old, new).encode(), fetch.FILE))
    suite = mof_debt_service.SOURCE.expectations(SuiteContext("figures", 0))
    outcome = validate_frame(frame, "mof_debt_service.figures", suite)
    assert not outcome.success and fragment in " ".join(outcome.failures)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("fiscal_year,stage,item", "year,stage,item", "unexpected header"),
        ("2026,request,interest,130435,", '2026,request,interest,"130,435",', "not a number"),
        ("2026,request,interest,130435,100m_yen", "2026,request,interest,130435,pct", "wrong unit"),
        ("2026,request,interest,", "2026,requested,interest,", "unknown stage"),
        ("2026,request,interest,", "2026,request,interests,", "unknown item"),
        ("2026,request,interest,130435,100m_yen,1,,2026", "2026,request,interest,130435,100m_yen,1,1,2026", "shock_pp"),
        ("2026,request,interest,130435,100m_yen,1,,2026", "2026,request,interest,130435,100m_yen,1,,2025", "basis"),
        (",2025-08-26,Kyodo", ",2025/08/26,Kyodo", "not a date"),
        ("https://www.oita-press", "http://www.oita-press", "https URL"),
        ("2026,request,debt_service_total", "2o26,request,debt_service_total", "integer"),
    ],
)
def test_parser_rejects(csv_bytes: bytes, old: str, new: str, fragment: str) -> None:
    text = csv_bytes.decode()
    assert old in text
    with pytest.raises(ParseError, match=fragment) as info:
        parse.parse(text.replace(old, new, 1).encode(), fetch.FILE)
    assert fetch.FILE in str(info.value) and ("line" in str(info.value) or "header" in str(info.value))


def test_ingest_twice_is_idempotent(settings: Settings) -> None:
    first = run_source(mof_debt_service.SOURCE, settings)
    assert run_source(mof_debt_service.SOURCE, settings).unchanged  # the same file again: nothing parsed or loaded
    second = run_source(mof_debt_service.SOURCE, settings, full=True)  # forced through the loader: still a no-op
    assert first.stats is not None and second.stats is not None
    n = first.stats.total
    assert n >= 20 and first.stats.inserted == n
    assert (second.stats.inserted, second.stats.changed, second.stats.unchanged) == (0, 0, n)
    assert first.payloads[0].url == fetch.URL
