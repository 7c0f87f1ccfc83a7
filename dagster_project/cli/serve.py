"""``lw serve``: the Dagster webserver and the daemon as two long-running processes (no dev reloader).

The daemon runs the schedules, sensors, the run queue and run monitoring; the webserver serves the UI.
Both read the instance in DAGSTER_HOME (SQLite under ``LW_HOME/dagster``, or PostgreSQL when
``LW_DAGSTER_POSTGRES_URL`` is set). They start in DAGSTER_HOME, not in the repository: Dagster's CLI
loads a ``.env`` from its working directory over the environment, and the repository's ``.env`` holds
the defaults for a plain ``dagster dev``, which would override the LW_HOME ``lw`` was given.

On SIGINT/SIGTERM every process ``lw`` started, and everything they started (code servers, runs), is
ended within ``STOP_GRACE_S`` plus a few seconds; if one of the two exits on its own, the other is
stopped too and ``lw`` exits 1 (under systemd, ``Restart=on-failure`` brings both back).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dagster_project.cli.environment import log_dir, prepare_environment
from dagster_project.cli.listening import PROXY_DOC, is_loopback, local_url, wait_until_answers
from dagster_project.operations.processes import end_tree
from ingest.settings import REPO_ROOT, Settings

BIN = Path(sys.executable).parent
WORKSPACE = REPO_ROOT / "workspace.yaml"
STOP_GRACE_S = 10.0
READY_TIMEOUT_S = 600.0


def exposure_warning(host: str, port: int) -> str | None:
    """What a non-loopback ``--host`` opens, said plainly: Dagster's open-source webserver has no login."""
    if is_loopback(host):
        return None
    return (
        f"lw: --host {host} is not a loopback address: anyone who can reach port {port} of this machine gets the "
        "Dagster UI with no login (Dagster's open-source webserver has no authentication): every run, log and "
        "asset, and the power to launch and cancel runs and to switch schedules and sensors. To share it, keep "
        f"--host 127.0.0.1 and put a reverse proxy with authentication and TLS in front: see {PROXY_DOC}."
    )


def announce_when_ready(host: str, port: int, give_up: Callable[[], bool]) -> None:
    """Print the UI's URL once the webserver answers /server_info, not when its process merely started."""
    url = local_url(host, port, "/server_info")
    took = wait_until_answers(
        url,
        lambda status, _body: status == 200,
        give_up,
        READY_TIMEOUT_S,
        lambda elapsed: print(f"lw: waiting for the Dagster webserver to answer ({elapsed:.0f}s)…", flush=True),
    )
    if took is not None:
        print(f"lw: Serving the Dagster UI on http://{host}:{port} (answered after {took:.0f}s).", flush=True)
    elif not give_up():
        print(f"lw: the webserver did not answer {url} within {READY_TIMEOUT_S:.0f}s; still waiting.", flush=True)


def commands(host: str, port: int) -> dict[str, list[str]]:
    return {
        "webserver": [str(BIN / "dagster-webserver"), "-w", str(WORKSPACE), "-h", host, "-p", str(port)],
        "daemon": [str(BIN / "dagster-daemon"), "run", "-w", str(WORKSPACE)],
    }


def serve(host: str, port: int, verbose: bool = False) -> int:
    """Run webserver + daemon until a signal or until one of them dies."""
    settings = Settings.from_env()
    prepare_environment(settings)
    from dagster_project.dbt_project import prepare_manifest

    prepare_manifest()  # the webserver and the daemon import the definitions, which read dbt's manifest
    if warning := exposure_warning(host, port):
        print(warning, file=sys.stderr, flush=True)
    cwd = os.environ["DAGSTER_HOME"]
    stop: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        stop.append(signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    procs: dict[str, subprocess.Popen[bytes]] = {}
    logs = {}
    for name, cmd in commands(host, port).items():
        logs[name] = log_dir(settings) / f"{name}.log"
        out = None if verbose else logs[name].open("ab")
        procs[name] = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT if out else None)
    print(
        f"lw: started the Dagster webserver (pid {procs['webserver'].pid}) and daemon (pid {procs['daemon'].pid}); "
        f"logs: {log_dir(settings)}/{{webserver,daemon}}.log. Ctrl-C stops.",
        flush=True,
    )
    announce_when_ready(host, port, lambda: bool(stop) or any(p.poll() is not None for p in procs.values()))
    code = 0
    while not stop:
        dead = [n for n, p in procs.items() if p.poll() is not None]
        if dead:
            print(
                f"lw: dagster {dead[0]} exited ({procs[dead[0]].returncode}); see {logs[dead[0]]}. Stopping.",
                file=sys.stderr,
                flush=True,
            )
            code = 1
            break
        time.sleep(0.5)
    if stop:
        print(f"lw: {signal.Signals(stop[0]).name} received: stopping the webserver and the daemon…", flush=True)
    started = time.monotonic()
    killed = end_tree([p.pid for p in procs.values()], grace_s=STOP_GRACE_S)
    for p in procs.values():
        p.wait(timeout=5)
    print(
        f"lw: stopped in {time.monotonic() - started:.1f}s" + (f" ({len(killed)} killed)" if killed else ""), flush=True
    )
    return code
