"""Rules declared once on the columns: the suite, the dbt tests and the docs tables all come from them."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from ingest import doc_tables, generate
from ingest.dbt_sources import column_tests
from ingest.fetch import Request
from ingest.settings import REPO_ROOT
from ingest.source import Cadence, Column, SourceSpec, SuiteContext, TableSpec
from ingest.sources import SOURCES
from ingest.validation import ExpectationDef


def spec(own: list[ExpectationDef], evidence: frozenset[str] = frozenset()) -> SourceSpec:
    return SourceSpec(
        table=TableSpec(
            name="toy",
            key={"day": Column("DATE", "Day.")},
            values={"rate": Column("DOUBLE", "Rate.", not_null=True, min_value=-1.0, max_value=15.0)},
            extra={"kind": Column("VARCHAR", "Kind.", accepted=("a", "b"))},
            description="Toy.",
        ),
        cadence=Cadence("0 1 * * *", "daily", "day", timedelta(days=1), "a day"),
        description="Toy.",
        parse=lambda content, payload: pl.DataFrame(),
        suite=lambda ctx: own,
        requests=lambda settings: [Request("toy", "https://example.invalid/", kind="k", ext="csv")],
        evidence_kinds=evidence,
    )


def test_declared_rules_come_first_then_the_sources_own_checks() -> None:
    own: list[ExpectationDef] = [("ExpectColumnValuesToBeIncreasing", {"column": "day"})]
    assert spec(own).expectations(SuiteContext("k", 0)) == [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["day"]}),
        ("ExpectColumnValuesToNotBeNull", {"column": "day"}),
        ("ExpectColumnValuesToNotBeNull", {"column": "rate"}),
        ("ExpectColumnValuesToBeBetween", {"column": "rate", "min_value": -1.0, "max_value": 15.0}),
        ("ExpectColumnValuesToBeInSet", {"column": "kind", "value_set": ["a", "b"]}),
        ("ExpectColumnValuesToBeIncreasing", {"column": "day"}),
    ]


@pytest.mark.parametrize(
    "repeat",
    [
        ("ExpectColumnValuesToBeBetween", {"column": "rate", "min_value": -1.0, "max_value": 15.0}),  # the same
        ("ExpectColumnValuesToBeBetween", {"column": "rate", "min_value": 0.0}),  # another band for the same column
        ("ExpectColumnValuesToNotBeNull", {"column": "day"}),  # a key column is never null
        ("ExpectColumnValuesToBeUnique", {"column": "day"}),  # the key's uniqueness, said per column
        ("ExpectColumnValuesToBeInSet", {"column": "kind", "value_set": ["a"]}),
    ],
)
def test_a_check_repeating_a_declared_rule_is_refused_naming_the_source(repeat: ExpectationDef) -> None:
    with pytest.raises(ValueError, match=r"source toy: its suite repeats a rule") as err:
        spec([repeat]).expectations(SuiteContext("k", 0))
    assert repeat[0] in str(err.value) and "ingest/sources/toy/__init__.py" in str(err.value)


def test_a_conditional_check_on_a_declared_column_is_a_different_rule() -> None:
    bound = {"column": "rate", "max_value": 5.0, "row_condition": 'kind=="a"', "condition_parser": "pandas"}
    assert spec([("ExpectColumnValuesToBeBetween", bound)]).expectations(SuiteContext("k", 0))[-1][1] == bound


def test_evidence_kinds_hold_no_rows_so_only_the_sources_own_checks_apply() -> None:
    own: list[ExpectationDef] = [("ExpectColumnValuesToBeBetween", {"column": "head", "min_value": 0})]
    assert spec(own, frozenset({"head"})).expectations(SuiteContext("head", 0)) == own


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_sources_suite_builds_for_each_kind_it_records(name: str) -> None:
    for kind in doc_tables.recorded_kinds(name) or ["payload"]:
        checks = SOURCES[name].expectations(SuiteContext(kind, 10))
        assert checks, f"{name}.{kind}: an empty suite"


def test_column_rules_become_the_local_dbt_tests() -> None:
    assert column_tests(Column("DATE", "d"), key=True) == ["not_null"]
    assert column_tests(Column("DOUBLE", "r", not_null=True, min_value=-1.0), key=False) == [
        "not_null",
        {"value_between": {"arguments": {"min_value": -1.0}}},
    ]
    assert column_tests(Column("SMALLINT", "t", accepted=(1, 2)), key=False) == [
        {"accepted_values": {"arguments": {"values": [1, 2], "quote": False}}}
    ]
    assert column_tests(Column("VARCHAR", "c", accepted=("a",)), key=False) == [
        {"accepted_values": {"arguments": {"values": ["a"]}}}
    ]


def test_what_is_generated_from_the_declarations_is_as_committed() -> None:
    assert generate.drift(SOURCES) == []


def test_a_changed_bound_shows_as_drift_in_the_sources_yml_and_the_suite_table() -> None:
    mof = SOURCES["mof_jgb_yields"]
    col = mof.table.values["yield_pct"]
    moved = TableSpec(
        name=mof.table.name,
        key=mof.table.key,
        values={"yield_pct": Column(col.type, col.description, min_value=-2.0, max_value=col.max_value)},
        description=mof.table.description,
    )
    changed = {**SOURCES, "mof_jgb_yields": SourceSpec(**{**mof.__dict__, "table": moved})}
    stale = {p.relative_to(REPO_ROOT).as_posix() for p in generate.drift(changed)}
    assert stale == {"dbt/models/staging/mof_jgb_yields/_mof_jgb_yields__sources.yml", "bench/README.md"}
    assert "yield_pct in [-2, 20]" in doc_tables.suite_table(changed)
