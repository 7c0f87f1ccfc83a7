"""What must run: the one answer ``lw build``, the daemon and the assets themselves all ask for.

Only the sources can tell whether their bytes changed (they fetch them), so the sources run first and
everything built on them runs only when ``what_must_run`` finds work: a dbt node whose fingerprint
differs from the one it last built and passed with (new loads reach it through ``raw._loads``, a code
change through its definition, the date for a model that reads the clock), a serving copy or a report
published from another warehouse state or by other code. ``lw build`` asks it between its two runs;
under the daemon, the ``run_downstream_when_needed`` sensor asks it after every source run; the dbt
step asks it which nodes to exclude, and the serving copy and the report which fingerprint to stamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import report
from dagster_project.rebuild.fingerprints import (
    files_digest,
    load_state,
    source_loads,
    state_path,
    warehouse_fingerprint,
)
from dagster_project.rebuild.outputs import report_stamp
from dagster_project.rebuild.plan import Plan, dbt_plan
from ingest.settings import Settings
from ingest.warehouse import publish

__all__ = ["Decision", "Plan", "what_must_run"]


@dataclass(frozen=True)
class Decision:
    """What a run over everything built on the sources has to do, and the fingerprints its outputs carry."""

    full: bool
    dbt: Plan
    serving_fingerprint: str  # what the serving copy is published from: the warehouse and the publishing code
    report_fingerprint: str  # what the report is drawn from: the warehouse and the report's own code
    serving_current: bool
    report_current: bool

    @property
    def reasons(self) -> list[str]:
        """Why the models, the serving copy and the report must run; empty when all are as the sources left them."""
        if self.full:
            return ["--full"]
        stale = self.dbt.stale
        reasons = [f"{len(stale)} dbt nodes to build or test"] if stale else []
        if not self.serving_current:
            reasons.append("the serving copy is not from this warehouse state")
        if not self.report_current:
            reasons.append("the report is not from this warehouse state")
        return reasons


def what_must_run(settings: Settings, *, full: bool = False) -> Decision:
    """The rebuild decision for the warehouse as it is now (``full``: everything, as ``lw build --full``)."""
    loads = source_loads(settings)
    state = load_state(state_path(settings))
    serving = warehouse_fingerprint(loads, state, files_digest([Path(publish.__file__)]))
    drawn = warehouse_fingerprint(loads, state, files_digest(Path(report.__file__).parent.rglob("*.py")))
    published = publish.published_stamp(settings.serving_path)
    return Decision(
        full=full,
        dbt=dbt_plan(loads, state, settings.target, date.today(), full),
        serving_fingerprint=serving,
        report_fingerprint=drawn,
        serving_current=published is not None and published[1] == serving,
        report_current=report_stamp(settings).get("fingerprint") == drawn,
    )
