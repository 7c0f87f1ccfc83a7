"""The sandbox every DuckDB connection to the serving copy is opened in, by Superset, ``lw sql`` and the recipes.

Why: ``read_only`` only stops writes to the database file. DuckDB itself can still read any file the process
can (``read_text('/etc/passwd')``, ``glob``), write files (``COPY … TO``, ``EXPORT DATABASE``), attach other
databases and load extensions, so a SQL Lab login would be a shell on the host. DuckDB's own switches close
that: external access off (no file, network or ``ATTACH`` outside the database already open, no ``getenv``),
no extension loaded or installed, and the configuration locked before the first user statement, so no
``SET`` can undo any of it. The serving file is opened directly: DuckDB opens the database named at start-up
before the sandbox applies, and refuses everything outside it afterwards (verified on DuckDB 1.5.5).

One declaration, rendered for each client: a Python config dict, a SQLAlchemy (duckdb-engine) URL, the
DuckDB CLI's arguments, a JDBC URL (DBeaver, Metabase, Tableau).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import duckdb

# Order matters where settings are applied one by one (SET, the CLI): the lock comes last.
SANDBOX: dict[str, str | bool] = {
    "access_mode": "read_only",
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "lock_configuration": True,
}
# DuckDB's words when the sandbox refuses something: what the tests look for in every refusal.
REFUSALS = ("disabled by configuration", "disabled through configuration", "configuration has been locked")


def _text(value: str | bool) -> str:
    return str(value).lower() if isinstance(value, bool) else value


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """``path`` opened read-only inside the sandbox (Python, notebooks, ``lw sql``)."""
    return duckdb.connect(str(path), config=dict(SANDBOX))


def sqlalchemy_url(path: Path) -> str:
    """duckdb-engine passes a URL's query parameters to DuckDB as its configuration."""
    return f"duckdb:///{path}?{urlencode({k: _text(v) for k, v in SANDBOX.items()})}"


def set_statements() -> str:
    """The sandbox as SET statements, for a client that opens the file itself (the DuckDB CLI's ``-cmd``)."""
    return " ".join(f"SET {k} = {_text(v)};" for k, v in SANDBOX.items() if k != "access_mode")


def cli_args(path: Path) -> list[str]:
    """``duckdb`` CLI arguments: read-only, then the sandbox before anything the user types."""
    return ["-readonly", "-cmd", set_statements(), str(path)]


def jdbc_url(path: Path) -> str:
    """DuckDB's JDBC driver takes configuration options as URL properties (``duckdb.read_only`` for the mode)."""
    props = [f"{k}={_text(v)}" for k, v in SANDBOX.items() if k != "access_mode"]
    return f"jdbc:duckdb:{path}?{'&'.join(['duckdb.read_only=true', *props])}"
