"""`lw serve` says where the UI is only once it answers, and says plainly what a non-loopback --host exposes."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from dagster_project.cli.bi import exposure
from dagster_project.cli.listening import is_loopback, local_url
from dagster_project.cli.serve import exposure_warning
from tests.conftest import free_port
from tests.operations.conftest import start_lw, stop_and_time, wait_for


@pytest.mark.slow
def test_the_url_is_printed_only_once_the_webserver_answers(home_copy: Path, tmp_path: Path) -> None:
    port = free_port()
    out = tmp_path / "serve.out"
    proc = start_lw(home_copy, out, "serve", "--port", str(port))
    try:
        wait_for(lambda: "lw: Serving the Dagster UI on" in out.read_text(), 300, "the Serving line", out)
        first = httpx.get(f"http://127.0.0.1:{port}/server_info", timeout=10)  # the first request after the line
        assert first.status_code == 200, first.text[:300]
        text = out.read_text()
        assert text.index("started the Dagster webserver") < text.index("Serving the Dagster UI")
        assert "no login" not in text  # the loopback default needs no warning
    finally:
        stop_and_time(proc, signal.SIGTERM, 30, whole_group=False)


def test_loopback_is_told_from_the_network() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.0.2.10", "no-such-host.invalid"))
    assert local_url("0.0.0.0", 3000, "/server_info") == "http://127.0.0.1:3000/server_info"
    assert local_url("::1", 3000) == "http://[::1]:3000"


def test_a_non_loopback_host_says_dagster_has_no_login_and_where_the_proxy_recipe_is() -> None:
    assert exposure_warning("127.0.0.1", 3000) is None
    warning = exposure_warning("0.0.0.0", 3000)
    assert warning and "no login" in warning and "port 3000" in warning and "docs/reverse-proxy.md" in warning
    assert (Path(__file__).parents[2] / "docs" / "reverse-proxy.md").exists()


def test_lw_bi_on_a_team_address_names_what_it_exposes() -> None:
    assert exposure("127.0.0.1", 8088, []) is None
    note = exposure("192.0.2.10", 8088, [("ana", "analyst", "s3cr3t-a"), ("vic", "viewer", "s3cr3t-v")])
    assert note and "port 8088" in note and "plain HTTP" in note and "docs/reverse-proxy.md" in note
    assert "ana (dashboards, charts and SQL Lab" in note and "vic (dashboards and charts, read only" in note
    assert "s3cr3t" not in note  # never a password
