"""``lw build``: run ``ALL_JOB`` in this process, print one line per step, stop cleanly on Ctrl-C / SIGTERM.

The job executes in a worker thread (Dagster's in-process executor, the same instance the UI reads);
the main thread keeps the signals, reads the run's events from the instance and prints them. On
SIGINT or SIGTERM it ends this process's children (dbt), reports the run failed with the reason,
frees its pool slots and exits at once (130 / 143): nothing half-done can persist, because every
load and every dbt model commits whole or not at all. Before starting, runs left unfinished by a
dead process are reaped (see ``runs.py``) and a live writer is waited for, saying so every 10 s.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from dagster_project.cli.console import Console, capture_output
from dagster_project.cli.environment import log_dir, prepare_environment
from dagster_project.cli.failures import disk_full_lines, failure_text
from dagster_project.cli.recovery import Recovery, prepare_warehouse
from dagster_project.names import ALL_JOB, FRESHNESS_CHECK, FULL_TAG
from dagster_project.operations.processes import descendants, end_tree, ends_with_us
from dagster_project.operations.runs import holder, live_writers, process_tags, reap_dead_runs, remove_dead_temp_files
from ingest.alerts import send_alert
from ingest.settings import Settings
from ingest.sources import SOURCES

HEARTBEAT_S = 30.0
WAIT_REPORT_S = 10.0
SIGNAL_EXIT: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}
EVENTS = {
    dg.DagsterEventType.STEP_START,
    dg.DagsterEventType.STEP_SUCCESS,
    dg.DagsterEventType.STEP_FAILURE,
    dg.DagsterEventType.STEP_UP_FOR_RETRY,
    dg.DagsterEventType.ASSET_MATERIALIZATION,
    dg.DagsterEventType.ASSET_CHECK_EVALUATION,
}


@dataclass
class StepTally:
    started: float
    assets: int = 0
    rows: int | None = None
    checks: int = 0
    checks_failed: int = 0


@dataclass
class Progress:
    """What the console knows about the run so far, from its events."""

    planned: int
    done: int = 0
    steps: dict[str, StepTally] = field(default_factory=dict)
    failed_steps: list[str] = field(default_factory=list)
    failed_checks: list[tuple[str, Any]] = field(default_factory=list)  # (asset:check, evaluation)
    warned_checks: list[tuple[str, Any]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    no_space: list[str] = field(default_factory=list)  # failures for lack of disk space, as the step said them
    freshness_judged_at: str | None = None
    materialized: int = 0
    checks: int = 0


def _step_line(progress: Progress, key: str, outcome: str, tally: StepTally, extra: str = "") -> str:
    width = len(str(progress.planned))
    parts = [f"{time.monotonic() - tally.started:5.1f}s"]
    if tally.rows is not None:
        parts.append(f"{tally.rows:,} rows")
    elif tally.assets > 1:
        parts.append(f"{tally.assets} assets")
    if tally.checks:
        parts.append(f"{tally.checks} checks" + (f", {tally.checks_failed} failed" if tally.checks_failed else ""))
    return f"lw: [{progress.done:>{width}}/{progress.planned}] {outcome:<6} {key}  {'  '.join(parts)}{extra}"


def handle_event(progress: Progress, entry: Any, console: Console) -> None:
    event = entry.dagster_event
    key = event.step_key or "run"
    tally = progress.steps.setdefault(key, StepTally(started=time.monotonic()))
    kind = event.event_type
    if kind == dg.DagsterEventType.STEP_START:
        progress.steps[key] = StepTally(started=time.monotonic())
        console.progress(f"lw: [{progress.done}/{progress.planned}] running {key}…")
    elif kind == dg.DagsterEventType.ASSET_MATERIALIZATION:
        progress.materialized += 1
        tally.assets += 1
        rows = event.event_specific_data.materialization.metadata.get("rows_total")
        if rows is not None:
            tally.rows = (tally.rows or 0) + int(rows.value)
    elif kind == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
        _check_evaluated(progress, tally, event.event_specific_data)
    elif kind == dg.DagsterEventType.STEP_UP_FOR_RETRY:
        console.say(f"lw:        retry  {key}: {_first_line(event.message)}")
    elif kind in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
        progress.done += 1
        ok = kind == dg.DagsterEventType.STEP_SUCCESS
        extra = ""
        if not ok:
            progress.failed_steps.append(key)
            error = event.step_failure_data.error if event.step_failure_data else None
            text, no_space = failure_text(error, event.message)
            if no_space:
                progress.no_space.append(f"{key}: {text}")
            extra = f"\nlw:          {_first_line(text, 300)}"
        console.say(_step_line(progress, key, "ok" if ok else "FAILED", tally, extra))


def _check_evaluated(progress: Progress, tally: StepTally, evaluation: Any) -> None:
    progress.checks += 1
    tally.checks += 1
    name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
    if evaluation.check_name == FRESHNESS_CHECK:
        judged = evaluation.metadata.get("judged_at")
        progress.freshness_judged_at = str(judged.value) if judged else progress.freshness_judged_at
        if not evaluation.passed:
            progress.stale.append(evaluation.asset_key.path[-1])
        return
    if evaluation.passed:
        return
    tally.checks_failed += 1
    if evaluation.severity == dg.AssetCheckSeverity.WARN:
        progress.warned_checks.append((name, evaluation))
    else:
        progress.failed_checks.append((name, evaluation))


def _first_line(text: str | None, limit: int = 200) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _check_details(evaluation: Any, max_lines: int = 6) -> list[str]:
    """The failing expectations of a check (its ``failures`` metadata), a few lines of them."""
    failures = evaluation.metadata.get("failures") or evaluation.metadata.get("why")
    if failures is None:
        return []
    lines = [ln.strip() for ln in str(failures.value).splitlines() if ln.strip()]
    return [f"lw:       {ln[:300]}" for ln in lines[:max_lines]]


class Interrupt:
    """The first SIGINT/SIGTERM received (the main thread acts on it)."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def __call__(self, signum: int, _frame: object) -> None:
        self.signum = self.signum or signum

    def install(self) -> None:
        for sig in SIGNAL_EXIT:
            signal.signal(sig, self)


