"""``lw``: the console script users run.

``lw build`` materializes every asset and runs every check, non-interactively, recording the run
in the same Dagster instance the UI reads; it exits non-zero if any asset or blocking check fails.
``lw up`` builds, then serves the Dagster UI on 127.0.0.1:3000.
"""

import argparse
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from ingest.settings import REPO_ROOT, Settings

from dagster_project.cli import bi

DBT_DIR = REPO_ROOT / "dbt"

DAGSTER_YAML = """\
# Written by `lw`: Dagster's own state for Liquidity Watch lives beside the warehouse.
telemetry:
  enabled: false
concurrency:
  runs:
    # DuckDB takes one writer at a time: runs that write the warehouse queue behind each other.
    tag_concurrency_limits:
      - key: liquidity_watch/warehouse
        limit: 1
  pools:
    default_limit: 1
"""


def prepare_environment(settings: Settings) -> None:
    """Point Dagster at LW_HOME/dagster and dbt at the warehouse, for this process and its children."""
    settings.home.mkdir(parents=True, exist_ok=True)
    dagster_home = Path(os.environ.get("DAGSTER_HOME") or settings.dagster_home)
    dagster_home.mkdir(parents=True, exist_ok=True)
    cfg = dagster_home / "dagster.yaml"
    if not cfg.exists():
        cfg.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    os.environ["LW_HOME"] = str(settings.home)
    os.environ.update(settings.dbt_env())


def _newest_mtime(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)


def ensure_dbt_manifest() -> None:
    """Build dbt's manifest when missing or older than the project (Dagster reads it at import)."""
    manifest = DBT_DIR / "target" / "manifest.json"
    sources = [DBT_DIR / d for d in ("models", "macros", "tests")] + [DBT_DIR / "dbt_project.yml"]
    newest = max(_newest_mtime(s) if s.is_dir() else s.stat().st_mtime for s in sources if s.exists())
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    dbt = Path(sys.executable).parent / "dbt"
    print("lw: parsing the dbt project (manifest for Dagster)…", flush=True)
    subprocess.run(
        [str(dbt), "parse", "--quiet", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        check=True,
        cwd=DBT_DIR,
    )


def build(selection: str | None = None) -> bool:
    """Run the ``lw_all`` job in-process against the persistent instance; True when everything passed."""
    settings = Settings.from_env()
    prepare_environment(settings)
    ensure_dbt_manifest()
    import dagster as dg

    from dagster_project.definitions import defs

    started = time.perf_counter()
    print(f"lw: building into {settings.home} (mode={settings.mode}, target={settings.target})", flush=True)
    job = defs.resolve_job_def("lw_all")
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance,
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            raise_on_error=False,
            asset_selection=[dg.AssetKey.from_user_string(s) for s in selection.split(",")] if selection else None,
        )
        planned = [node.name for node in job.graph.nodes]
        started_steps = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
        not_run = [s for s in planned if s not in started_steps]
        failed_steps = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        failed_checks = [
            f"{e.event_specific_data.asset_key.to_user_string()}:{e.event_specific_data.check_name}"
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
        ]
        materialized = sum(1 for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION")
        checks = sum(1 for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION")
    ok = result.success and not failed_checks
    print(
        f"lw: run {result.run_id} {'succeeded' if ok else 'FAILED'} in {time.perf_counter() - started:.1f}s: "
        f"{materialized} assets materialized, {checks} checks evaluated, {len(failed_checks)} failed",
        flush=True,
    )
    for step in failed_steps:
        print(f"lw:   failed step: {step}", flush=True)
    if not_run and not ok:
        print(f"lw:   not run (upstream failed): {', '.join(not_run)}", flush=True)
    for check in failed_checks:
        print(f"lw:   failed check: {check}", flush=True)
    if ok:
        print(f"lw: serving copy for BI tools: {settings.serving_path}", flush=True)
    return ok


def up(host: str, port: int) -> int:
    """Build, then serve the UI (even after a failed build, so the failure can be read there)."""
    ok = build()
    if not ok:
        print("lw: the build failed; the UI will show why (Runs → the latest run).", file=sys.stderr, flush=True)
    print(f"lw: serving the Dagster UI on http://{host}:{port}", flush=True)
    dagster = Path(sys.executable).parent / "dagster"
    os.chdir(REPO_ROOT)
    os.execv(str(dagster), [str(dagster), "dev", "-w", str(REPO_ROOT / "workspace.yaml"), "-h", host, "-p", str(port)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lw", description="Liquidity Watch: build the warehouse, serve the UI.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="materialize every asset and run every check; exit 1 on any failure")
    b.add_argument("--select", help="comma-separated asset keys (e.g. raw/mof_jgb_yields) instead of everything")
    u = sub.add_parser("up", help="build, then serve the Dagster UI")
    u.add_argument("--host", default="127.0.0.1")
    u.add_argument("--port", type=int, default=int(os.environ.get("LW_PORT", "3000")))
    bi.add_parser(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if hasattr(args, "run"):  # subcommands that register themselves: lw bi
        return args.run(args)
    if args.command == "build":
        return 0 if build(args.select) else 1
    return up(args.host, args.port)


if __name__ == "__main__":
    raise SystemExit(main())
