"""Every source the pipeline knows, by name: Dagster, the CLI and the tests all read this one list."""

from __future__ import annotations

from ingest.pipeline import SourceSpec
from ingest.sources import mof_debt, mof_debt_service, mof_jgb_yields
from ingest.sources import attestations, onchain_snapshot
from ingest.sources import boj_rates

SOURCES: dict[str, SourceSpec] = {
    spec.name: spec
    for spec in (
        mof_jgb_yields.SPEC,
        onchain_snapshot.SPEC,
        attestations.SPEC,
        mof_debt.SPEC,
        mof_debt_service.SPEC,
        boj_rates.SPEC, boj_rates.POLICY_DECISIONS_SPEC,
    )
}
