"""``lw status``: per source, the last good load, the freshness verdict, failing checks and the last run.

Reads the warehouse read-only (``raw._loads``, the data's own dates) and the Dagster instance (check
evaluations, runs); judges freshness with ``ingest.freshness``, exactly as the Dagster check does.
Exit 1 when any source is stale or has no data, a source check is failing, or its last run failed;
then one alert goes to ``LW_ALERT_WEBHOOK`` (if set). ``--json`` prints the same for machines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import dagster as dg

from dagster_project.cli.environment import prepare_environment
from dagster_project.defs.sources import source_key
from dagster_project.names import ALL_JOB, DOWNSTREAM_JOB, gx_check_name, source_job_name
from ingest.alerts import send_alert
from ingest.freshness import Clock, Freshness, clock, judge, newest_data_date
from ingest.recovery.health import check_warehouse
from ingest.settings import Settings
from ingest.source import SourceSpec
from ingest.sources import SOURCES
from ingest.warehouse.connect import warehouse
from ingest.warehouse.load import LOADS_TABLE, table_count


@dataclass(frozen=True)
class SourceStatus:
    source: str
    last_load: dict[str, Any] | None
    freshness: Freshness
    failing_checks: list[str]
    last_run: dict[str, Any] | None

    @property
    def problems(self) -> list[str]:
        out = [] if not self.freshness.stale else [self.freshness.verdict]
        out += [f"check {c} failing" for c in self.failing_checks]
        if self.last_run and self.last_run["status"] == "FAILURE":
            out.append(f"last run {self.last_run['run_id'][:8]} failed")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ok": not self.problems,
            "problems": self.problems,
            "last_load": self.last_load,
            "freshness": self.freshness.as_dict(),
            "failing_checks": self.failing_checks,
            "last_run": self.last_run,
        }


def _last_load(con: Any, name: str) -> dict[str, Any] | None:
    if not table_count(con, LOADS_TABLE):
        return None
    row = con.execute(
        f"SELECT loaded_at, sha256, payload_rows, rows_total, kind, mode FROM {LOADS_TABLE} "
        "WHERE source = ? ORDER BY loaded_at DESC LIMIT 1",
        [name],
    ).fetchone()
    if row is None:
        return None
    return {
        "loaded_at": row[0].isoformat(),
        "sha256": row[1],
        "payload_rows": row[2],
        "rows_total": row[3],
        "kind": row[4],
        "mode": row[5],
    }


def _failing_checks(instance: dg.DagsterInstance, spec: SourceSpec) -> list[str]:
    key = dg.AssetCheckKey(source_key(spec), gx_check_name(spec.name))
    record = instance.event_log_storage.get_latest_asset_check_execution_by_key([key]).get(key)
    event = record.event.dagster_event if record and record.event else None
    evaluation = event.event_specific_data if event else None
    if evaluation is not None and getattr(evaluation, "passed", True) is False:
        return [key.name]
    return []


def _last_run(instance: dg.DagsterInstance, spec: SourceSpec) -> dict[str, Any] | None:
    runs = [
        r
        for job in (source_job_name(spec.name), DOWNSTREAM_JOB, ALL_JOB)  # what loads it, what builds on it
        for r in instance.get_run_records(filters=dg.RunsFilter(job_name=job), limit=1)
    ]
    if not runs:
        return None
    latest = max(runs, key=lambda r: r.create_timestamp)
    return {
        "run_id": latest.dagster_run.run_id,
        "job": latest.dagster_run.job_name,
        "status": latest.dagster_run.status.value,
        "started": latest.create_timestamp.isoformat(),
    }


def collect(settings: Settings, now: Clock) -> list[SourceStatus]:
    out = []
    with warehouse(settings, read_only=True) as con, dg.DagsterInstance.get() as instance:
        for spec in SOURCES.values():
            out.append(
                SourceStatus(
                    source=spec.name,
                    last_load=_last_load(con, spec.name),
                    freshness=judge(spec, newest_data_date(con, spec), now.now),
                    failing_checks=_failing_checks(instance, spec),
                    last_run=_last_run(instance, spec),
                )
            )
    return out


def status(as_json: bool = False) -> int:
    settings = Settings.from_env()
    prepare_environment(settings)
    now = clock()
    if not settings.warehouse_path.exists() and settings.target == "duckdb":
        print(f"lw: no warehouse at {settings.warehouse_path} yet: run `lw build` first.")
        return 1
    health = check_warehouse(settings)
    if health.state == "unreadable":
        text = (
            f"{health.describe()}. `lw build` sets it aside and rebuilds it from landing (`lw restore` does only "
            f"that); BI tools keep reading the last good serving copy {settings.serving_path}."
        )
        print(f"lw: {text}")
        if problem := send_alert(f"`lw status`: {text}"):
            print(f"lw: {problem}")
        return 1
    rows = collect(settings, now)
    replay = settings.mode == "offline"
    bad = [r for r in rows if r.problems]
    if as_json:
        print(
            json.dumps(
                {
                    "judged_at": now.now.isoformat(),
                    "clock": now.label,
                    "replay": replay,
                    "ok": not bad,
                    "sources": [r.as_dict() for r in rows],
                },
                indent=2,
            )
        )
    else:
        _print_table(rows, now, replay)
    if bad:
        text = "; ".join(f"{r.source}: {', '.join(r.problems)}" for r in bad)
        problem = send_alert(f"`lw status` ({now.label}{', replay' if replay else ''}): {text}")
        if problem:
            print(f"lw: {problem}")
    return 1 if bad else 0


def _print_table(rows: list[SourceStatus], now: Clock, replay: bool) -> None:
    if replay:
        print(
            f"lw: judging a replay of recorded payloads (LW_MODE=offline) at {now.label}"
            + ("" if now.from_env else "; set LW_NOW to the recording day to judge it as of then")
        )
    else:
        print(f"lw: judging live data at {now.label}")
    print(
        f"{'source':<24} {'fresh?':<8} {'newest data':<12} {'last load (UTC)':<20} {'sha256':<12} "
        f"{'rows':>9}  {'last run':<18} problems"
    )
    for r in rows:
        load = r.last_load or {}
        run = r.last_run or {}
        newest = r.freshness.newest.date().isoformat() if r.freshness.newest else "—"
        print(
            f"{r.source:<24} {r.freshness.verdict:<8} {newest:<12} {str(load.get('loaded_at', '—'))[:19]:<20} "
            f"{str(load.get('sha256', '—'))[:12]:<12} {load.get('rows_total') or 0:>9,}  "
            f"{(run.get('status', '—') + ' ' + run.get('run_id', '')[:8]).strip():<18} {', '.join(r.problems) or 'ok'}"
        )
