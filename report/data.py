"""What the report reads: small queries over the marts, each tolerant of a mart that is not built yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from ingest.sources.mof_jgb_yields.tenors import TENORS
from ingest.warehouse.connect import scalar


@dataclass(frozen=True)
class Frame:
    """Rows of one query as columns, or why there are none (``missing``)."""

    columns: dict[str, list[Any]]
    missing: str | None = None

    @property
    def empty(self) -> bool:
        return self.missing is not None or not any(self.columns.values())

    def __getitem__(self, name: str) -> list[Any]:
        return self.columns[name]

    def split(self, *by: str) -> list[tuple[tuple[Any, ...], Frame]]:
        """One sub-frame per distinct value of ``by`` (in order of first appearance): one chart line each."""
        keys = list(zip(*(self.columns[c] for c in by), strict=True))
        out: dict[tuple[Any, ...], list[int]] = {}
        for i, key in enumerate(keys):
            out.setdefault(key, []).append(i)
        return [(key, Frame({c: [v[i] for i in idx] for c, v in self.columns.items()})) for key, idx in out.items()]


def present(con: duckdb.DuckDBPyConnection, *marts: str) -> str | None:
    """None when every mart exists in schema main, else a sentence naming the absent ones."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()"
    ).fetchall()
    have = {r[0] for r in rows}
    absent = [m for m in marts if m not in have]
    return f"not loaded: main.{', main.'.join(absent)} is not in this warehouse yet" if absent else None


def query(con: duckdb.DuckDBPyConnection, sql: str, *marts: str, params: list[Any] | None = None) -> Frame:
    """Run ``sql`` if its marts exist; a missing mart gives an empty Frame that says so."""
    why = present(con, *marts)
    if why:
        return Frame({}, missing=why)
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    return Frame({n: [r[i] for r in rows] for i, n in enumerate(names)})


def curve_snapshots(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[date, list[float | None]]], str | None]:
    """The newest curve and the curves 1 month and 1 year before it (the last business day on or before)."""
    why = present(con, "jgb_curve_daily")
    if why:
        return [], why
    cols = ", ".join(f"yield_{t}y" for t in TENORS)
    latest = scalar(con, "SELECT max(date) FROM main.jgb_curve_daily")
    if latest is None:
        return [], "main.jgb_curve_daily has no rows"
    out = []
    for offset in ("0 day", "1 month", "1 year"):
        row = con.execute(
            f"SELECT date, {cols} FROM main.jgb_curve_daily WHERE date <= ?::date - INTERVAL {offset!r} "
            "ORDER BY date DESC LIMIT 1",
            [latest],
        ).fetchone()
        if row:
            out.append((row[0], list(row[1:])))
    return out, None


def tenor_history(con: duckdb.DuckDBPyConnection) -> Frame:
    """Weekly history per tenor (the week's last business day): 50 years of dailies would make the page heavy."""
    return query(
        con,
        """SELECT tenor_years, date, yield_pct FROM main.jgb_yields
           QUALIFY row_number() OVER (PARTITION BY tenor_years, date_trunc('week', date) ORDER BY date DESC) = 1
           ORDER BY tenor_years, date""",
        "jgb_yields",
    )


def tenor_records(con: duckdb.DuckDBPyConnection) -> Frame:
    """Every day a tenor set an all-time high of its series (its first value excluded)."""
    return query(
        con,
        """SELECT tenor_years, date, yield_pct FROM main.jgb_tenor_records
           WHERE is_all_time_high AND NOT is_first_observation ORDER BY tenor_years, date""",
        "jgb_tenor_records",
    )


def spreads(con: duckdb.DuckDBPyConnection) -> Frame:
    """Weekly means, dated on each week's last business day (a mean skips a day without a 40Y yield)."""
    return query(
        con,
        """SELECT max(date) AS date, avg(spread_10y_2y_bp) AS spread_10y_2y_bp,
                  avg(spread_30y_10y_bp) AS spread_30y_10y_bp, avg(spread_40y_30y_bp) AS spread_40y_30y_bp
           FROM main.jgb_spreads GROUP BY date_trunc('week', date) ORDER BY date""",
        "jgb_spreads",
    )


