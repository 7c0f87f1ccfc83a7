"""The analyst report (static HTML from the marts) and the claims ledger's verdicts, shown in the UI."""

import json
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import get_asset_key_for_model

from dagster_project.defs.dbt import dbt_models, exposure_deps
from dagster_project.names import REPORT_EXPOSURE, WAREHOUSE_POOL, is_full
from dagster_project.rebuild import what_must_run
from dagster_project.rebuild.outputs import RENDERED, report_stamp
from dagster_project.settings_resource import LiquidityWatchResource
from ingest.settings import Settings
from ingest.warehouse.connect import warehouse
from report import data
from report.render import ReportResult, render_report

REPORT_KEY = dg.AssetKey(["report", "analyst_report"])


def _md_table(header: list[str], rows: list[list[Any]]) -> str:
    def cell(v: Any) -> str:
        return "—" if v is None else str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def claims_markdown(claims: data.Frame) -> str:
    """The ledger as a Markdown table (what the UI shows beside the asset)."""
    if claims.missing:
        return claims.missing
    rows = [
        [
            claims["id"][i],
            claims["claimed"][i],
            claims["found"][i],
            f"**{claims['verdict'][i]}**",
            claims["evidence"][i],
        ]
        for i in range(len(claims["id"]))
    ]
    return _md_table(["claim", "claimed", "found", "verdict", "evidence"], rows)


def curve_markdown(snaps: list[tuple[Any, list[float | None]]]) -> str:
    """Today's curve next to 1 month and 1 year earlier, one row a tenor."""
    if not snaps:
        return "no curve yet"
    header = ["tenor"] + [str(d) for d, _ in snaps]
    rows = [[f"{t}Y"] + [ys[i] for _, ys in snaps] for i, t in enumerate(data.TENORS)]
    return _md_table(header, rows)


VERDICTS = ("supported", "contradicted", "issuer_reported", "inconclusive", "not yet checkable")


def _verdict_counts(claims: data.Frame) -> dict[str, int]:
    counts = dict.fromkeys(VERDICTS, 0)
    for v in [] if claims.missing else claims["verdict"]:
        counts[v] = counts.get(v, 0) + 1
    return counts


def render_if_changed(
    con: duckdb.DuckDBPyConnection, settings: Settings, fingerprint: str, force: bool
) -> tuple[ReportResult, bool]:
    """The report as rendered from ``fingerprint``: the file in place when it was, else a new render."""
    out, stamp_path = settings.report_dir / "index.html", settings.report_dir / RENDERED
    stamp = report_stamp(settings)
    if not force and stamp.get("fingerprint") == fingerprint:
        return ReportResult(out, stamp["charts"], stamp["missing"], out.stat().st_size, 0.0), False
    result = render_report(con, settings.report_dir)
    stamp_path.write_text(
        json.dumps({"fingerprint": fingerprint, "charts": result.charts, "missing": result.missing}), encoding="utf-8"
    )
    return result, True


@dg.asset(
    key=REPORT_KEY,
    deps=exposure_deps(REPORT_EXPOSURE),  # the marts dbt's exposure says the report reads
    group_name="analysis",
    kinds={"python", "html"},
    pool=WAREHOUSE_POOL,
    description=(
        "LW_HOME/report/index.html: a static, self-contained report (plotly.js inline) of the yield curve, each "
        "tenor's history and record highs, spreads, debt and debt-service sensitivity, stablecoin backing, the "
        "pressure score and the claims ledger. Sections whose marts are absent say so. Not rewritten when "
        "neither the warehouse nor the report's code changed since it was rendered (`lw build --full` rewrites it)."
    ),
)
def analyst_report(context: dg.AssetExecutionContext, lw: LiquidityWatchResource) -> dg.MaterializeResult:
    settings = lw.settings()
    full = is_full(context.run.tags)
    fingerprint = what_must_run(settings, full=full).report_fingerprint
    with warehouse(settings, read_only=True) as con:
        result, rewritten = render_if_changed(con, settings, fingerprint, full)
        snaps, _ = data.curve_snapshots(con)
        claims = data.claims(con)
        debt = data.debt_total(con)
    if rewritten:
        context.log.info(
            f"report: {result.path} ({result.bytes} bytes, {len(result.charts)} charts, {result.seconds:.1f}s)"
        )
    else:
        context.log.info(f"report: {result.path} left as it is: nothing it reads changed since it was rendered")
    latest_debt = "not loaded" if debt.empty else f"¥{debt['total_trn'][-1]:,.2f} trillion as of {debt['as_of'][-1]}"
    return dg.MaterializeResult(
        data_version=dg.DataVersion(fingerprint[:16]),
        metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            "rewritten": rewritten,
            "charts": len(result.charts),
            "bytes": result.bytes,
            "sections_not_loaded": dg.MetadataValue.md(
                "\n".join(f"- {k}: {v}" for k, v in result.missing.items()) or "none"
            ),
            "yield_curve": dg.MetadataValue.md(curve_markdown(snaps)),
            "government_debt_latest": latest_debt,
            "claims": dg.MetadataValue.md(claims_markdown(claims)),
            **{f"claims_{k.replace(' ', '_')}": n for k, n in _verdict_counts(claims).items()},
        },
    )


@dg.asset_check(
    asset=get_asset_key_for_model([dbt_models], "claims"),
    name="claims_ledger_verdicts",
    description=(
        "Shows each claim's verdict. Fails when a reviewed claim has no row in the ledger or a verdict outside "
        f"{', '.join(VERDICTS)}; lists claims whose series has no reading at all (data not loaded yet)."
    ),
)
def claims_ledger_verdicts(lw: LiquidityWatchResource) -> dg.AssetCheckResult:
    with warehouse(lw.settings(), read_only=True) as con:
        claims = data.claims(con)
        unledgered = data.claims_without_verdict(con)
        no_data = data.claims_without_data(con)
    if claims.missing:
        return dg.AssetCheckResult(passed=False, metadata={"why": claims.missing})
    odd = [f"{i}: {v}" for i, v in zip(claims["id"], claims["verdict"], strict=True) if v not in VERDICTS]
    return dg.AssetCheckResult(
        passed=not unledgered and not odd,
        metadata={
            "verdicts": dg.MetadataValue.md(claims_markdown(claims)),
            "reviewed_claims_missing_from_ledger": ", ".join(unledgered) or "none",
            "unknown_verdicts": ", ".join(odd) or "none",
            "claims_whose_series_has_no_data": ", ".join(no_data) or "none",
            **{k.replace(" ", "_"): n for k, n in _verdict_counts(claims).items()},
        },
    )
