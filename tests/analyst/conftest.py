"""The analyst tests read the shared `built_home` (tests/conftest.py): one real offline `lw build`."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def serving(built_home: Path) -> Path:
    return built_home / "serving.duckdb"