def _load_job() -> tuple[dg.JobDefinition, list[dg.AssetKey], list[dg.AssetKey]]:
    """``lw_all``, its source assets (a build's first stage) and every other asset (the second)."""
    from dagster_project.definitions import defs
    from dagster_project.defs.sources import source_key

    resolved = defs() if callable(defs) else defs
    sources = [source_key(spec) for spec in SOURCES.values()]
    keys = set(resolved.resolve_all_asset_keys()) - set(sources)
    rest = sorted(k for k in keys if resolved.resolve_assets_def(k).is_executable)  # not the dashboard: Superset's
    return resolved.resolve_job_def(ALL_JOB), sources, rest


def _planned(job: dg.JobDefinition, keys: list[dg.AssetKey]) -> int:
    """Steps a run of ``keys`` (and their checks) has: the console's "[n/N]"."""
    return len(job.get_subset(asset_selection=set(keys)).graph.nodes)


def _wait_for_writers(instance: dg.DagsterInstance, console: Console, interrupt: Interrupt) -> None:
    """Another live run writes the warehouse: wait for it (one writer at a time), saying so every 10 s."""
    started = time.monotonic()
    last_said = 0.0
    while interrupt.signum is None and (writers := live_writers(instance)):
        waited = time.monotonic() - started
        if waited - last_said >= WAIT_REPORT_S or last_said == 0.0:
            names = ", ".join(holder(instance, r) for r in writers)
            console.say(f"lw: waiting for {names} to finish: it writes the warehouse ({waited:.0f}s so far)")
            last_said = waited or 1e-9
        time.sleep(1.0)


