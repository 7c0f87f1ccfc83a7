"""Offline loads of the real exports, and every parser fault stopping the load: quarantined, warehouse unchanged."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from ingest.errors import ParseError
from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources.defillama_stablecoins import SOURCE
from ingest.warehouse.connect import warehouse
from ingest.warehouse.load import table_count
from tests.sources.defillama_stablecoins.faults import FAULTS, USDT, recorded_with


def counts(settings: Settings) -> tuple[int, int]:
    with warehouse(settings, read_only=True) as con:
        return table_count(con, "raw.defillama_stablecoins"), table_count(con, "raw.defillama_stablecoins__history")


def test_offline_load_of_the_real_exports(settings: Settings) -> None:
    report = run_source(SOURCE, settings)
    assert report.stats and (report.stats.inserted, report.stats.total) == (6008, 6008)
    assert [p.kind for p in report.payloads] == ["export_csv", "export_csv"]
    with warehouse(settings, read_only=True) as con:
        rows = con.execute(
            "select token, count(*), min(date)::varchar, max(date)::varchar, min(representation) "
            "from raw.defillama_stablecoins group by token order by token"
        ).fetchall()
    assert rows == [
        ("USDC", 2861, "2018-09-11", "2026-07-11", "export_csv"),
        ("USDT", 3147, "2017-11-29", "2026-07-11", "export_csv"),
    ]
    again = run_source(SOURCE, settings)  # same bytes: nothing parsed, nothing changes
    assert again.unchanged and counts(settings) == (6008, 0)


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_is_quarantined_and_the_warehouse_unchanged(settings: Settings, tmp_path, name: str) -> None:
    run_source(SOURCE, settings)
    before = counts(settings)
    make, message = FAULTS[name]
    broken = replace(settings, recorded_dir=recorded_with(tmp_path / "recorded", {USDT.name: make()}))
    with pytest.raises(
        ParseError, match=message.replace(r"usdt\.csv", r"\.csv \(from https://stablecoins\.llama\.fi/stablecoin/1\)")
    ):
        run_source(SOURCE, broken)
    assert counts(settings) == before == (6008, 0)
    reasons = [
        json.loads(p.read_text()) for p in (settings.quarantine_dir / "defillama_stablecoins").glob("*.reason.json")
    ]
    assert [(r["stage"], r["url"]) for r in reasons] == [("parse", "https://stablecoins.llama.fi/stablecoin/1")]
    quarantined = settings.quarantine_dir / "defillama_stablecoins" / (reasons[0]["sha256"] + ".csv")
    assert quarantined.read_bytes() == make()
