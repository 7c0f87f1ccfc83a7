"""The claims ledger on a built warehouse: each verdict against what the marts say, computed here."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingest.settings import REPO_ROOT

pytestmark = pytest.mark.slow
SEED = REPO_ROOT / "dbt" / "seeds" / "reviewed_claims.csv"
DBT = str(Path(sys.executable).parent / "dbt")


def reviewed(path: Path = SEED) -> list[dict[str, Any]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def ledger(db: Path) -> dict[str, dict[str, Any]]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute("SELECT * FROM main.claims")
        names = [d[0] for d in cur.description]
        return {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}


def num(text: str) -> float | None:
    return float(text) if text else None


def expected(con: duckdb.DuckDBPyConnection, c: dict[str, Any]) -> tuple[str, float | None]:
    """The verdict and value by the rules the seed's columns state, evaluated in Python over the series' readings."""
    rows = con.execute(
        "SELECT series_date, reading_order, value, issuer_reported, band_low, band_high "
        "FROM intermediate.int_claims__series WHERE series = ? AND value IS NOT NULL",
        [c["series"]],
    ).fetchall()
    by_day: dict[date, list[tuple[str, float, bool, float | None, float | None]]] = {}
    for d, order, v, issuer, low, high in rows:
        by_day.setdefault(d, []).append((order, v, issuer, low, high))
    series = {d: max(rs)[1] for d, rs in by_day.items()}  # the date's last reading
    issuer = {d: max(rs)[2] for d, rs in by_day.items()}
    band = {d: max(rs)[3:] for d, rs in by_day.items()}
    on = date.fromisoformat(c["on_date"])
    kind, claimed, tolerance = c["comparison"], c["claimed"], num(c["tolerance"])
    if kind == "equals-any-within-tolerance":
        if not rows:
            return "not yet checkable", None
        closest = min((abs(v - float(claimed)), v) for _, _, v, *_ in rows)[1]
        return ("supported" if abs(closest - float(claimed)) <= tolerance + 1e-9 else "contradicted"), closest
    window = int(c["match_window_days"] or 0)
    near = [d for d in series if abs((d - on).days) <= window]
    if not near:
        return "not yet checkable", None
    found = min(near, key=lambda d: (abs((d - on).days), -d.toordinal()))
    v = series[found]
    if kind in ("below-placebo-band", "above-placebo-band"):
        return band_verdict(kind, v, band[found]), v
    if kind == "streak-at-or-above":
        streak = 0
        for d in sorted((d for d in series if d <= found), reverse=True):
            if series[d] < float(c["threshold"]):
                break
            streak += 1
        v, ok = float(streak), abs(streak - float(claimed)) <= (tolerance or 0)
    else:
        ok = holds(kind, v, claimed, tolerance, {d: x for d, x in series.items() if d < found})
    if not ok:
        return "contradicted", v
    return ("issuer_reported" if issuer[found] else "supported"), v


def holds(kind: str, v: float, claimed: str, tolerance: float | None, earlier: dict[date, float]) -> bool:
    """Whether the deciding reading ``v`` bears out a claim of this comparison (``earlier``: the readings before)."""
    if kind == "equals-within-tolerance":
        return abs(v - float(claimed)) <= (tolerance or 0) + 1e-9
    if kind == "above":
        return v > float(claimed)
    if kind == "below":
        return v < float(claimed)
    if kind == "is-record-high":
        return not earlier or v > max(earlier.values())
    as_high = [d for d, x in earlier.items() if x >= v]
    since = date.fromisoformat(claimed)
    return bool(as_high) and since <= max(as_high) <= since + timedelta(days=int(tolerance or 0))


def band_verdict(kind: str, mean: float, band: tuple[float | None, float | None]) -> str:
    """An event-study claim: on the claimed side of the placebo band supported, on the other contradicted."""
    low, high = band
    assert low is not None and high is not None
    if low <= mean <= high:
        return "inconclusive"
    below = mean < low
    return "supported" if below == (kind == "below-placebo-band") else "contradicted"


def test_every_reviewed_claim_has_a_verdict_that_the_data_gives(built_home: Path) -> None:
    claims = reviewed()
    rows = ledger(built_home / "warehouse.duckdb")
    assert set(rows) == {c["id"] for c in claims}
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        for c in claims:
            verdict, value = expected(con, c)
            row = rows[c["id"]]
            assert row["verdict"] == verdict, (c["id"], row["evidence"])
            if value is None:
                assert row["found_value"] is None
            else:
                assert row["found_value"] == pytest.approx(value), c["id"]


def test_verdicts_of_the_december_2025_commentary(built_home: Path) -> None:
    """What MoF's figures say, looked up directly (not through the claims' series definitions)."""
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:

        def y(tenor: int, d: str) -> float:
            sql = "SELECT yield_pct FROM jgb_yields WHERE tenor_years=? AND date=?"
            return con.execute(sql, [tenor, d]).fetchone()[0]

        def prev_max(tenor: int, d: str) -> float:
            sql = "SELECT max(yield_pct) FROM jgb_yields WHERE tenor_years=? AND date<?"
            return con.execute(sql, [tenor, d]).fetchone()[0]

        y30, y40, y10 = y(30, "2025-12-22"), y(40, "2025-12-22"), y(10, "2025-12-22")
        last_as_high_10y = con.execute(
            "SELECT max(date) FROM jgb_yields WHERE tenor_years=10 AND date<'2025-12-22' AND yield_pct>=?", [y10]
        ).fetchone()[0]
        debt = con.execute("SELECT total_jpy/1e12 FROM government_debt_total WHERE as_of='2025-09-30'").fetchone()[0]
        request = con.execute(
            "SELECT debt_service_total_jpy/1e12 FROM debt_service_budget WHERE fiscal_year=2026 AND stage='request'"
        ).fetchone()[0]
        high30, high40 = prev_max(30, "2025-12-22"), prev_max(40, "2025-12-22")
    rows = ledger(built_home / "warehouse.duckdb")
    verdict = {k: r["verdict"] for k, r in rows.items()}
    assert y30 == 3.374 and abs(y30 - 3.45) > 0.01 and verdict["jgb_30y_level_2025_12_22"] == "contradicted"
    assert y30 > high30 and verdict["jgb_30y_record_2025_12_22"] == "supported"
    assert abs(y40 - 3.715) > 0.01 and verdict["jgb_40y_level_2025_12_22"] == "contradicted"
    assert y40 <= high40 and verdict["jgb_40y_record_2025_12_22"] == "contradicted"
    assert abs(y10 - 2.070) <= 0.01 and verdict["jgb_10y_level_2025_12_22"] == "supported"
    assert (last_as_high_10y.year, last_as_high_10y.month) == (1999, 2)
    assert verdict["jgb_10y_highest_since_1999_02"] == "supported"
    assert rows["jgb_10y_highest_since_1999_02"]["found"] == last_as_high_10y.isoformat()
    assert abs(debt - 1323.72) > 0.01 and verdict["government_debt_total_1323_72"] == "contradicted"
    assert "1323.7155 on 2025-03-31" in rows["government_debt_total_1323_72"]["evidence"]  # an older quarter's figure
    assert abs(request - 32.38) <= 0.01 and verdict["debt_service_request_fy2026"] == "supported"


def test_cpi_streak_debt_to_gdp_and_the_issuers_own_figures(built_home: Path) -> None:
    """The issue-10 claims against the marts read directly: CPI YoY >= 2.0 % from 2022-04 to 2025-11 (44 months,
    both measures); no IMF vintage shows 263 % (closest: 258.4 for 2020, October-2025 vintage); USDD's collateral
    ratio is only the issuer's own figure, so it is issuer_reported, never supported."""
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        below = con.execute(
            "SELECT series_code, max(month) FROM cpi_monthly WHERE series_code IN ('0001','0161') "
            "AND month <= '2025-11-01' AND yoy_pct < 2.0 GROUP BY 1 ORDER BY 1"
        ).fetchall()
        ratios = con.execute(
            "SELECT year, vintage, ratio_pct FROM debt_to_gdp WHERE ratio_kind='imf_general_government_gross_debt'"
        ).fetchall()
    assert [(code, d.isoformat()) for code, d in below] == [("0001", "2022-03-01"), ("0161", "2022-03-01")]
    rows = ledger(built_home / "warehouse.duckdb")
    for claim_id in ("cpi_headline_above_2pct_44_months", "cpi_core_above_2pct_44_months"):
        assert rows[claim_id]["verdict"] == "supported" and rows[claim_id]["found"] == "44"
        assert "2022-04-01 to 2025-11-01" in rows[claim_id]["evidence"]
    assert "series 0001" in rows["cpi_headline_above_2pct_44_months"]["evidence"]
    assert "series 0161" in rows["cpi_core_above_2pct_44_months"]["evidence"]
    closest = min(ratios, key=lambda r: abs(r[2] - 263))
    assert all(abs(r[2] - 263) > 1 for r in ratios) and closest[:1] + closest[2:] == (2020, 258.4)
    gdp = rows["government_debt_263pct_of_gdp"]
    assert gdp["verdict"] == "contradicted" and gdp["found_value"] == pytest.approx(258.4)
    assert "2020, vintage" in gdp["evidence"]
    usdd = rows["usdd_overcollateralized"]
    assert usdd["verdict"] == "issuer_reported" and usdd["found_value"] > 1
    assert "reported by the issuer" in usdd["evidence"]
    issuers_own = [r for r in rows.values() if r["metric_relation"] == "main.attestation_reconciliation"]
    assert issuers_own and not any(r["verdict"] == "supported" for r in issuers_own)


