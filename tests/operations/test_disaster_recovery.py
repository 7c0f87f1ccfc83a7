"""A damaged disk, as an operator meets it: a truncated warehouse, a full volume, bit rot, and the way back."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from ingest import landing
from ingest.pipeline import run_source
from ingest.recovery.backup import backup, list_backups, restore_backup
from ingest.recovery.disk import NoSpace
from ingest.recovery.replay import replay_landing
from ingest.settings import Settings
from ingest.sources import SOURCES
from tests.conftest import LW, lw_env, run_build
from tests.operations.test_rebuild_from_landing import raw_state

pytestmark = pytest.mark.slow


def settings_of(home: Path, **env: str) -> Settings:
    return Settings.from_env(lw_env(home, **env))


def lw(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LW, *args], env=lw_env(home, **env), capture_output=True, text=True, timeout=900)


def alerts(httpserver: HTTPServer) -> list[str]:
    return [request.get_json()["text"] for request, _ in httpserver.log]


def truncate_to_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_truncated_warehouse_is_named_set_aside_and_rebuilt_from_landing(
    home_copy: Path, httpserver: HTTPServer
) -> None:
    settings = settings_of(home_copy)
    before = raw_state(settings, [])
    serving = digest(settings.serving_path)
    truncate_to_half(settings.warehouse_path)
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    hook = {"LW_ALERT_WEBHOOK": httpserver.url_for("/hook")}

    status = lw(home_copy, "status", **hook)
    assert status.returncode == 1
    assert "Traceback" not in status.stdout + status.stderr
    assert f"the warehouse {settings.warehouse_path} cannot be read (IO Error: Could not read enough bytes" in (
        status.stdout
    )
    assert "cannot be read" in alerts(httpserver)[-1] and "rebuilds it from landing" in alerts(httpserver)[-1]

    stopped = run_build(home_copy, "--no-restore", **hook)
    assert stopped.returncode == 1 and "Stopped (--no-restore), nothing changed" in stopped.stdout
    assert "`lw restore`" in stopped.stdout and "cannot be read" in alerts(httpserver)[-1]
    assert not (home_copy / "corrupt").exists() and digest(settings.serving_path) == serving

    rebuilt = run_build(home_copy, **hook)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-3000:]
    (moved,) = (home_copy / "corrupt").glob("*.duckdb")
    line = next(ln for ln in rebuilt.stdout.splitlines() if "cannot be read" in ln)
    assert f"moved it to {moved} and rebuilding it from the" in line and "last good serving copy" in line
    assert "rebuilt the raw tables from landing" in rebuilt.stdout and "retry" not in rebuilt.stdout
    print(next(ln for ln in rebuilt.stdout.splitlines() if "rebuilt the raw tables" in ln))
    assert f"moved it to {moved}" in alerts(httpserver)[-1] or any(
        f"moved it to {moved}" in a for a in alerts(httpserver)
    )
    assert raw_state(settings, []) == before  # current rows, __history and _loads, load times included
    with duckdb.connect(str(settings.serving_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM main.jgb_curve_daily").fetchone()[0] > 13_000


@pytest.fixture
def small_volume(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs mounted at a fresh folder (root only); sized by the test with ``mount -o remount,size=…``."""
    mount = tmp_path / "volume"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1g", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}); the ENOSPC injection tests cover it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def resize(mount: Path, free: int) -> None:
    """Leave ``free`` bytes free on the tmpfs."""
    used = shutil.disk_usage(mount).used
    subprocess.run(["mount", "-o", f"remount,size={used + free}", str(mount)], check=True)


def test_a_full_disk_is_named_and_leaves_no_half_written_serving_copy(
    built_home: Path, small_volume: Path, httpserver: HTTPServer
) -> None:
    home = small_volume / "lw"
    shutil.copytree(built_home, home, symlinks=True)
    settings = settings_of(home)
    with duckdb.connect(str(settings.serving_path)) as con:  # make the serving copy out of date: it must be rewritten
        con.execute("UPDATE main._published SET fingerprint = 'an earlier build'")
    serving = digest(settings.serving_path)
    resize(small_volume, 6 * 1024 * 1024)  # room for the run's records, not for a new serving copy
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")

    full = run_build(home, LW_ALERT_WEBHOOK=httpserver.url_for("/hook"))

    text = full.stdout
    assert full.returncode == 1, text[-3000:]
    assert "no space left on device writing" in text and ".serving-" in text and "free on its volume" in text
    assert "MB needed" in text and "NO SPACE LEFT ON DEVICE: serving__serving_duckdb" in text
    assert "Traceback" not in text and "DagsterExecutionStepExecutionError" not in text
    not_run = [ln for ln in text.splitlines() if "not run (upstream failed)" in ln]
    assert not any("raw__" in ln for ln in not_run), not_run  # the sources ran, in the first run
    assert any("no space left on device writing" in a and "serving" in a for a in alerts(httpserver))
    assert not list(home.glob(".serving-*"))  # the half-written copy is gone
    assert digest(settings.serving_path) == serving  # BI tools still read the last good copy
    print("\n".join(ln for ln in text.splitlines() if "space" in ln.lower()))


