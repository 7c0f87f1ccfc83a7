"""The reviewed creditor ranking: cited figures parsed strictly, validated, loaded once; faults quarantined."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest import source
from ingest.errors import ParseError
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.source import SuiteContext, reviewed_file
from ingest.sources import mof_net_external_assets
from ingest.sources.mof_net_external_assets import expectations, fetch, parse
from ingest.validation import validate_frame
from tests.faults import assert_rejected_after

REAL = reviewed_file(fetch.SOURCE, fetch.FILE).read_bytes()
TEXT = REAL.decode()
JAPAN_2024 = "Japan,2024-12-31,5330500,2,"


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return parse.parse(REAL, fetch.FILE)


def test_the_ranking_as_published(frame: pl.DataFrame) -> None:
    end_2024 = frame.filter(pl.col("year_end") == date(2024, 12, 31)).sort("rank")
    # MoF, 2025-05-27: Germany ¥569,651.2 bn, Japan ¥533,050 bn, China ¥516,280.9 bn
    assert end_2024.select("country", "net_external_assets_100m_yen", "rank").rows() == [
        ("Germany", 5_696_512.0, 1),
        ("Japan", 5_330_500.0, 2),
        ("China", 5_162_809.0, 3),
    ]
    end_2023 = frame.filter(pl.col("year_end") == date(2023, 12, 31)).sort("rank")
    assert end_2023["country"].to_list() == ["Japan", "Germany", "China"]
    assert end_2023["net_external_assets_100m_yen"].to_list() == [4_713_061.0, 4_547_666.0, 4_127_032.0]
    assert frame["source_url"].str.starts_with("https://").all()


def test_suite_passes_and_catches_a_rank_against_the_figures(frame: pl.DataFrame) -> None:
    suite = mof_net_external_assets.SOURCE.expectations(SuiteContext("ranking", frame.height))
    outcome = validate_frame(expectations.validation_frame(frame), "mof_net_external_assets.ranking", suite)
    assert outcome.success, outcome.failures
    swapped = parse.parse(
        TEXT.replace(JAPAN_2024, "Japan,2024-12-31,5330500,3,")
        .replace("China,2024-12-31,5162809,3,", "China,2024-12-31,5162809,2,")
        .encode(),
        fetch.FILE,
    )
    failed = validate_frame(expectations.validation_frame(swapped), "mof_net_external_assets.ranking", suite)
    assert not failed.success and "rank_by_figure" in " ".join(failed.failures)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (JAPAN_2024, "Japan,2024-12-31,5330500.25,2,", "field 'net_external_assets_100m_yen'"),
        (JAPAN_2024, "Japan,2024-06-30,5330500,2,", "not a year end"),
        (JAPAN_2024, "Japan,2024-12-31,5330500,0,", "field 'rank'"),
        ("https://www.japantimes", "http://www.japantimes", "field 'source_url'"),
        (",The Japan Times,", ",,", "needs its source"),
    ],
)
def test_parser_rejects(old: str, new: str, fragment: str) -> None:
    assert old in TEXT
    with pytest.raises(ParseError, match=fragment) as info:
        parse.parse(TEXT.replace(old, new, 1).encode(), fetch.FILE)
    assert f"{fetch.FILE}, line 3" in str(info.value)


def test_ingest_twice_is_idempotent(settings: Settings) -> None:
    first = run_source(mof_net_external_assets.SOURCE, settings)
    assert first.stats is not None and first.stats.total == first.stats.inserted == 6
    assert run_source(mof_net_external_assets.SOURCE, settings).unchanged
    assert first.payloads[0].url == fetch.URL
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute(
            "select rank, net_external_assets_100m_yen from raw.mof_net_external_assets "
            "where country = 'Germany' and year_end = date '2024-12-31'"
        ).fetchone() == (1, 5_696_512.0)


LINES = TEXT.split("\n")


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param(REAL[: REAL.index(b"\n", 600) + 40], ("line 4", "fields"), id="truncated"),
        pytest.param(
            TEXT.replace("rank,published", "position,published").encode(), ("line 1", "unexpected header"), id="header"
        ),
        pytest.param(TEXT.encode("utf-16"), ("not UTF-8",), id="encoding"),
        pytest.param(b"<!DOCTYPE html><html><body>404</body></html>", ("line 1", "got an HTML page"), id="html"),
        pytest.param(
            TEXT.replace(JAPAN_2024, 'Japan,2024-12-31,"5,330,500",2,').encode(),
            ("line 3", "field 'net_external_assets_100m_yen'"),
            id="non-numeric",
        ),
        pytest.param(
            "\n".join([*LINES[:3], LINES[2], *LINES[3:]]).encode(), ("line 4", "a second row for Japan"), id="duplicate"
        ),
    ],
)
def test_fault_is_quarantined_and_warehouse_unchanged(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes, fragments: tuple[str, ...]
) -> None:
    def faulty_review() -> Settings:
        copy = tmp_path / "sources"
        shutil.copytree(source.SOURCES_DIR / fetch.SOURCE / "reviewed", copy / fetch.SOURCE / "reviewed")
        (copy / fetch.SOURCE / "reviewed" / fetch.FILE).write_bytes(content)
        monkeypatch.setattr(source, "SOURCES_DIR", copy)
        return settings

    assert_rejected_after(settings, mof_net_external_assets.SOURCE, faulty_review, content, *fragments)