def test_the_thesis_claims_against_the_marts_read_directly(built_home: Path) -> None:
    """Issue 18's claims, looked up in the marts themselves: the ¥2.52 tn is the FY2026 request's interest less
    the FY2025 initial budget's; Germany ranks first at end-2024; long JGBs were below 3.7 % on 2025-12-22; the
    December 2025 super-long auctions beat every earlier one; the event-study claims follow event_study's band."""
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        budget = dict(
            ((fy, stage), (total, interest))
            for fy, stage, total, interest in con.execute(
                "SELECT fiscal_year, stage, debt_service_total_jpy, interest_jpy FROM debt_service_budget"
            ).fetchall()
        )
        ranks = dict(
            con.execute("SELECT country, rank FROM net_external_assets WHERE year_end = '2024-12-31'").fetchall()
        )
        long_yields = [
            r[0]
            for r in con.execute(
                "SELECT yield_pct FROM jgb_yields WHERE date = '2025-12-22' AND tenor_years IN (30, 40)"
            ).fetchall()
        ]
        december = con.execute(
            "SELECT a.bid_to_cover, (SELECT max(e.bid_to_cover) FROM jgb_auction_demand e "
            "WHERE e.maturity_years = a.maturity_years AND e.auction_date < a.auction_date) "
            "FROM jgb_auction_demand a WHERE a.auction_date BETWEEN '2025-12-01' AND '2025-12-31'"
        ).fetchall()
        study = dict(
            ((family, response), position)
            for family, response, position in con.execute(
                "SELECT event_family, response, mean_vs_band FROM event_study WHERE horizon_days = 5"
            ).fetchall()
        )
    rows = ledger(built_home / "warehouse.duckdb")
    verdict = {k: r["verdict"] for k, r in rows.items()}
    rise = (budget[(2026, "request")][1] - budget[(2025, "initial")][1]) / 1e12
    assert rise == pytest.approx(2.5205) and verdict["interest_cost_rise_2_52_trn"] == "supported"
    growth = budget[(2026, "request")][0] / budget[(2025, "initial")][0] - 1
    assert growth > 0.10 and verdict["debt_service_request_big_increase"] == "supported"
    assert ranks["Germany"] == 1 and ranks["Japan"] == 2 and verdict["japan_largest_creditor"] == "contradicted"
    assert len(long_yields) == 2 and max(long_yields) < 3.7
    assert verdict["long_jgb_30y_above_3_7_pct"] == verdict["long_jgb_40y_above_3_7_pct"] == "contradicted"
    assert december and all(btc > earlier for btc, earlier in december)
    assert verdict["superlong_auctions_go_cold_2025_12"] == "contradicted"
    expected = {"within band": "inconclusive"}
    for family in ("jgb_30y", "jgb_10y"):
        drain = {"below band": "supported", "above band": "contradicted", **expected}
        flee = {"above band": "supported", "below band": "contradicted", **expected}
        assert verdict[f"thesis_{family}_events_drain_crypto"] == drain[study[(family, "btc")]]
        assert (
            verdict[f"thesis_{family}_events_flight_to_stablecoins"] == flee[study[(family, "usd_stablecoin_supply")]]
        )


