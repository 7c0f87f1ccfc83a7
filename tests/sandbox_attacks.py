"""What an attacker with a SQL prompt on serving.duckdb tries, and the words each refusal must carry.

Shared by the recipe tests (tests/serving/test_sandbox.py) and the SQL Lab test (tests/bi): each attack is
run through every sandboxed way in, and must fail with DuckDB's sandbox or read-only error, writing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SANDBOX_WORDS = ("disabled by configuration", "disabled through configuration", "configuration has been locked")
READ_ONLY_WORDS = ("read-only",)


@dataclass(frozen=True)
class Attack:
    what: str
    sql: str
    refusal: tuple[str, ...] = SANDBOX_WORDS


def attacks(secret: Path, out: Path) -> list[Attack]:
    """Every attack, aimed at ``secret`` (a file to steal) and ``out`` (a directory to write into)."""
    return [
        Attack("read the secret key", f"SELECT * FROM read_text('{secret}')"),
        Attack("read /etc/passwd", "SELECT * FROM read_csv('/etc/passwd')"),
        Attack("read a file as a blob", "SELECT * FROM read_blob('/etc/passwd')"),
        Attack("list files", "SELECT * FROM glob('/etc/*')"),
        Attack("write a file", f"COPY (SELECT 42 AS x) TO '{out / 'copy.csv'}'"),
        Attack("write a file after another statement", f"SELECT 1; COPY (SELECT 42 AS x) TO '{out / 'after.csv'}'"),
        Attack("export the database", f"EXPORT DATABASE '{out / 'export'}'"),
        Attack("attach a database", f"ATTACH '{out / 'attached.duckdb'}' AS attached"),
        Attack("install an extension", "INSTALL httpfs"),
        Attack("load an extension", "LOAD postgres"),
        Attack("reach the network", "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')"),
        Attack("turn external access back on", "SET enable_external_access = true"),
        Attack("unlock the configuration", "SET lock_configuration = false"),
        Attack("change another setting", "SET memory_limit = '64GB'"),
        Attack("read an environment variable", "SELECT getenv('HOME')", ("getenv does not exist", *SANDBOX_WORDS)),
        Attack("create a table in the warehouse", "CREATE TABLE main.lw_probe AS SELECT 1 AS x", READ_ONLY_WORDS),
        Attack("insert into a mart", "INSERT INTO main.claims (id) VALUES ('lw-probe')", READ_ONLY_WORDS),
        Attack("delete from a mart", "DELETE FROM main.claims", READ_ONLY_WORDS),
    ]


# A query every recipe must still answer: the marts stay readable inside the sandbox.
MART_QUERY = "SELECT count(*) AS n FROM main.claims"
