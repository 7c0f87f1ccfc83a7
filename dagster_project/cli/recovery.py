"""``lw restore``, ``lw backup``, ``lw verify``, and what ``lw build`` does about a damaged or missing warehouse.

Before its first step, ``lw build`` opens the warehouse (``ingest.recovery.health``). A file that cannot
be read is moved to ``LW_HOME/corrupt/<time>.duckdb`` and rebuilt from landing, every load replayed at its
original time (``ingest.recovery.replay``); with ``--no-restore`` the build stops and says how to recover.
A missing warehouse with payloads in landing is rebuilt the same way, so no revision or vintage is lost.
BI tools read the serving copy, which is replaced only at the end of a good build, so they keep the last
good data meanwhile. The rebuilt raw tables equal the lost ones, so dbt's record of what it last built
(``rebuild.fingerprints.state_path``) no longer describes the warehouse and is dropped: every model is rebuilt.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from dagster_project.cli.console import Console
from dagster_project.cli.environment import POSTGRES_URL_ENV, prepare_environment
from dagster_project.rebuild.fingerprints import state_path
from ingest.alerts import send_alert
from ingest.recovery.backup import DEFAULT_KEEP, backup, list_backups, restore_backup
from ingest.recovery.disk import NoSpace, human
from ingest.recovery.health import check_warehouse, set_aside
from ingest.recovery.replay import replay_landing
from ingest.recovery.verify import verify
from ingest.settings import Settings

NEWEST = ""  # ``--from-backup`` without a name: the newest snapshot


@dataclass(frozen=True)
class Recovery:
    """What ``lw build`` does about the warehouse before its first step."""

    stop_if_unreadable: bool = False  # ``lw build --no-restore``
    rebuild: bool = False  # ``lw restore``: rebuild from landing whatever state the warehouse is in
    backup: str | None = None  # ``lw restore --from-backup [NAME]``


def dagster_home() -> Path | None:
    """Dagster's instance folder when its storage is SQLite there (with PostgreSQL, backups are PostgreSQL's job)."""
    return None if os.environ.get(POSTGRES_URL_ENV) else Path(os.environ["DAGSTER_HOME"])


def landed_payloads(settings: Settings) -> int:
    return sum(1 for _ in settings.landing_dir.glob("*/*/*.meta.json"))


def tell(console: Console, line: str) -> None:
    """A line for the person at the terminal, and the same for the alert webhook."""
    console.say(f"lw: {line}")
    if problem := send_alert(line):
        console.say(f"lw: {problem}")


def prepare_warehouse(settings: Settings, console: Console, recovery: Recovery) -> int | None:
    """Make the warehouse readable before any step runs; an exit code when the build must stop, else None."""
    if recovery.backup is not None:
        return _from_backup(settings, console, recovery.backup)
    health = check_warehouse(settings)
    landing = f"the {landed_payloads(settings)} payloads in {settings.landing_dir}"
    if health.state == "unreadable" and recovery.stop_if_unreadable:
        tell(
            console,
            f"{health.describe()}. Stopped (--no-restore), nothing changed. `lw restore` sets it aside and "
            f"rebuilds it from {landing}; `lw restore --from-backup` puts back the last snapshot.",
        )
        return 1
    if health.state == "unreadable":
        moved = set_aside(settings)
        tell(
            console,
            f"{health.describe()}: moved it to {moved} and rebuilding it from {landing}; BI tools keep "
            f"reading the last good serving copy {settings.serving_path} until the build publishes a new one.",
        )
    elif recovery.rebuild and health.state == "ok":
        console.say(f"lw: moved the warehouse to {set_aside(settings, 'replaced')}; rebuilding it from {landing}")
    elif health.state == "missing" and landed_payloads(settings) and not recovery.rebuild:
        console.say(f"lw: {health.describe()}; rebuilding it from {landing}, so every revision and vintage is kept")
    elif not recovery.rebuild:
        return None
    _rebuild(settings, console)
    return None


def _rebuild(settings: Settings, console: Console) -> None:
    summary = replay_landing(settings, console.say)
    state_path(settings).unlink(missing_ok=True)  # dbt's models are not in the rebuilt file: build them all
    console.say(f"lw: rebuilt the raw tables from landing: {summary.line()}")


def _from_backup(settings: Settings, console: Console, name: str) -> int | None:
    found = list_backups(settings)
    chosen = [p for p in found if p.name == name] if name != NEWEST else found[-1:]
    if not chosen:
        names = ", ".join(p.name for p in found) or "none"
        console.say(f"lw: no backup {name or ''} under {settings.home / 'backups'} (there are: {names})")
        return 1
    try:
        aside = restore_backup(settings, chosen[0], dagster_home())
    except ValueError as exc:
        console.say(f"lw: {exc}")
        return 1
    moved = f"; the warehouse it replaced is {aside}" if aside else ""
    console.say(f"lw: restored backup {chosen[0]}{moved}; now loading what landed since it was taken")
    _rebuild(settings, console)
    return None


def run_restore(args: argparse.Namespace) -> int:
    from dagster_project.cli.build import build

    recovery = Recovery(rebuild=args.from_backup is None, backup=args.from_backup)
    return build(verbose=args.verbose, recovery=recovery)


def run_backup(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    prepare_environment(settings)
    health = check_warehouse(settings)
    if health.state != "ok":
        print(f"lw: {health.describe()}: nothing to back up (`lw build` or `lw restore` first)")
        return 1
    try:
        result = backup(settings, dagster_home(), keep=args.keep)
    except NoSpace as exc:
        print(f"lw: backup failed: {exc}; nothing was kept of it")
        send_alert(f"`lw backup` failed: {exc}")
        return 1
    removed = f"; removed {len(result.removed)} older" if result.removed else ""
    print(
        f"lw: backup {result.path}: {human(result.bytes)} in {result.seconds:.1f}s "
        f"(keeping the newest {args.keep}{removed})"
    )
    return 0


def run_verify(_args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    found = verify(settings.landing_dir, settings.recorded_dir)
    for line in found.mismatches:
        print(f"lw: MISMATCH {line}")
    checked = f"{found.landed} landed payloads and {found.recordings} recordings"
    if not found.mismatches:
        print(f"lw: verified {checked}: every file holds the bytes its name or manifest says")
        return 0
    text = f"`lw verify`: {len(found.mismatches)} of {checked} do not hold the bytes their name or manifest says"
    print(f"lw: {text}")
    if problem := send_alert(f"{text}: " + "; ".join(found.mismatches[:5])):
        print(f"lw: {problem}")
    return 1


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lw restore``, ``lw backup`` and ``lw verify`` on the ``lw`` parser."""
    r = sub.add_parser("restore", help="rebuild the warehouse from landing (or a backup), then build the rest")
    r.add_argument(
        "--from-backup",
        nargs="?",
        const=NEWEST,
        metavar="NAME",
        help="put back a snapshot from LW_HOME/backups (the newest, or NAME), then load what landed since",
    )
    r.add_argument("-v", "--verbose", action="store_true", help="stream the full Dagster/dbt/GX log too")
    r.set_defaults(run=run_restore)
    b = sub.add_parser("backup", help="snapshot the warehouse and Dagster's instance into LW_HOME/backups/<time>/")
    b.add_argument("--keep", type=int, default=DEFAULT_KEEP, help=f"snapshots to keep (default {DEFAULT_KEEP})")
    b.set_defaults(run=run_backup)
    v = sub.add_parser("verify", help="re-hash landed payloads and recordings; exit 1 on any mismatch")
    v.set_defaults(run=run_verify)