def test_no_space_while_landing_leaves_no_file_and_says_where(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real write path, where a disk reports ENOSPC at the latest: the fsync of the landed file."""

    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(landing.os, "fsync", no_space)
    with pytest.raises(NoSpace) as caught:
        run_source(SOURCES["mof_debt"], settings)
    message = str(caught.value)
    assert message.startswith(f"no space left on device writing {settings.landing_dir / 'mof_debt'}")
    assert "free on its volume, about" in message and "kB needed" in message
    assert [p for p in settings.landing_dir.rglob("*") if p.is_file()] == []  # no half-written payload


def test_backup_keeps_the_newest_and_restores_what_it_saved(home_copy: Path, tmp_path: Path) -> None:
    settings = settings_of(home_copy)
    before = raw_state(settings, [])
    made = [backup(settings, home_copy / "dagster", keep=2) for _ in range(3)]
    assert list_backups(settings) == [m.path for m in made[1:]]  # the oldest was pruned
    newest = made[-1].path
    files = {f.relative_to(newest).as_posix() for f in newest.rglob("*") if f.is_file()}
    assert {"manifest.json", "warehouse.duckdb", "dagster/history/runs.db"} <= files
    truncate_to_half(settings.warehouse_path)
    aside = restore_backup(settings, newest, None)
    assert aside is not None and aside.parent.name == "replaced"
    assert replay_landing(settings).loads == 0  # nothing landed after the backup
    assert raw_state(settings, []) == before

    (newest / "warehouse.duckdb").write_bytes(b"rot")
    with pytest.raises(ValueError, match="warehouse.duckdb is damaged"):
        restore_backup(settings, newest, None)


def test_lw_verify_finds_bit_rot_in_landing_and_recordings(
    home_copy: Path, tmp_path: Path, httpserver: HTTPServer
) -> None:
    recorded = tmp_path / "recorded"
    shutil.copytree(Path(__file__).parents[2] / "recorded", recorded)
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    env = {"LW_RECORDED_DIR": str(recorded), "LW_ALERT_WEBHOOK": httpserver.url_for("/hook")}
    clean = lw(home_copy, "verify", **env)
    assert clean.returncode == 0 and "every file holds the bytes its name or manifest says" in clean.stdout

    landed = next(p for p in (home_copy / "landing" / "mof_debt").rglob("*.xls"))
    landed.chmod(0o644)
    data = bytearray(landed.read_bytes())
    data[1000] ^= 0x01  # one flipped bit
    landed.write_bytes(bytes(data))
    (recorded / "cpi" / "estat_cpi_0003427113_to_2026-08.csv").write_bytes(b"cut short")

    rotten = lw(home_copy, "verify", **env)
    assert rotten.returncode == 1
    mismatches = [ln for ln in rotten.stdout.splitlines() if ln.startswith("lw: MISMATCH")]
    assert len(mismatches) == 2 and str(landed) in mismatches[0] and "cpi" in mismatches[1]
    assert "2 of" in alerts(httpserver)[-1] and landed.name[:12] in alerts(httpserver)[-1]


def test_no_space_for_the_report_leaves_the_last_page_and_no_partial_one(serving: Path, small_volume: Path) -> None:
    from report.render import render_from_file

    out = small_volume / "report"
    out.mkdir()
    (out / "index.html").write_text("the last good report")
    resize(small_volume, 1024 * 1024)  # the page embeds plotly.js: several MB
    with pytest.raises(NoSpace) as caught:
        render_from_file(serving, out)
    assert str(caught.value).startswith(f"no space left on device writing {out / 'index.html'}: ")
    assert "free on its volume, about" in str(caught.value) and "MB needed" in str(caught.value)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "the last good report"
