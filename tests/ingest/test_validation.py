"""The validation layer on its own: which checks see the payload, which the delta, and no silent passes."""

from __future__ import annotations

import polars as pl
import pytest

from ingest.frames import duplicated_rows
from ingest.validation import DISTINCT_ABOVE, ExpectationDef, validate_frame

ROWS: list[ExpectationDef] = [
    ("ExpectColumnValuesToBeBetween", {"column": "v", "min_value": 0, "max_value": 10}),
    ("ExpectColumnValuesToBeInSet", {"column": "k", "value_set": [1, 2, 3]}),
]
TABLE: list[ExpectationDef] = [
    ("ExpectCompoundColumnsToBeUnique", {"column_list": ["d", "k"]}),
    ("ExpectColumnValuesToBeIncreasing", {"column": "d", "strictly": False}),
    ("ExpectTableRowCountToBeBetween", {"min_value": 3}),
]


def frame(n: int = 6) -> pl.DataFrame:
    return pl.DataFrame({"d": [i // 3 for i in range(n)], "k": [1 + i % 3 for i in range(n)], "v": [1.0] * n})


def test_row_level_checks_judge_the_delta_and_table_level_the_payload() -> None:
    payload = frame().with_columns(v=pl.Series([99.0, 1, 1, 1, 1, 1]))  # a bad value in an old, confirmed row
    delta = payload.tail(3)
    outcome = validate_frame(payload, "t", ROWS + TABLE, delta=delta)
    assert outcome.success, outcome.failures
    assert (outcome.payload_rows, outcome.delta_rows) == (6, 3)
    assert [o.scope for o in outcome.outcomes] == ["delta", "delta", "payload", "payload", "payload"]
    bad_new = validate_frame(payload, "t", ROWS + TABLE, delta=payload.head(3))
    assert bad_new.failures == [
        "ExpectColumnValuesToBeBetween(column=v, min_value=0, max_value=10): 1 unexpected (e.g. [99.0])"
    ]


def test_table_level_checks_see_rows_outside_the_delta() -> None:
    payload = pl.concat([frame(), frame().tail(1)])  # a duplicate key, not in the delta
    outcome = validate_frame(payload, "t", TABLE, delta=payload.head(0))
    assert [f.split("(")[0] for f in outcome.failures] == ["ExpectCompoundColumnsToBeUnique"]
    out_of_order = frame().reverse()
    assert not validate_frame(out_of_order, "t", TABLE, delta=out_of_order.head(0)).success
    assert validate_frame(frame(2), "t", TABLE, delta=frame(0)).failures == [
        "ExpectTableRowCountToBeBetween(min_value=3): observed 2"
    ]


def test_a_large_delta_is_checked_on_distinct_values_and_still_fails_on_one_bad_row() -> None:
    n = DISTINCT_ABOVE + 10
    big = pl.DataFrame({"d": range(n), "k": [1 + i % 3 for i in range(n)], "v": [5.0] * (n - 1) + [11.0]})
    outcome = validate_frame(big, "t", ROWS)
    assert outcome.delta_rows == n
    assert outcome.failures == [
        "ExpectColumnValuesToBeBetween(column=v, min_value=0, max_value=10): 1 distinct values unexpected (e.g. [11.0])"
    ]
    mostly = validate_frame(
        big, "t", [("ExpectColumnValuesToBeBetween", {"column": "v", "max_value": 10, "mostly": 0.99})]
    )
    assert mostly.success  # `mostly` counts real rows: that check sees every delta row


@pytest.mark.parametrize(
    "check",
    [
        ("ExpectColumnValuesToBeBetween", {"column": "missing", "min_value": 0}),
        ("ExpectColumnValuesToBeIncreasing", {"column": "missing"}),
    ],
    ids=["row-level", "table-level"],
)
def test_a_check_that_cannot_run_is_a_failure(check: tuple) -> None:
    outcome = validate_frame(frame(), "t", [check])
    assert not outcome.success
    assert outcome.outcomes[0].detail.startswith("could not run: ") and "missing" in outcome.outcomes[0].detail


def test_an_unclassified_expectation_type_is_refused() -> None:
    with pytest.raises(ValueError, match="ExpectColumnMeanToBeBetween.*classify them in ingest/validation.py"):
        validate_frame(frame(), "t", [("ExpectColumnMeanToBeBetween", {"column": "v", "min_value": 0})])


def test_duplicated_rows_exact_whatever_the_order() -> None:
    assert duplicated_rows(frame()).height == 0
    shuffled = pl.concat([frame(), frame().head(1)]).reverse()
    assert duplicated_rows(shuffled).rows() == [(0, 1, 1.0), (0, 1, 1.0)]


def test_a_row_condition_keeps_every_delta_row_and_a_table_check_refuses_unknown_arguments() -> None:
    n = DISTINCT_ABOVE + 10
    big = pl.DataFrame({"unit": ["pct", "years"] * (n // 2), "v": [30.0, 30.0] * (n // 2)})
    conditioned = (
        "ExpectColumnValuesToBeBetween",
        {"column": "v", "max_value": 20.0, "row_condition": 'unit=="pct"', "condition_parser": "pandas"},
    )
    outcome = validate_frame(big, "t", [conditioned])
    assert outcome.failures == [
        'ExpectColumnValuesToBeBetween(column=v, max_value=20.0, row_condition=unit=="pct", '
        "condition_parser=pandas): "
        f"{n // 2} unexpected (e.g. [30.0, 30.0, 30.0, 30.0, 30.0])"
    ]
    refused = validate_frame(frame(), "t", [("ExpectTableRowCountToBeBetween", {"min_value": 1, "row_condition": "x"})])
    assert not refused.success and "not implemented" in refused.outcomes[0].detail


def test_a_failure_is_reported_under_its_own_check_whatever_order_gx_returns() -> None:
    """GX groups results by column: the failing check on ``v`` must not be reported as the one on ``k``."""
    checks = [
        ("ExpectColumnValuesToBeBetween", {"column": "v", "min_value": 0}),
        ("ExpectColumnValuesToBeBetween", {"column": "k", "min_value": 1, "max_value": 3}),
        ("ExpectColumnValuesToBeBetween", {"column": "v", "max_value": 1.5}),  # GX returns it second
    ]
    outcome = validate_frame(frame().with_columns(v=pl.Series([9.0, 1, 1, 1, 1, 1])), "t", checks)
    assert [o.success for o in outcome.outcomes] == [True, True, False]
    assert outcome.failures == ["ExpectColumnValuesToBeBetween(column=v, max_value=1.5): 1 unexpected (e.g. [9.0])"]
