"""One asset per registered source: fetch → land → parse → validate (GX, blocking check) → load."""


from collections.abc import Iterator
from typing import Any

import dagster as dg

from dagster_project.defs.resources import WAREHOUSE_POOL, LiquidityWatchResource
from ingest.errors import FetchError, IngestError, ValidationFailed
from ingest.pipeline import SourceSpec, run_source
from ingest.sources import SOURCES

# Fetches are retried in the client already; a second chance at the step level covers a source
# that is down for a few minutes. Parse and validation failures are never retried (same bytes,
# same verdict): they raise Failure(allow_retries=False).
SOURCE_RETRY = dg.RetryPolicy(max_retries=2, delay=60, backoff=dg.Backoff.EXPONENTIAL)


def raw_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", name])


def gx_check_name(name: str) -> str:
    return f"gx_{name}"


def _check_results(spec: SourceSpec, validations: dict[str, Any]) -> list[dg.AssetCheckResult]:
    if not validations:
        return []
    passed = all(v.success for v in validations.values())
    failed = [f for v in validations.values() for f in v.failures]
    return [
        dg.AssetCheckResult(
            check_name=gx_check_name(spec.name),
            passed=passed,
            metadata={
                "payload_kinds": ", ".join(validations),
                "failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failed) or "none"),
                "expectations": dg.MetadataValue.json({k: v.as_metadata() for k, v in validations.items()}),
            },
        )
    ]


def build_source_asset(spec: SourceSpec) -> dg.AssetsDefinition:
    key = raw_key(spec.name)

    @dg.asset(
        key=key,
        group_name="raw",
        description=spec.table.description or spec.name,
        kinds={"python", "duckdb"},
        pool=WAREHOUSE_POOL,
        retry_policy=SOURCE_RETRY,
        check_specs=[
            dg.AssetCheckSpec(
                gx_check_name(spec.name),
                asset=key,
                blocking=True,
                description="Great Expectations suite on the parsed payloads, run before load: a failure keeps the load out of the warehouse.",
            )
        ],
    )
    def _source_asset(context: dg.AssetExecutionContext, lw: LiquidityWatchResource) -> Iterator[Any]:
        settings = lw.settings()
        context.log.info(f"{spec.name}: mode={settings.mode}, warehouse={settings.target}")
        report = None
        try:
            report = run_source(spec, settings)
        except FetchError as exc:
            raise dg.Failure(description=str(exc), metadata={"stage": exc.stage, "url": exc.url}) from exc
        except IngestError as exc:
            if isinstance(exc, ValidationFailed):
                yield from _check_results(spec, exc.validations)
            raise dg.Failure(
                description=f"{exc} — the payload is in {settings.quarantine_dir / spec.name}; the warehouse is unchanged.",
                metadata={"stage": exc.stage, "quarantine": str(settings.quarantine_dir / spec.name)},
                allow_retries=False,
            ) from exc
        for note in report.notes:
            context.log.warning(f"{spec.name}: {note}")
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={**_flatten(report.as_metadata()), "table": spec.table.qualified},
            check_results=_check_results(spec, report.validations),
        )

    return _source_asset


def _flatten(md: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in md.items():
        out[k] = dg.MetadataValue.json(v) if isinstance(v, (list, dict)) else v
    return out


source_assets = [build_source_asset(spec) for spec in SOURCES.values()]

defs = dg.Definitions(assets=source_assets)