def policy_spread(con: duckdb.DuckDBPyConnection) -> Frame:
    return query(
        con, "SELECT date, policy_rate_pct, spread_10y_bp FROM main.jgb_vs_policy ORDER BY date", "jgb_vs_policy"
    )


def debt_total(con: duckdb.DuckDBPyConnection) -> Frame:
    return query(
        con,
        "SELECT as_of, total_jpy / 1e12 AS total_trn FROM main.government_debt_total ORDER BY as_of",
        "government_debt_total",
    )


def debt_sensitivity(con: duckdb.DuckDBPyConnection) -> Frame:
    return query(
        con,
        """SELECT scope, years_after, shock_pp, stock_as_of, added_interest_jpy / 1e12 AS added_trn,
                  mof_estimate_jpy / 1e12 AS mof_trn
           FROM main.debt_service_sensitivity ORDER BY scope, years_after""",
        "debt_service_sensitivity",
    )


def backing(con: duckdb.DuckDBPyConnection) -> Frame:
    return query(
        con,
        """SELECT token, ts, onchain_supply, collateral_ratio, psm_depth_usd
           FROM main.stablecoin_backing ORDER BY token, ts""",
        "stablecoin_backing",
    )


def pressure(con: duckdb.DuckDBPyConnection) -> Frame:
    return query(
        con,
        """SELECT date, stress_score, stress_components,
                  avg(stress_score) OVER (ORDER BY date ROWS 19 PRECEDING) AS stress_score_20d
           FROM main.liquidity_pressure_daily WHERE stress_score IS NOT NULL ORDER BY date""",
        "liquidity_pressure_daily",
    )


def stablecoin_supply(con: duckdb.DuckDBPyConnection) -> Frame:
    """Total circulating supply per token, weekly (each week's last reading)."""
    return query(
        con,
        """SELECT token, date, supply FROM main.stablecoin_supply_daily
           QUALIFY row_number() OVER (PARTITION BY token, date_trunc('week', date) ORDER BY date DESC) = 1
           ORDER BY token, date""",
        "stablecoin_supply_daily",
    )


# What the report's header names: each headline series and its newest date (not a path on the build machine).
DATA_DATES = (
    ("JGB yields", "SELECT max(date) FROM main.jgb_yields", "jgb_yields"),
    ("call rate", "SELECT max(date) FROM main.policy_rates WHERE series = 'call_rate_overnight'", "policy_rates"),
    ("CPI", "SELECT max(month) FROM main.cpi_monthly", "cpi_monthly"),
    ("government debt", "SELECT max(as_of) FROM main.government_debt_total", "government_debt_total"),
    ("stablecoin supply", "SELECT max(date) FROM main.stablecoin_supply_daily", "stablecoin_supply_daily"),
)


def data_dates(con: duckdb.DuckDBPyConnection) -> list[tuple[str, date | None]]:
    """The newest date of each headline series present (a mart not built yet is left out)."""
    out = []
    for label, sql, mart in DATA_DATES:
        if present(con, mart) is None:
            row = con.execute(sql).fetchone()
            out.append((label, row[0] if row else None))
    return out


def claims_without_verdict(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Reviewed claims (the seed) that have no row in the ledger: a wiring error, never a data gap."""
    rows = con.execute(
        "SELECT r.id FROM reviewed.reviewed_claims r ANTI JOIN main.claims c ON c.id = r.id ORDER BY r.id"
    ).fetchall()
    return [r[0] for r in rows]


def claims_without_data(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Claims not yet checkable because their series has no reading at all (its source is not loaded)."""
    rows = con.execute(
        """SELECT c.id FROM main.claims c
            WHERE c.verdict = 'not yet checkable'
              AND NOT EXISTS (SELECT 1 FROM intermediate.int_claims__series s WHERE s.series = c.series)
            ORDER BY c.id"""
    ).fetchall()
    return [r[0] for r in rows]


def claims(con: duckdb.DuckDBPyConnection) -> Frame:
    return query(
        con,
        "SELECT id, claim, claimed, found, unit, verdict, evidence, checked_at FROM main.claims ORDER BY id",
        "claims",
    )
