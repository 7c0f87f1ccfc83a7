"""The claims ledger on a built warehouse: each verdict against what the fct tables say, computed here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from ingest.settings import REPO_ROOT

pytestmark = pytest.mark.slow
CLAIMS_YML = REPO_ROOT / "dbt" / "claims.yml"
DBT = str(Path(sys.executable).parent / "dbt")


def ledger(db: Path) -> dict[str, dict[str, Any]]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute("SELECT * FROM main.claims")
        names = [d[0] for d in cur.description]
        return {r[0]: dict(zip(names, r)) for r in cur.fetchall()}


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name='main' AND table_name=?", [name]).fetchone()[0] > 0


def expected(con: duckdb.DuckDBPyConnection, c: dict[str, Any]) -> tuple[str, float | None]:
    """The verdict and value by the rules written in claims.yml, evaluated in Python over the raw series."""
    m = c["metric"]
    if not has_table(con, m["relation"]):
        return "not yet checkable", None
    at = m.get("at") or m["date"]
    rows = con.execute(
        f"SELECT ({m['date']})::date, ({m['value']})::double, {at} FROM main.{m['relation']} "
        f"WHERE ({m.get('where') or 'true'}) AND ({m['value']}) IS NOT NULL"
    ).fetchall()
    by_day: dict[date, list[tuple[Any, float]]] = {}
    for d, v, a in rows:
        by_day.setdefault(d, []).append((a, v))
    on = c["on_date"]
    if on not in by_day:
        return "not yet checkable", None
    readings = by_day[on]
    assert m.get("at") or len(readings) == 1, f"{c['id']}: {len(readings)} rows on {on}"
    v = max(readings, key=lambda r: r[0])[1]
    series = {d: max(rs, key=lambda r: r[0])[1] for d, rs in by_day.items()}
    earlier = {d: x for d, x in series.items() if d < on}
    kind = c["comparison"]
    if kind == "equals-within-tolerance":
        ok = abs(v - float(c["claimed"])) <= float(c["tolerance"]) + 1e-9
    elif kind == "above":
        ok = v > float(c["claimed"])
    elif kind == "below":
        ok = v < float(c["claimed"])
    elif kind == "is-record-high":
        ok = not earlier or v > max(earlier.values())
    else:
        as_high = [d for d, x in earlier.items() if x >= v]
        since = c["claimed"]
        ok = bool(as_high) and since <= max(as_high) <= since + timedelta(days=int(c["tolerance"]))
    return ("supported" if ok else "contradicted"), v


def test_every_claim_in_the_yaml_has_a_verdict_that_the_data_gives(built_home: Path) -> None:
    claims = yaml.safe_load(CLAIMS_YML.read_text())["claims"]
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
    """What MoF's figures say, looked up directly (not through claims.yml's metric definitions)."""
    with duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True) as con:
        def y(tenor: int, d: str) -> float:
            return con.execute("SELECT yield_pct FROM jgb_yields WHERE tenor_years=? AND date=?", [tenor, d]).fetchone()[0]

        def prev_max(tenor: int, d: str) -> float:
            return con.execute("SELECT max(yield_pct) FROM jgb_yields WHERE tenor_years=? AND date<?", [tenor, d]).fetchone()[0]

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


def run_claims_in_copy(tmp: Path, built_home: Path, claims_yaml: str) -> subprocess.CompletedProcess[str]:
    """dbt run -s claims in a copy of the project whose claims.yml is ``claims_yaml``, on a copy of the warehouse."""
    project = tmp / "dbt"
    shutil.copytree(REPO_ROOT / "dbt", project, ignore=shutil.ignore_patterns("target", "logs", ".user.yml"))
    (project / "claims.yml").write_text(claims_yaml)
    shutil.copy(built_home / "warehouse.duckdb", tmp / "warehouse.duckdb")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "LW_WAREHOUSE": str(tmp / "warehouse.duckdb"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return subprocess.run([DBT, "run", "-s", "claims", "--project-dir", str(project), "--profiles-dir", str(project)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


CLAIM = """
  - id: {id}
    claim: test claim
    source: {{publication: test, date: today}}
    metric: {{relation: {relation}, date: date, value: yield_pct, where: tenor_years = 10}}
    on_date: {on}
    comparison: {comparison}
    claimed: {claimed}
    tolerance: 0.01
    unit: "%"
"""


def test_a_missing_mart_or_day_is_not_yet_checkable_and_a_bad_entry_names_its_field(tmp_path: Path, built_home: Path) -> None:
    claims = "claims:" + "".join(CLAIM.format(**c) for c in (
        dict(id="absent_mart", relation="no_such_mart", on="2025-12-22", comparison="above", claimed=0),
        dict(id="sunday", relation="jgb_yields", on="2025-12-21", comparison="above", claimed=0),
        dict(id="below_true", relation="jgb_yields", on="2025-12-22", comparison="below", claimed=3),
        dict(id="below_false", relation="jgb_yields", on="2025-12-22", comparison="below", claimed=2),
    ))
    proc = run_claims_in_copy(tmp_path / "ok", built_home, claims)
    assert proc.returncode == 0, proc.stdout[-3000:]
    rows = ledger(tmp_path / "ok" / "warehouse.duckdb")
    assert rows["absent_mart"]["verdict"] == "not yet checkable"
    assert "main.no_such_mart is not part of this project" in rows["absent_mart"]["evidence"]
    assert rows["sunday"]["verdict"] == "not yet checkable" and "no row" in rows["sunday"]["evidence"]
    assert rows["below_true"]["verdict"] == "supported" and rows["below_false"]["verdict"] == "contradicted"

    broken = claims.replace("    comparison: below\n    claimed: 2", "    comparison: roughly\n    claimed: 2")
    proc = run_claims_in_copy(tmp_path / "bad", built_home, broken)
    assert proc.returncode != 0
    assert "claims.yml: claim #4 (id below_false): field 'comparison' is 'roughly'" in proc.stdout
