"""Freshness on the data's own dates, `lw status`, and one webhook alert for a stale source."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from ingest.alerts import redact, send_alert
from ingest.freshness import as_instant, clock, judge
from ingest.sources import SOURCES
from tests.conftest import LW, lw_env

YIELDS = SOURCES["mof_jgb_yields"]


def test_verdict_is_judged_on_the_data_date_against_lw_now() -> None:
    newest = as_instant(date(2026, 4, 30), YIELDS.cadence.timezone)
    assert not judge(YIELDS, newest, clock({"LW_NOW": "2026-05-01T12:00:00+09:00"}).now).stale
    late = judge(YIELDS, newest, clock({"LW_NOW": "2026-06-01T00:00:00+09:00"}).now)
    assert late.stale and late.verdict == "stale" and "2026-04-30" in late.describe()
    assert judge(YIELDS, None, datetime.now(UTC)).verdict == "no data"
    assert clock({}).from_env is False and abs(clock({}).now - datetime.now(UTC)) < timedelta(seconds=5)
    with pytest.raises(ValueError, match="LW_NOW"):
        clock({"LW_NOW": "yesterday"})


def test_alerts_post_slack_json_and_never_carry_secrets(httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    assert (
        send_alert(
            "rpc https://u:p@node.example/v1?apikey=SECRET and rpc+env://TRON_RPC_URL failed",
            env={"LW_ALERT_WEBHOOK": httpserver.url_for("/hook")},
        )
        is None
    )
    ((request, _),) = httpserver.log
    text = request.get_json()["text"]
    assert "SECRET" not in text and "u:p@" not in text and "rpc+env://TRON_RPC_URL" in text
    assert redact("https://x.io/a?key=1") == "https://x.io/a"
    assert send_alert("x", env={}) is None  # unset: nothing to do


def lw_status(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LW, "status", *args], env=lw_env(home, **env), capture_output=True, text=True, timeout=180)


@pytest.mark.slow
def test_lw_status_reports_a_stale_source_exits_1_and_posts_one_alert(built_home: Path, httpserver: HTTPServer) -> None:
    # As of the day after the recording, MoF's yields (to 2026-06-30) are fresh; a month later they are stale.
    fresh = lw_status(built_home, "--json", LW_NOW="2026-07-01T12:00:00+09:00")
    report = json.loads(fresh.stdout)
    by_source = {s["source"]: s for s in report["sources"]}
    assert report["replay"] is True
    assert by_source["mof_jgb_yields"]["freshness"]["verdict"] == "fresh"
    load = by_source["mof_jgb_yields"]["last_load"]
    assert len(load["sha256"]) == 64 and load["rows_total"] > 160_000
    assert by_source["mof_jgb_yields"]["last_run"]["status"] == "SUCCESS"

    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    stale = lw_status(built_home, LW_NOW="2026-08-01T00:00:00+09:00", LW_ALERT_WEBHOOK=httpserver.url_for("/hook"))
    assert stale.returncode == 1, stale.stdout
    assert "judging a replay" in stale.stdout
    line = next(ln for ln in stale.stdout.splitlines() if ln.startswith("mof_jgb_yields"))
    assert "stale" in line and "2026-06-30" in line
    assert len(httpserver.log) == 1
    text = httpserver.log[0][0].get_json()["text"]
    assert "mof_jgb_yields: stale" in text