def build(
    selection: str | None = None, verbose: bool = False, full: bool = False, recovery: Recovery | None = None
) -> int:
    """Materialize everything (or ``selection``); 0 when every step and every ERROR-severity check passed.

    Only what changed is reloaded and rebuilt; ``full`` (the run tag ``FULL_TAG``) redoes everything.
    Without a selection a build is two runs of ``lw_all``: the sources (only they can tell whether
    their bytes changed), then everything built on them, only when there is something to do
    (``dagster_project/rebuild/``, the same decision the daemon's sensor asks for): a build with
    nothing new stops after the first. Before any step, a warehouse that cannot be read is set aside and
    rebuilt from landing (``recovery``).
    """
    settings = Settings.from_env()
    prepare_environment(settings)
    run_id = str(uuid.uuid4())
    log_path = log_dir(settings) / f"{run_id}.log"
    with capture_output(log_path, echo=verbose) as console:
        console.say(f"lw: building into {settings.home} (mode={settings.mode}, target={settings.target})")
        console.say(f"lw: run {run_id}; full log: {log_path}")
        if (stop := prepare_warehouse(settings, console, recovery or Recovery())) is not None:
            return stop
        interrupt = Interrupt()
        interrupt.install()
        from dagster_project.dbt_project import prepare_manifest

        prepare_manifest()
        job, sources, rest = _load_job()
        chosen = [dg.AssetKey.from_user_string(s) for s in selection.split(",")] if selection else None
        with dg.DagsterInstance.get() as instance:
            for line in reap_dead_runs(instance, settings.home, by="lw build"):
                console.say(f"lw: recovered: {line}")
            _wait_for_writers(instance, console, interrupt)
            if interrupt.signum is not None:
                console.say("lw: interrupted before the run started; nothing was changed.")
                return SIGNAL_EXIT[interrupt.signum]
            tags = {**process_tags(), **({FULL_TAG: "true"} if full else {})}
            run = Run(job, instance, settings, console, interrupt, log_path, tags, chosen or [*sources, *rest])
            if chosen:
                return run.execute(chosen, run_id)
            code = run.execute(sources, run_id, last=False)
            if code != 0:
                return code
            from dagster_project.rebuild import what_must_run

            reasons = what_must_run(settings, full=full).reasons
            if not reasons:
                console.say(
                    "lw: nothing else to do: every dbt model and test is as it last built and passed, and the "
                    "serving copy and the report are from this warehouse state"
                )
                console.say(f"lw: serving copy for BI tools: {settings.serving_path}")
                return 0
            second = str(uuid.uuid4())
            console.say(f"lw: run {second}: everything built on the sources ({'; '.join(reasons)})")
            return run.execute(rest, second)


@dataclass
class Run:
    """What every run of one build shares: the job, the instance, where it reports, the build's tags."""

    job: dg.JobDefinition
    instance: dg.DagsterInstance
    settings: Settings
    console: Console
    interrupt: Interrupt
    log_path: Any
    tags: dict[str, str]
    scope: list[dg.AssetKey]  # every asset this build means to materialize, over all its runs
    ran: set[str] = field(default_factory=set)  # steps started by any run of this build so far

    def execute(self, keys: list[dg.AssetKey], run_id: str, *, last: bool = True) -> int:
        """Run ``keys`` (and their checks) as run ``run_id``; ``last`` says where the serving copy is."""
        return _execute(self, keys, _planned(self.job, keys), run_id, last)

    def not_run(self) -> list[str]:
        """Steps of this build no run of it started (a step that ran in the sources' run did run)."""
        return [
            n.name for n in self.job.get_subset(asset_selection=set(self.scope)).graph.nodes if n.name not in self.ran
        ]


def _execute(run: Run, keys: list[dg.AssetKey], planned: int, run_id: str, last: bool) -> int:
    job, instance, settings, console, interrupt = run.job, run.instance, run.settings, run.console, run.interrupt
    log_path, tags = run.log_path, run.tags
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = job.execute_in_process(
                instance=instance,
                run_id=run_id,
                tags=tags,
                raise_on_error=False,
                asset_selection=keys,
                run_config={"loggers": {"console": {"config": {"log_level": "DEBUG"}}}},
            )
        except BaseException as exc:  # surfaced by the main thread
            outcome["error"] = exc

    started = time.monotonic()
    worker = threading.Thread(target=work, name="lw-run", daemon=True)
    worker.start()
    progress = Progress(planned=planned)
    cursor: str | None = None
    last_beat = time.monotonic()
    while True:
        if interrupt.signum is not None:
            _stop(run_id, instance, settings, console, interrupt.signum)
        finished = not worker.is_alive()
        conn = instance.get_records_for_run(run_id, cursor=cursor, of_type=EVENTS, limit=500)
        for record in conn.records:
            handle_event(progress, record.event_log_entry, console)
        cursor = conn.cursor
        if finished and not conn.has_more:
            break
        if time.monotonic() - last_beat >= HEARTBEAT_S and not console.tty:
            running = [k for k, t in progress.steps.items() if k != "run"][-1:] or ["(starting)"]
            console.say(f"lw:        … {running[0]} still running ({time.monotonic() - started:.0f}s into the run)")
            last_beat = time.monotonic()
        time.sleep(0.3)
    if "error" in outcome:
        raise outcome["error"]
    run.ran.update(progress.steps)
    return _summarize(outcome["result"], run.not_run(), progress, started, settings, console, log_path, last)


