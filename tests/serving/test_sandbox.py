"""The sandboxed ways into serving.duckdb the README gives (Python, SQLAlchemy, the duckdb CLI, `lw sql`),
each attacked as a SQL user would: every attempt refused with DuckDB's own error, nothing written anywhere,
and the marts still answer. The README's recipes are the ones bi/sandbox.py renders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from bi import sandbox
from ingest.settings import REPO_ROOT
from tests.conftest import LW, lw_env
from tests.sandbox_attacks import MART_QUERY, Attack, attacks

pytestmark = pytest.mark.slow
DUCKDB_CLI = str(Path(sys.executable).parent / "duckdb")
# (stdout + stderr, succeeded) of one statement through one recipe
Runner = Callable[[Path, str], tuple[str, bool]]


def via_python(db: Path, sql: str) -> tuple[str, bool]:
    with sandbox.connect(db) as con:
        try:
            relation = con.sql(sql)
            return str(relation.fetchall() if relation is not None else ""), True
        except duckdb.Error as exc:
            return str(exc), False


def via_sqlalchemy(db: Path, sql: str) -> tuple[str, bool]:
    engine = sa.create_engine(sandbox.sqlalchemy_url(db), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return str(conn.exec_driver_sql(sql).fetchall()), True
    except sa.exc.DBAPIError as exc:
        return str(exc.orig), False
    finally:
        engine.dispose()


def via_cli(db: Path, sql: str) -> tuple[str, bool]:
    args = sandbox.cli_args(db)
    proc = subprocess.run([DUCKDB_CLI, *args, "-csv", "-c", sql], capture_output=True, text=True, timeout=60)
    return proc.stdout + proc.stderr, proc.returncode == 0


def via_lw_sql(db: Path, sql: str) -> tuple[str, bool]:
    proc = subprocess.run(
        [LW, "sql", "--csv", "-c", sql, str(db)], env=lw_env(db.parent), capture_output=True, text=True, timeout=120
    )
    return proc.stdout + proc.stderr, proc.returncode == 0


RECIPES: dict[str, Runner] = {"python": via_python, "sqlalchemy": via_sqlalchemy, "cli": via_cli, "lw sql": via_lw_sql}


@pytest.fixture(scope="module")
def target(serving: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A copy of the serving file (its bytes are compared after), a secret to steal, a directory to write into."""
    root = tmp_path_factory.mktemp("sandbox")
    db = Path(shutil.copy(serving, root / "serving.duckdb"))
    secret = root / "secret_key"
    secret.write_text("lw-secret-must-not-leak\n")
    out = root / "out"
    out.mkdir()
    return db, secret, out


@pytest.mark.parametrize("recipe", RECIPES)
def test_every_attack_is_refused_and_the_marts_still_answer(recipe: str, target: tuple[Path, Path, Path]) -> None:
    db, secret, out = target
    before = db.read_bytes()
    run = RECIPES[recipe]
    answered, ok = run(db, MART_QUERY)
    assert ok and any(str(n) in answered for n in range(9, 100)), answered
    refused: list[Attack] = []
    for attack in attacks(secret, out):
        text, ok = run(db, attack.sql)
        assert not ok, f"{recipe}: {attack.what} was allowed: {text[:300]}"
        assert any(w in text for w in attack.refusal), f"{recipe}: {attack.what}: unclear refusal {text[:300]}"
        assert "lw-secret-must-not-leak" not in text and "root:x:0:0" not in text
        refused.append(attack)
    assert len(refused) == len(attacks(secret, out))
    assert list(out.iterdir()) == [], f"{recipe}: files written: {list(out.iterdir())}"
    assert db.read_bytes() == before, f"{recipe}: the database file changed"
    assert sorted(p.name for p in db.parent.iterdir()) == ["out", "secret_key", "serving.duckdb"]


def test_the_readme_gives_the_recipes_bi_sandbox_renders() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    example = Path("data/serving.duckdb")
    assert sandbox.sqlalchemy_url(example) in readme
    assert sandbox.jdbc_url(Path("/abs/path/serving.duckdb")) in readme
    assert f'-cmd "{sandbox.set_statements()}"' in readme
    assert "lw sql" in readme and "sandbox.connect(" in readme
