"""``lw sql``: a SQL shell on the serving copy, inside the DuckDB sandbox (bi/sandbox.py).

Why not the ``duckdb`` CLI: its dot commands (``.shell``, ``.output``, ``.read``) reach the host whatever
DuckDB's own settings say, and its ``-safe`` mode fails to start on a locked configuration in DuckDB 1.5.5.
This shell has only SQL, and the sandbox refuses every statement that would touch the host.

    lw sql                      interactive (one statement per line, or several separated by ';')
    lw sql -c "SELECT …"        run and exit; `echo "SELECT …" | lw sql` the same
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb

from bi import sandbox
from ingest.settings import Settings


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lw sql`` on the ``lw`` parser."""
    p = subparsers.add_parser("sql", help="a sandboxed, read-only SQL shell on the serving copy")
    p.add_argument("-c", "--command", help="run this SQL and exit (default: read statements from stdin)")
    p.add_argument("--csv", action="store_true", help="print results as CSV instead of a table")
    p.add_argument("database", nargs="?", type=Path, help="a DuckDB file (default: $LW_HOME/serving.duckdb)")
    p.set_defaults(run=run)


def statements(stream: Iterator[str], interactive: bool) -> Iterator[str]:
    """Lines gathered until one ends with ';' (or every line, when interactive and not continued)."""
    pending: list[str] = []
    for line in stream:
        pending.append(line.rstrip("\n"))
        text = "\n".join(pending).strip()
        if text and (text.endswith(";") or interactive):
            yield text
            pending = []
    if text := "\n".join(pending).strip():
        yield text


def show(con: duckdb.DuckDBPyConnection, sql: str, csv: bool) -> None:
    """Run ``sql`` (one or more statements) and print the last one's rows."""
    relation = con.sql(sql)
    if relation is None:
        return
    if csv:
        print(",".join(relation.columns))
        for row in relation.fetchall():
            print(",".join("" if v is None else str(v) for v in row))
    else:
        relation.show(max_rows=10_000)


def run(args: argparse.Namespace) -> int:
    """Open the file sandboxed; each failing statement prints DuckDB's error, and the exit status is 1."""
    path = args.database or Settings.from_env().serving_path
    if not Path(path).exists():
        raise SystemExit(f"lw sql: expected a DuckDB file at {path}: run `lw build` first")
    interactive = args.command is None and sys.stdin.isatty()
    source = iter([args.command]) if args.command is not None else statements(_lines(interactive), interactive)
    failed = False
    with sandbox.connect(Path(path)) as con:
        for sql in source:
            try:
                show(con, sql, args.csv)
            except duckdb.Error as exc:
                print(f"lw sql: {exc}", file=sys.stderr, flush=True)
                failed = True
    return 1 if failed else 0


def _lines(interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from sys.stdin
        return
    print("lw sql: the serving copy, read-only and sandboxed (no file, network or extension access). Ctrl-D quits.")
    while True:
        try:
            yield input("lw sql> ") + "\n"
        except EOFError:
            print()
            return
