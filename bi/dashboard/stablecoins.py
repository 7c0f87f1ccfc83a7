"""Stablecoins tab: USDT+USDC supply and its 30-day flow (DefiLlama), what is read on chain, attestations."""

from __future__ import annotations

from bi.dashboard.spec import Chart, Dataset, Markdown, Tab, metric
from bi.dashboard.stress import PRESSURE

SUPPLY_DAILY = Dataset(
    "stablecoin_supply_daily", description="Total circulating supply per stablecoin and day, all chains (DefiLlama)."
)
ONCHAIN_SUPPLY = Dataset(
    "stablecoin_supply", time_column="ts", description="totalSupply() per token, chain and block read on chain."
)
RECONCILIATION = Dataset(
    "attestation_reconciliation",
    time_column="as_of",
    description="Each issuer attestation against the on-chain reading nearest in time and DefiLlama's figure.",
)
BACKING = Dataset("stablecoin_backing", time_column="ts", description="On-chain supply against on-chain reserves.")

TAB = Tab(
    "Stablecoins",
    [
        [
            Markdown(
                "**USDT + USDC**: DefiLlama's total circulating supply across all chains (USDT since 2017-11-29, "
                "USDC since 2018-09-11), tokens ≈ USD. **30-day flow**: the change of that sum over 30 calendar "
                "days. **On chain**: only the tokens and chains this warehouse reads itself (see the table), "
                "not the market. **Attestations**: each issuer's own figures (Tether, Circle: all chains; USDD: "
                "per chain) against the on-chain reading nearest in time and against DefiLlama."
            )
        ],
        [
            Chart(
                "USDT + USDC total circulating supply (DefiLlama, all chains, tokens)",
                "echarts_area",
                SUPPLY_DAILY,
                x="date",
                grain="P1D",
                groupby=["token"],
                metrics=[metric("MAX(supply)", "supply (tokens)")],
                filters=["token IN ('USDT', 'USDC')"],
                extra={"stack": "Stack"},
                width=8,
            ),
            Chart(
                "USDT + USDC 30-day flow (% change of the sum over 30 days)",
                "echarts_timeseries_line",
                PRESSURE,
                x="date",
                grain="P1D",
                metrics=[metric("MAX(usd_stablecoin_flow_30d_pct)", "30-day flow %")],
                filters=["usd_stablecoin_flow_30d_pct IS NOT NULL"],
                width=4,
            ),
        ],
        [
            Chart(
                "Attestations reconciled: issuer vs on chain vs DefiLlama",
                "table",
                RECONCILIATION,
                columns=[
                    "issuer",
                    "token",
                    "scope",
                    "as_of",
                    "attested_supply",
                    "onchain_supply",
                    "supply_delta_pct",
                    "status",
                    "defillama_supply",
                    "defillama_delta_pct",
                    "defillama_status",
                ],
                order=[("token", True), ("as_of", True)],
                width=12,
                height=60,
            ),
        ],
        [
            Chart(
                "Supply read on chain by this warehouse (per token and chain, latest block read)",
                "table",
                ONCHAIN_SUPPLY,
                groupby=["token", "chain"],
                metrics=[metric("ARG_MAX(supply, ts)", "supply (tokens)"), metric("MAX(ts)", "read at")],
                filters=["role = 'stablecoin'"],
                width=5,
            ),
            Chart(
                "Backing read on chain (reserves / supply, registry holders and PoR feeds only)",
                "table",
                BACKING,
                columns=["token", "ts", "onchain_supply", "onchain_reserves_usd", "collateral_ratio", "psm_depth_usd"],
                order=[("token", True)],
                width=7,
            ),
        ],
    ],
)
