"""Issuer attestations offline: USDD's recorded API answer and the reviewed Tether/Circle figures."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from ingest.errors import ParseError
from ingest.pipeline import run_source
from ingest.settings import REPO_ROOT, Settings
from ingest.source import reviewed_file
from ingest.sources.issuer_attestations import SOURCE
from ingest.sources.issuer_attestations.parse import parse_issuer_reports, parse_usdd_history

USDD = REPO_ROOT / "recorded" / "issuer_attestations" / "usdd_collateral_history_tron_weekly.json"
USDD_URL = "https://openapi.usdd.io/api/v1/data-platform/collateral-history?chain=tron&interval=WEEKLY"


def test_usdd_recording_parses_to_its_published_figures() -> None:
    frame = parse_usdd_history(USDD.read_bytes(), "usdd.json", USDD_URL)
    row = frame.row(0, named=True)
    assert frame.height == 1
    assert row["as_of"] == datetime(2026, 5, 11, 16, tzinfo=UTC)
    assert (row["tokens_outstanding"], row["reserves_usd"], row["scope"]) == (1136731489.13, 1913492361.67, "tron")


def test_usdd_business_error_names_the_code() -> None:
    with pytest.raises(ParseError, match=r"usdd.json, field 'code': USDD API error code 500: busy; expected 0"):
        parse_usdd_history(b'{"code":500,"message":"busy","data":null}', "usdd.json", USDD_URL)


def test_reviewed_reports_parse_with_their_sources() -> None:
    frame = parse_issuer_reports(reviewed_file("issuer_attestations", "issuer_reports.csv").read_bytes(), "reports.csv")
    assert frame.height == 6 and frame["source"].null_count() == 0
    tether_q4 = frame.filter((frame["issuer"] == "Tether") & (frame["as_of"].dt.date().cast(str) == "2025-12-31"))
    assert tether_q4["tokens_outstanding"].to_list() == [186_450_000_000.0]


def test_bad_report_row_names_line() -> None:
    header = reviewed_file("issuer_attestations", "issuer_reports.csv").read_text().splitlines()[0]
    bad = f"{header}\nTether,USDT,all_chains,2025-13-31,r,BDO,1,2,,1,s\n".encode()
    with pytest.raises(ParseError, match=r"reports.csv, line 2: bad value"):
        parse_issuer_reports(bad, "reports.csv")


def test_offline_load_reads_the_reviewed_file(settings: Settings) -> None:
    report = run_source(SOURCE, settings)
    assert report.stats and report.stats.inserted == 7
    assert [p.url for p in report.payloads] == [USDD_URL, "reviewed://issuer_attestations/issuer_reports.csv"]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("select count(*) from raw.issuer_attestations where issuer = 'Circle'").fetchone() == (3,)
