"""Runs under the daemon: reap runs whose process died, and alert (LW_ALERT_WEBHOOK) on failures and stale data.

``lw build`` alerts for its own runs; these sensors cover what the daemon launches. A run killed with
SIGKILL stays STARTED and keeps its pool slot until someone notices: ``reap_dead_runs`` notices within
30 s (see ``dagster_project/operations/runs.py`` for why Dagster's run monitoring alone does not).
"""

import dagster as dg

from dagster_project.names import FRESHNESS_CHECK, PID_TAG
from dagster_project.operations.runs import reap_dead_runs
from ingest.alerts import send_alert

REAP_INTERVAL_S = 30


def _from_lw_build(run: dg.DagsterRun) -> bool:
    """``lw build`` alerts for its own runs; not twice."""
    return PID_TAG in run.tags


@dg.sensor(
    name="reap_dead_runs",
    minimum_interval_seconds=REAP_INTERVAL_S,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Every 30 s: runs whose process is gone are marked failed and their warehouse pool slot freed.",
)
def reap_dead_runs_sensor(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    actions = reap_dead_runs(context.instance, None, by="the reap_dead_runs sensor")
    for action in actions:
        context.log.warning(action)
    dead = [a for a in actions if a.startswith("marked dead run")]
    if dead and (problem := send_alert("; ".join(dead) + " (its process died; the next run proceeds).")):
        context.log.warning(problem)
    return dg.SkipReason("; ".join(actions) or "no dead runs")


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="POSTs a short message to LW_ALERT_WEBHOOK (if set) when a run fails.",
)
def alert_on_run_failure(context: dg.RunFailureSensorContext) -> None:
    run = context.dagster_run
    if _from_lw_build(run):
        return
    failed = [e.step_key for e in context.get_step_failure_events() if e.step_key]
    why = context.failure_event.message or "no reason recorded"
    text = f"run {run.run_id} ({run.job_name}) FAILED" + (f" at {', '.join(failed)}" if failed else "") + f": {why}"
    if problem := send_alert(text[:1500]):
        context.log.warning(problem)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    name="alert_on_stale_sources",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="POSTs to LW_ALERT_WEBHOOK (if set) when a run's freshness checks find stale sources.",
)
def alert_on_stale_sources(context: dg.RunStatusSensorContext) -> None:
    run = context.dagster_run
    if _from_lw_build(run):
        return
    records = context.instance.get_records_for_run(
        run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION, limit=1000
    ).records
    stale = []
    for record in records:
        evaluation = record.event_log_entry.asset_check_evaluation
        if evaluation is not None and evaluation.check_name == FRESHNESS_CHECK and not evaluation.passed:
            stale.append(evaluation.description or evaluation.asset_key.to_user_string())
    if stale and (problem := send_alert(f"stale data after run {run.run_id} ({run.job_name}): " + "; ".join(stale))):
        context.log.warning(problem)
