"""What a build still has to do once its sources have run: nothing, when no source loaded new data and no code changed.

Only the sources can tell whether their bytes changed (they fetch them), so ``lw build`` runs them
first, then everything built on them only when this finds work: a dbt node whose fingerprint differs
from the one it last built and passed with (new loads reach it through ``raw._loads``, a code change
through its definition), a serving copy or a report published from another warehouse state or by
other code. A build with nothing new is then one small run (the sources' validations and freshness
checks) instead of a run whose plan Dagster records up front, one event per model and dbt test.
"""

from __future__ import annotations

from dagster_project.defs.dbt import plan
from dagster_project.defs.report import report_is_current
from dagster_project.serving import serving_is_current
from ingest.settings import Settings


def pending_work(settings: Settings) -> list[str]:
    """Why the models, the serving copy and the report must run; empty when all of them are as the sources left them."""
    p = plan(settings, full=False)
    stale = [uid for uid in p.order if uid not in p.clean]
    reasons = [f"{len(stale)} dbt nodes to build or test"] if stale else []
    if not serving_is_current(settings):
        reasons.append("the serving copy is not from this warehouse state")
    if not report_is_current(settings):
        reasons.append("the report is not from this warehouse state")
    return reasons
