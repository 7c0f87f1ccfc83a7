"""A lost warehouse rebuilt from landing alone equals the original: raw tables, history, load log, as-of answers."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from ingest.errors import ValidationFailed
from ingest.fetch import LiveFetcher, Request
from ingest.pipeline import run_source
from ingest.recovery.replay import replay_landing
from ingest.settings import Settings
from ingest.source import SourceSpec
from ingest.sources import SOURCES
from ingest.sources.imf_debt_to_gdp import fetch as imf_fetch
from tests.conftest import RECORDED
from tests.sources.imf_debt_to_gdp.test_imf import PATH as IMF_PATH
from tests.sources.imf_debt_to_gdp.test_imf import japan_api_answer

pytestmark = pytest.mark.slow

NEWEST = (RECORDED / "mof_jgb_yields" / "jgbcme_all_to_2026-06-30.csv").read_bytes()
LAST_LINE_END = b"3.873,3.792\r\n"  # 2026-06-30: the 30Y and 40Y
REVISED = NEWEST.replace(LAST_LINE_END, b"3.873,3.793\r\n")  # MoF rewrites the day's 40Y (3.792 → 3.793)
BAD = NEWEST.replace(b"\r\n1974/9/24,10.327,", b"\r\n1974/9/24,99.327,")  # an impossible yield: refused


def live_yields(httpserver: HTTPServer) -> SourceSpec:
    """MoF's yields source asking the loopback server for its history file."""
    url = httpserver.url_for("/historical/jgbcme_all.csv")
    return dataclasses.replace(
        SOURCES["mof_jgb_yields"], requests=lambda _s: [Request("mof_jgb_yields", url, kind="history", ext="csv")]
    )


def fetcher() -> LiveFetcher:
    return LiveFetcher(timeout_s=10, attempts=2, backoff_s=0.01)


def raw_state(settings: Settings, as_of: list[datetime]) -> dict[str, list[tuple]]:
    """Every raw table (current, __history, _loads) row by row, and every as-of macro at each of ``as_of``."""
    out: dict[str, list[tuple]] = {}
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        for (table,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw' ORDER BY 1"
        ).fetchall():
            out[table] = con.execute(f'SELECT * FROM raw."{table}" ORDER BY ALL').fetchall()
        for (macro,) in con.execute(
            "SELECT DISTINCT function_name FROM duckdb_functions() WHERE schema_name = 'raw' AND "
            "function_name LIKE '%_as_of' ORDER BY 1"
        ).fetchall():
            for ts in as_of:
                out[f"{macro}({ts.isoformat()})"] = con.execute(
                    f"SELECT * FROM raw.{macro}(?::TIMESTAMPTZ) ORDER BY ALL", [ts]
                ).fetchall()
    return out


def load_times(settings: Settings, source: str) -> list[datetime]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = con.execute("SELECT DISTINCT loaded_at FROM raw._loads WHERE source = ? ORDER BY 1", [source]).fetchall()
    return [r[0] for r in rows]


def test_rebuild_from_landing_equals_the_lost_warehouse(settings: Settings, httpserver: HTTPServer) -> None:
    for spec in SOURCES.values():  # the offline build's loads: every recording, both vintages where there are two
        run_source(spec, settings)
    httpserver.expect_ordered_request("/historical/jgbcme_all.csv").respond_with_data(REVISED)
    httpserver.expect_ordered_request("/historical/jgbcme_all.csv").respond_with_data(BAD)
    httpserver.expect_request(IMF_PATH).respond_with_data(japan_api_answer(), content_type="application/json")
    live = dataclasses.replace(settings, mode="live")
    revision = run_source(live_yields(httpserver), live, fetcher=fetcher())
    assert revision.stats is not None and revision.stats.changed == 1  # the 40Y of 2026-06-30, revised
    with pytest.raises(ValidationFailed, match="99.327"):
        run_source(live_yields(httpserver), live, fetcher=fetcher())
    imf = dataclasses.replace(
        SOURCES["imf_debt_to_gdp"],
        requests=lambda s: imf_fetch.requests(s, api=httpserver.url_for(IMF_PATH).rsplit("/", 1)[0]),
    )
    vintage = run_source(imf, live, fetcher=fetcher())
    assert vintage.stats is not None and vintage.stats.inserted == 25  # Japan's years, in a new WEO vintage

    yields_loads = load_times(settings, "mof_jgb_yields")
    assert len(yields_loads) == 3  # two recorded vintages, then the live revision
    between = [t + (u - t) / 2 for t, u in zip(yields_loads, yields_loads[1:], strict=False)]
    as_of = [yields_loads[0].replace(year=2000), *between, datetime.now(UTC)]
    before = raw_state(settings, as_of)
    assert before["mof_jgb_yields__history"] and before["imf_debt_to_gdp__history"] == []
    revised_40y = (
        "SELECT yield_pct FROM raw.mof_jgb_yields_as_of(?::TIMESTAMPTZ) WHERE date = '2026-06-30' AND tenor_years = 40"
    )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert [con.execute(revised_40y, [t]).fetchall() for t in as_of] == [[], [], [(3.792,)], [(3.793,)]]
    quarantined = sorted(p.name for p in (settings.quarantine_dir / "mof_jgb_yields").iterdir())

    settings.warehouse_path.unlink()
    summary = replay_landing(settings)

    assert summary.surprises == []
    assert summary.rejected_again == 1  # the impossible yield, refused again
    assert raw_state(settings, as_of) == before
    assert sorted(p.name for p in (settings.quarantine_dir / "mof_jgb_yields").iterdir()) == quarantined
    again = replay_landing(settings)  # nothing left to load: every load is in the warehouse
    assert (again.loads, again.already_loaded, again.rejected_again) == (0, summary.loads, 1)
    assert raw_state(settings, as_of) == before


def test_a_landed_payload_damaged_on_disk_is_refused_and_named(settings: Settings) -> None:
    run_source(SOURCES["imf_debt_to_gdp"], settings)
    landed = next(p for p in (settings.landing_dir / "imf_debt_to_gdp").glob("*/*.json") if ".meta" not in p.name)
    landed.chmod(0o644)
    landed.write_bytes(landed.read_bytes()[:-10])  # bit rot: the tail of the file is gone
    settings.warehouse_path.unlink()
    summary = replay_landing(settings)
    assert len(summary.surprises) == 1, summary.surprises
    assert "is refused now" in summary.surprises[0] and landed.name in summary.surprises[0]
    assert "not those its name says" in summary.surprises[0] and "lw verify" in summary.surprises[0]
    meta = json.loads(landed.with_name(landed.name + ".meta.json").read_text())
    assert len(meta["loads"]) == 1
