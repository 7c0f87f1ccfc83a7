"""Liquidity Watch ingestion: fetch → land → parse → validate → load, in plain Python.

Nothing here imports Dagster, so every step can be called and tested on its own;
``dagster_project`` only wires these functions into assets.
"""
