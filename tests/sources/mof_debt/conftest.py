"""The real MoF workbook and its cells (LW_HOME, loopback server: tests/conftest.py)."""

from __future__ import annotations

import pytest

from ingest.settings import REPO_ROOT
from ingest.sources.mof_debt.cells import Grid, read_grid

SUII = REPO_ROOT / "recorded" / "mof_debt" / "suii_2021-06_to_2026-03.xls"


@pytest.fixture(scope="session")
def suii_bytes() -> bytes:
    return SUII.read_bytes()


@pytest.fixture()
def grid(suii_bytes: bytes) -> Grid:
    """A fresh, mutable copy of the real sheet's cells for each test."""
    return read_grid(suii_bytes, SUII.name)
