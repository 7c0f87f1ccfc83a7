"""Superset's configuration for Liquidity Watch (loaded through SUPERSET_CONFIG_PATH by `lw bi`).

Everything stateful lives under ``$LW_HOME/bi/`` (metadata DB, secret key), never in the repo: the repo holds
only this file and the dashboard-as-code, so any LW_HOME can be served and thrown away.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
LW_HOME = Path(os.environ.get("LW_HOME") or REPO_ROOT / "data").resolve()
BI_HOME = Path(os.environ.get("LW_BI_HOME") or LW_HOME / "bi").resolve()


def _secret_key() -> str:
    """SUPERSET_SECRET_KEY from the environment, else the key `lw bi` generated once into LW_HOME/bi."""
    if key := os.environ.get("SUPERSET_SECRET_KEY"):
        return key
    path = BI_HOME / "secret_key"
    if not path.exists():
        raise RuntimeError(f"expected Superset's SECRET_KEY in {path} (written by `lw bi`) or SUPERSET_SECRET_KEY")
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DATA_DIR = str(BI_HOME)
# The metadata DB: users, datasets, charts, dashboards. SQLite suffices for one analyst's workstation; the
# busy timeout lets the web workers and `lw bi`'s re-import wait for each other instead of failing.
SQLALCHEMY_DATABASE_URI = f"sqlite:///{BI_HOME / 'superset.db'}"
SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"timeout": 30}}

# Nothing phones home: the box may be offline and the browser test treats every failed request as an error.
SCARF_ANALYTICS = False
# Chart data is never cached: each query reads the serving copy as it is now (it is replaced after each build).
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
# Superset blocks SQLite as an analytics database; DuckDB is allowed. Keep it that way.
PREVENT_UNSAFE_DB_CONNECTIONS = True

# Content-Security-Policy: Superset's default, less every remote origin (map tiles, fonts, docs and the Scarf
# telemetry pixel that the 6.1 frontend always renders). The browser then never leaves this machine: the pixel
# is refused by the browser itself instead of timing out against an unreachable host.
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
