"""The stablecoin marts offline, on the real recordings: daily supply and the attestation reconciliation."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ingest.pipeline import run_source
from ingest.settings import Settings
from ingest.sources import SOURCES
from tests.conftest import dbt_build

SELECT = [
    "staging.onchain_reads",
    "staging.issuer_attestations",
    "staging.defillama_stablecoins",
    "intermediate.stablecoins",
    "marts.stablecoins",
]


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("marts") / "lw"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LW_")}
    settings = Settings.from_env({**env, "LW_HOME": str(home), "LW_MODE": "offline"})
    for name in ("onchain_reads", "issuer_attestations", "defillama_stablecoins"):
        run_source(SOURCES[name], settings)
    # models outside the selection are not built here: tests that also read them are left out
    out = dbt_build(home, *SELECT)
    assert out.returncode == 0, out.stdout[-4000:]
    return settings.warehouse_path


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_supply_daily_has_both_histories(warehouse_file: Path) -> None:
    rows = query(
        warehouse_file,
        "select token, source, count(*), min(date), max(date) from main.stablecoin_supply_daily "
        "group by all order by token",
    )
    assert rows == [
        ("USDC", "defillama", 2861, date(2018, 9, 11), date(2026, 7, 11)),
        ("USDT", "defillama", 3147, date(2017, 11, 29), date(2026, 7, 11)),
    ]


def test_attestations_are_reconciled_with_defillama(warehouse_file: Path) -> None:
    rows = query(
        warehouse_file,
        """
        select issuer, (as_of at time zone 'UTC')::date, defillama_date, defillama_supply,
               round(defillama_delta_pct, 3), defillama_status
        from main.attestation_reconciliation order by issuer, as_of""",
    )
    assert rows == [
        ("Circle", date(2018, 10, 31), date(2018, 10, 31), 127365040.0, -0.034, "ok"),
        ("Circle", date(2022, 11, 30), date(2022, 11, 30), 42807756360.0, -0.977, "ok"),
        ("Circle", date(2022, 12, 31), date(2022, 12, 31), 44099863896.0, -1.018, "mismatch"),
        ("Tether", date(2025, 3, 31), date(2025, 3, 31), 144649416568.0, None, "no_attested_supply"),
        ("Tether", date(2025, 6, 30), date(2025, 6, 30), 158520790585.0, 0.904, "ok"),
        # Tether's Q4 2025 report (186.45 bn tokens, rounded to 50 m) against DefiLlama's 2025-12-31 figure
        ("Tether", date(2025, 12, 31), date(2025, 12, 31), 187311388515.0, 0.462, "ok"),
        ("USDD", date(2026, 5, 11), None, None, None, "no_defillama_figure"),
    ]


def test_defillama_mismatch_raises_an_alert(warehouse_file: Path) -> None:
    alerts = query(warehouse_file, "select alert, token, detail from main.reserve_alerts")
    assert alerts == [
        ("attestation_delta", "USDC", "Circle attested 44553543212.0 vs DefiLlama 44099863896.0 on 2022-12-31")
    ]
