"""One asset per source folder: fetch → land → parse → validate (GX, a blocking check) → load."""

from collections.abc import Iterator
from typing import Any

import dagster as dg

from dagster_project.names import WAREHOUSE_POOL, gx_check_name, is_full
from dagster_project.settings_resource import LiquidityWatchResource
from ingest.errors import FetchError, IngestError, ValidationFailed
from ingest.pipeline import run_source
from ingest.recovery.disk import NoSpace, naming_no_space
from ingest.source import RAW_SCHEMA, SourceSpec
from ingest.sources import SOURCES
from ingest.validation import ValidationOutcome

# Fetches are retried in the client already; a second chance at the step level covers a source
# that is down for a few minutes. Parse and validation failures are never retried (same bytes,
# same verdict): they raise Failure(allow_retries=False).
SOURCE_RETRY = dg.RetryPolicy(max_retries=2, delay=60, backoff=dg.Backoff.EXPONENTIAL)


def source_key(spec: SourceSpec) -> dg.AssetKey:
    """The asset is the raw table: ``raw/<name>`` for ``raw.<name>``."""
    return dg.AssetKey([RAW_SCHEMA, spec.name])


def _check_result(spec: SourceSpec, validations: dict[str, ValidationOutcome]) -> list[dg.AssetCheckResult]:
    if not validations:
        return []
    failed = [f for v in validations.values() for f in v.failures]
    return [
        dg.AssetCheckResult(
            check_name=gx_check_name(spec.name),
            passed=all(v.success for v in validations.values()),
            metadata={
                "payload_kinds": ", ".join(validations),
                "failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failed) or "none"),
                "expectations": dg.MetadataValue.json({k: v.as_metadata() for k, v in validations.items()}),
            },
        )
    ]


def _unchanged_check(spec: SourceSpec) -> list[dg.AssetCheckResult]:
    """Bytes already loaded were validated when they were loaded: nothing new reached the warehouse."""
    return [
        dg.AssetCheckResult(
            check_name=gx_check_name(spec.name),
            passed=True,
            metadata={"unchanged": True, "why": "same bytes (sha256) as the last load: not re-validated, not loaded"},
        )
    ]


def _metadata(md: dict[str, Any]) -> dict[str, Any]:
    return {k: dg.MetadataValue.json(v) if isinstance(v, (list, dict)) else v for k, v in md.items()}


def build_source_asset(spec: SourceSpec) -> dg.AssetsDefinition:
    key = source_key(spec)

    @dg.asset(
        key=key,
        group_name=RAW_SCHEMA,
        description=f"{spec.description}\n\n{spec.table.description}",
        kinds={"python", "duckdb"},
        pool=WAREHOUSE_POOL,
        retry_policy=SOURCE_RETRY,
        check_specs=[
            dg.AssetCheckSpec(
                gx_check_name(spec.name),
                asset=key,
                blocking=True,
                description="Great Expectations suite on the parsed payloads, run before load: "
                "a failure keeps the load out of the warehouse.",
            )
        ],
        metadata={"table": spec.table.qualified, "cadence": spec.cadence.schedule_description},
    )
    def _source_asset(context: dg.AssetExecutionContext, lw: LiquidityWatchResource) -> Iterator[Any]:
        settings = lw.settings()
        full = is_full(context.run.tags)
        context.log.info(f"{spec.name}: mode={settings.mode}, warehouse={settings.target}, full={full}")
        try:
            with naming_no_space(settings.warehouse_path, None):  # DuckDB's own "No space left" (landing names its own)
                report = run_source(spec, settings, full=full)
        except FetchError as exc:
            raise dg.Failure(description=str(exc), metadata={"stage": exc.stage, "url": exc.url}) from exc
        except NoSpace as exc:  # waiting a minute frees no disk space: say so now, do not retry
            raise dg.Failure(description=str(exc), allow_retries=False) from exc
        except IngestError as exc:
            if isinstance(exc, ValidationFailed):
                yield from _check_result(spec, exc.validations)
            where = settings.quarantine_dir / spec.name
            raise dg.Failure(
                description=f"{exc} — the payload is in {where}; the warehouse is unchanged.",
                metadata={"stage": exc.stage, "quarantine": str(where)},
                allow_retries=False,
            ) from exc
        for note in report.notes:
            context.log.warning(f"{spec.name}: {note}")
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={**_metadata(report.as_metadata()), "table": spec.table.qualified},
            data_version=dg.DataVersion(report.data_version),
            check_results=_unchanged_check(spec) if report.unchanged else _check_result(spec, report.validations),
        )

    return _source_asset


source_assets = [build_source_asset(spec) for spec in SOURCES.values()]
