"""The overnight call rate on every business day since 1998 against the BoJ's target (every calendar day)."""

from __future__ import annotations

import duckdb

from report import data
from report.section import Coverage, Section, fig

CALL_RATE = "SELECT date, value FROM main.policy_rates WHERE series = 'call_rate_overnight' AND value IS NOT NULL"
TARGET = "SELECT date, value FROM main.policy_rates WHERE is_target AND value IS NOT NULL"


def build(con: duckdb.DuckDBPyConnection) -> Section:
    """Each series on its own days: the call rate on business days, the target on calendar days. (A common
    weekly sample would take each week's last calendar day, a Sunday since 2016, where no call rate exists.)"""
    call = data.query(con, f"{CALL_RATE} ORDER BY date", "policy_rates")
    target = data.query(con, f"{TARGET} ORDER BY date", "policy_rates")
    sec = Section(
        "rates",
        "Overnight call rate and the BoJ's target",
        missing=call.missing,
        text="The call rate is the BoJ's uncollateralized overnight series on every business day it was published; "
        "the target is the reviewed table of policy decisions, in force on every calendar day from 2016-02-16.",
        coverage=[
            Coverage(f"SELECT 'call rate', date FROM ({CALL_RATE})", "day"),
            Coverage(f"SELECT 'policy target', date FROM ({TARGET})", "day"),
        ],
    )
    if not call.empty:
        f = fig("Uncollateralized overnight call rate vs the policy-rate target", yaxis_title="% per annum")
        f.add_scatter(x=call["date"], y=call["value"], mode="lines", name="call rate")
        if not target.empty:
            f.add_scatter(
                x=target["date"], y=target["value"], mode="lines", name="policy target", line=dict(shape="hv")
            )
        sec.figures.append(f)
        sec.text += f" Call rate through {call['date'][-1]}."
    return sec