def build_claims_in_copy(tmp: Path, built_home: Path, claims: list[dict[str, Any]]) -> subprocess.CompletedProcess[str]:
    """dbt build -s reviewed_claims claims in a copy of the project whose seed holds ``claims``, on a warehouse copy."""
    project = tmp / "dbt"
    shutil.copytree(REPO_ROOT / "dbt", project, ignore=shutil.ignore_patterns("target", "logs", ".user.yml"))
    with (project / "seeds" / "reviewed_claims.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(reviewed()[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(claims)
    shutil.copy(built_home / "warehouse.duckdb", tmp / "warehouse.duckdb")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "LW_HOME": str(tmp), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return subprocess.run(
        [
            DBT,
            "build",
            "-s",
            "reviewed_claims",
            "claims",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def claim(id_: str, series: str, on: str, comparison: str, claimed: str) -> dict[str, Any]:
    return dict(
        id=id_,
        claim="test claim",
        source_publication="test",
        source_date="today",
        series=series,
        on_date=on,
        comparison=comparison,
        claimed=claimed,
        tolerance="0.01",
        threshold="",
        match_window_days="",
        unit="%",
        note="",
    )


def test_a_missing_day_is_not_yet_checkable_and_a_bad_entry_fails_the_build_naming_it(
    tmp_path: Path, built_home: Path
) -> None:
    claims = [
        claim("sunday", "jgb_yield_10y", "2025-12-21", "above", "0"),
        claim("below_true", "jgb_yield_10y", "2025-12-22", "below", "3"),
        claim("below_false", "jgb_yield_10y", "2025-12-22", "below", "2"),
    ]
    proc = build_claims_in_copy(tmp_path / "ok", built_home, claims)
    assert proc.returncode == 0, proc.stdout[-3000:]
    rows = ledger(tmp_path / "ok" / "warehouse.duckdb")
    assert rows["sunday"]["verdict"] == "not yet checkable" and "no reading" in rows["sunday"]["evidence"]
    assert rows["below_true"]["verdict"] == "supported" and rows["below_false"]["verdict"] == "contradicted"

    broken = claims + [
        claim("roughly", "jgb_yield_10y", "2025-12-22", "roughly", "2"),
        claim("unknown_series", "no_such_series", "2025-12-22", "above", "0"),
    ]
    proc = build_claims_in_copy(tmp_path / "bad", built_home, broken)
    assert proc.returncode != 0
    assert "FAIL 1 accepted_values_reviewed_claims_comparison" in proc.stdout
    assert "FAIL 1 relationships_reviewed_claims_series" in proc.stdout