def _summarize(
    result: Any,
    not_run: list[str],
    progress: Progress,
    started: float,
    settings: Settings,
    console: Console,
    log_path: Any,
    last: bool,
) -> int:
    ok = result.success and not progress.failed_checks
    console.say(
        f"lw: run {result.run_id} {'succeeded' if ok else 'FAILED'} in {time.monotonic() - started:.1f}s: "
        f"{progress.done} steps, {progress.materialized} assets materialized, {progress.checks} checks evaluated, "
        f"{len(progress.failed_checks)} failed"
    )
    for step in progress.failed_steps:
        console.say(f"lw:   failed step: {step}")
    if not_run and not ok:
        console.say(f"lw:   not run (upstream failed): {', '.join(not_run)}")
    for name, evaluation in progress.failed_checks:
        console.say(f"lw:   failed check: {name}")
        for line in _check_details(evaluation):
            console.say(line)
    for name, _ in progress.warned_checks:
        console.say(f"lw:   warning check: {name}")
    if progress.stale:
        console.say(
            f"lw:   stale data (judged at {progress.freshness_judged_at}; `lw status` says more): "
            + ", ".join(progress.stale)
        )
    full_disk = disk_full_lines(progress.no_space, settings)
    for line in full_disk:
        console.say(f"lw:   {line}")
    if ok and last:
        console.say(f"lw: serving copy for BI tools: {settings.serving_path}")
    failed = "" if ok else f"`lw build` run {result.run_id} FAILED ({_failures(progress)}). {' '.join(full_disk)}"
    _alert(failed and f"{failed} Log: {log_path}", progress, console)
    return 0 if ok else 1


def _failures(progress: Progress) -> str:
    return ", ".join([*progress.failed_steps, *(n for n, _ in progress.failed_checks)]) or "see the log"


def _alert(failed: str, progress: Progress, console: Console) -> None:
    """The webhook hears of a failed run and of stale sources; a webhook that fails is said on the console."""
    stale = progress.stale and (
        f"stale sources after `lw build` (judged at {progress.freshness_judged_at}): " + ", ".join(progress.stale)
    )
    for text in (failed, stale):
        if text and (problem := send_alert(text)):
            console.say(f"lw: {problem}")


def _stop(run_id: str, instance: dg.DagsterInstance, settings: Settings, console: Console, signum: int) -> None:
    """End the run now: children first (dbt holds the DuckDB lock), then the record, then this process."""
    name = signal.Signals(signum).name
    console.say(f"lw: {name} received: stopping run {run_id}…")
    killed = end_tree([p for p in descendants(os.getpid()) if not ends_with_us(p)], grace_s=5.0)
    run = instance.get_run_by_id(run_id)
    if run is not None and not run.is_finished:
        instance.report_run_failed(
            run,
            message=(
                f"Interrupted by {name} (lw build, pid {os.getpid()}): stopped before it finished. The warehouse "
                "holds the last good data: a load in flight commits whole or not at all."
            ),
        )
    instance.event_log_storage.free_concurrency_slots_for_run(run_id)
    settings.serving_path.with_name(f".serving-{os.getpid()}.duckdb.tmp").unlink(missing_ok=True)
    remove_dead_temp_files(settings.home)
    console.say(
        f"lw: run {run_id} INTERRUPTED ({name}{f', killed {len(killed)} child processes' if killed else ''}). "
        "The warehouse holds the last good data (a load in flight commits whole or not at all); "
        "`lw build` again loads the rest."
    )
    send_alert(f"`lw build` run {run_id} was interrupted by {name}; the warehouse holds the last good data.")
    os._exit(SIGNAL_EXIT.get(signum, 1))
