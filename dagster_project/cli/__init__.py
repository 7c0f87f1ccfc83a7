"""``lw``: the console script users run.

``lw build``   materialize every asset and run every check in this process, one line per step
``lw status``  per source: last load, freshness (on the data's own dates), failing checks, last run
``lw serve``   the Dagster webserver and daemon (schedules, sensors, run queue, run monitoring)
``lw up``      ``lw build``, then ``lw serve`` (even after a failed build, so the UI can show why)
``lw bi``      Apache Superset over the serving copy (``bi.py``)
``lw new-source <name>``  a new source's files from the template (``ingest/scaffold.py``)
``lw restore``, ``lw backup``, ``lw verify``  disaster recovery (``recovery.py``)
``lw sql``     a sandboxed, read-only SQL shell on the serving copy (``sql.py``)
See docs/operations.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import NoReturn

from dagster_project.cli import bi, recovery, sql
from dagster_project.cli.environment import prepare_environment
from ingest import scaffold

__all__ = ["main", "prepare_environment"]


def up(host: str, port: int, verbose: bool) -> int:
    from dagster_project.cli.build import build
    from dagster_project.cli.serve import serve

    if build(verbose=verbose) != 0:
        print("lw: the build failed; the UI will show why (Runs → the latest run).", file=sys.stderr, flush=True)
    return serve(host, port, verbose)


def exit_at_once(code: int) -> NoReturn:
    """End the process without Python's teardown, which takes 1-2 s to free Dagster's, dbt's and GX's modules.

    Only after ``build`` returned: by then its instance is closed (the run is finished in storage), every
    DuckDB connection is closed (each ``with warehouse(...)`` has exited, dbt has exited), the worker and
    log-pump threads are done and the run's log file is flushed and closed. Left to do here: flush this
    process's logging handlers and streams. The atexit handlers skipped are logging's (called here),
    multiprocessing's (its resource tracker exits when this process's end of the pipe closes), filelock's
    (the OS drops a dead process's locks) and alembic's template-file stacks (nothing to delete).
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """``lw``'s console script (``argv`` None: ``lw build`` then exits at once); with ``argv``, returns the status."""
    parser = argparse.ArgumentParser(prog="lw", description="Liquidity Watch: build the warehouse, serve the UI.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="materialize every asset and run every check; exit 1 on any failure")
    b.add_argument("--select", help="comma-separated asset keys (e.g. raw/mof_jgb_yields) instead of everything")
    b.add_argument(
        "--full", action="store_true", help="reload every source and rebuild everything, even what has not changed"
    )
    b.add_argument(
        "--no-restore",
        action="store_true",
        help="if the warehouse cannot be read, stop and explain instead of rebuilding it from landing",
    )
    st = sub.add_parser("status", help="per source: last load, freshness, failing checks, last run; exit 1 if any")
    st.add_argument("--json", action="store_true", help="machine-readable output")
    for name, text in (("serve", "run the Dagster webserver and daemon"), ("up", "build, then serve")):
        s = sub.add_parser(name, help=text)
        s.add_argument("--host", default="127.0.0.1")
        s.add_argument("--port", type=int, default=int(os.environ.get("LW_PORT", "3000")))
    for p in (b, sub.choices["serve"], sub.choices["up"]):
        p.add_argument("-v", "--verbose", action="store_true", help="stream the full Dagster/dbt/GX log too")
    bi.add_parser(sub)
    new = sub.add_parser("new-source", help="write a new source from the template; the places to fill say FILL")
    new.add_argument("name", help="the source's name: its folder under ingest/sources/, raw.<name>, raw/<name>")
    new.set_defaults(run=lambda a: scaffold.run(a.name))
    recovery.add_parsers(sub)
    sql.add_parser(sub)
    args = parser.parse_args(argv)
    if hasattr(args, "run"):  # subcommands that register themselves: lw bi, sql, restore, backup, verify
        return args.run(args)
    if args.command == "build":
        from dagster_project.cli.build import build

        code = build(args.select, verbose=args.verbose, full=args.full, recovery=recovery.Recovery(args.no_restore))
        return exit_at_once(code) if argv is None else code
    if args.command == "status":
        from dagster_project.cli.status import status

        return status(as_json=args.json)
    if args.command == "serve":
        from dagster_project.cli.serve import serve

        return serve(args.host, args.port, args.verbose)
    return up(args.host, args.port, args.verbose)


if __name__ == "__main__":
    raise SystemExit(main())
