"""Dagster wiring for Liquidity Watch: only wiring; the work lives in ``ingest`` and ``dbt``."""
