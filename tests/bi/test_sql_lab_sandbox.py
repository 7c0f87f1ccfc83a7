"""SQL Lab attacked as a logged-in analyst would, and each role held to what bi/roles.py says it may do.

Every attack of tests/sandbox_attacks.py goes through Superset's REST API (``/api/v1/sqllab/execute/``): as
provisioned, then with SQL Lab's DML switch lifted by the admin, so that DuckDB's sandbox alone must refuse.
Nothing may be written anywhere, no secret may come back, and the charts' queries still answer.
"""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from ingest.settings import REPO_ROOT
from tests.bi.conftest import Superset
from tests.bi.test_superset import chart_data
from tests.sandbox_attacks import MART_QUERY, attacks

pytestmark = pytest.mark.slow
SUPERSET_DML_WORDS = ("DML",)  # Superset's own refusal while allow_dml is off
SUPERSET_PARSE_WORDS = ("Error parsing",)  # statements Superset's SQL parser refuses before DuckDB sees them


@pytest.fixture(scope="module")
def analyst(superset: Superset) -> Iterator[httpx.Client]:
    client = superset.client("lw-analyst")
    yield client
    client.close()


@pytest.fixture(scope="module")
def viewer(superset: Superset) -> Iterator[httpx.Client]:
    client = superset.client("lw-viewer")
    yield client
    client.close()


def database_id(api: httpx.Client) -> int:
    return int(api.get("/api/v1/database/").json()["result"][0]["id"])


def execute(client: httpx.Client, db_id: int, sql: str) -> httpx.Response:
    body = {"database_id": db_id, "runAsync": False, "schema": "main", "sql": sql}
    return client.post("/api/v1/sqllab/execute/", json=body)


def attack_all(client: httpx.Client, db_id: int, secret: Path, out: Path, words: tuple[str, ...]) -> dict[str, str]:
    """Run every attack; each must fail with its own refusal or one of ``words``, and leak nothing.
    Returns which layer refused each: DuckDB (sandbox or read-only) or Superset (its parser or DML switch)."""
    leaked = secret.read_text().strip()
    by: dict[str, str] = {}
    for attack in attacks(secret, out):
        r = execute(client, db_id, attack.sql)
        assert r.status_code != 200, f"{attack.what}: allowed: {r.text[:400]}"
        assert any(w in r.text for w in (*attack.refusal, *words)), f"{attack.what}: unclear: {r.text[:400]}"
        assert leaked not in r.text and "root:x:0:0" not in r.text, attack.what
        by[attack.what] = "duckdb" if any(w in r.text for w in attack.refusal) else "superset"
    return by


def test_sql_lab_refuses_every_attack_and_writes_nothing(
    superset: Superset,
    api: httpx.Client,
    analyst: httpx.Client,
    dashboard_charts: list[dict[str, Any]],
    tmp_path: Path,
) -> None:
    db_id = database_id(api)
    secret = superset.home / "bi" / "secret_key"
    serving = superset.home / "serving.duckdb"
    out = tmp_path / "out"
    out.mkdir()
    inode, size = serving.stat().st_ino, serving.stat().st_size
    ok = execute(analyst, db_id, MART_QUERY)
    assert ok.status_code == 200 and ok.json()["data"][0]["n"] >= 9, ok.text[:400]
    guarded = attack_all(analyst, db_id, secret, out, (*SUPERSET_PARSE_WORDS, *SUPERSET_DML_WORDS))
    lifted = api.put(f"/api/v1/database/{db_id}", json={"allow_dml": True})  # the admin lifts Superset's guard
    assert lifted.status_code == 200, lifted.text[:400]
    try:
        lifted_by = attack_all(analyst, db_id, secret, out, SUPERSET_PARSE_WORDS)  # DML guard off: DuckDB decides
    finally:
        restored = api.put(f"/api/v1/database/{db_id}", json={"allow_dml": False})
        assert restored.status_code == 200, restored.text[:400]
    assert list(out.iterdir()) == []
    assert not list(superset.home.glob("*.csv")) and not list(Path(REPO_ROOT).glob("*.csv"))
    assert (serving.stat().st_ino, serving.stat().st_size) == (inode, size)
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'lw_probe'").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM main.claims WHERE id = 'lw-probe'").fetchone() == (0,)
    for chart in dashboard_charts:  # the charts still answer through the same sandboxed database
        assert chart_data(analyst, chart["id"])["rowcount"] > 0, chart["slice_name"]
    # with the DML switch off, DuckDB alone refuses all but the one statement Superset's parser cannot read
    assert [what for what, layer in lifted_by.items() if layer == "superset"] == ["export the database"], lifted_by
    print(
        f"sql lab: as provisioned {Counter(guarded.values())}; with DML allowed {Counter(lifted_by.values())} "
        f"({len(guarded) + len(lifted_by)} refused)"
    )


def test_the_viewer_sees_dashboards_but_not_sql_lab_nor_admin_pages(
    api: httpx.Client, viewer: httpx.Client, dashboard_charts: list[dict[str, Any]]
) -> None:
    dashboard = viewer.get("/api/v1/dashboard/liquidity-watch")
    assert dashboard.status_code == 200, dashboard.text[:300]
    for chart in dashboard_charts:
        assert chart_data(viewer, chart["id"])["rowcount"] > 0, chart["slice_name"]
    assert execute(viewer, database_id(api), MART_QUERY).status_code in (401, 403)
    assert_no_admin_pages(viewer)
    edit = viewer.put(f"/api/v1/dashboard/{dashboard.json()['result']['id']}", json={"css": "x"})
    assert edit.status_code in (401, 403), edit.text[:300]


def test_the_analyst_has_sql_lab_on_the_sandboxed_database_only_and_no_admin_pages(
    api: httpx.Client, analyst: httpx.Client
) -> None:
    dbs = analyst.get("/api/v1/database/").json()["result"]
    assert [d["id"] for d in dbs] == [database_id(api)]
    assert execute(analyst, database_id(api), MART_QUERY).status_code == 200
    assert_no_admin_pages(analyst)
    # no way around the sandbox by registering another database
    new = analyst.post("/api/v1/database/", json={"database_name": "x", "sqlalchemy_uri": "duckdb:///:memory:"})
    assert new.status_code in (401, 403), new.text[:300]


def assert_no_admin_pages(client: httpx.Client) -> None:
    for path in ("/api/v1/security/users/", "/api/v1/security/roles/"):
        assert client.get(path).status_code in (401, 403, 404), path
    assert client.put("/api/v1/database/1", json={"allow_dml": True}).status_code in (401, 403, 404)


def test_secrets_are_private_and_outside_the_repository(superset: Superset) -> None:
    bi_home = superset.home / "bi"
    secrets = [bi_home / "secret_key", bi_home / "admin_password", *sorted((bi_home / "passwords").iterdir())]
    assert len(secrets) == 4
    assert (
        stat.S_IMODE(bi_home.stat().st_mode) == 0o700 and stat.S_IMODE((bi_home / "passwords").stat().st_mode) == 0o700
    )
    for path in secrets:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert not path.resolve().is_relative_to(REPO_ROOT.resolve()), path
    ignored = (REPO_ROOT / ".gitignore").read_text()
    assert "data/" in ignored or "/data" in ignored
