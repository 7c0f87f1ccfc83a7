"""``lw bi``: Apache Superset over the serving copy, with the "Liquidity Watch" dashboard already there.

Superset pins SQLAlchemy 1.4, pandas 2.1 and numpy 1.26, so it lives in its own venv (``.venv-bi/``, from
``bi/requirements-bi.lock``) and runs as child processes; this module only orchestrates. Its state (metadata
DB, SECRET_KEY, generated admin password) lives in ``$LW_HOME/bi/``, never in the repo.

Superset opens ``serving.duckdb`` read-only and, with no connection pool (Superset's NullPool for analytics
databases), on every query: a build that swaps the file with os.replace is seen by the next query, no restart.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ingest.settings import REPO_ROOT, Settings

BI_DIR = REPO_ROOT / "bi"
LOCK = BI_DIR / "requirements-bi.lock"
DEFAULT_PORT = 8088
HOST = "127.0.0.1"  # never all interfaces: the admin account is for this machine only
HEALTH_TIMEOUT_S = 300.0


def venv_dir() -> Path:
    return Path(os.environ.get("LW_BI_VENV") or REPO_ROOT / ".venv-bi")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lw bi`` on the ``lw`` parser."""
    p = subparsers.add_parser("bi", help="install Apache Superset, import the dashboard, serve it on 127.0.0.1")
    p.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("LW_BI_PORT", DEFAULT_PORT)),
        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}, or LW_BI_PORT)",
    )
    p.add_argument("--no-serve", action="store_true", help="install, initialise and import the dashboard, then exit")
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    p.set_defaults(run=run)


def say(msg: str) -> None:
    print(f"lw bi: {msg}", flush=True)


def install(venv: Path) -> None:
    """Make ``venv`` hold exactly the lock (uv pip sync), skipping the work when the lock has not changed."""
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    stamp = venv / ".lw-lock-sha256"
    if stamp.exists() and stamp.read_text().strip() == digest and (venv / "bin" / "gunicorn").exists():
        return
    uv = Path(sys.executable).parent / "uv"
    if not uv.exists():
        raise SystemExit(f"lw bi: expected uv beside {sys.executable} (run.sh installs it)")
    started = time.perf_counter()
    if not (venv / "bin" / "python").exists():
        subprocess.run([str(uv), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    say(f"installing Apache Superset into {venv} from {LOCK.relative_to(REPO_ROOT)}…")
    subprocess.run([str(uv), "pip", "sync", "-q", "--python", str(venv / "bin" / "python"), str(LOCK)], check=True)
    stamp.write_text(digest + "\n")
    say(f"installed in {time.perf_counter() - started:.0f}s")


def _private_file(path: Path, make: Callable[[], str]) -> tuple[str, bool]:
    """Read ``path``, or create it (mode 0600) from ``make()``; True when it was just created."""
    if path.exists():
        return path.read_text().strip(), False
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value + "\n")
    return value, True


def admin_credentials(bi_home: Path) -> tuple[str, str]:
    """LW_BI_ADMIN_USER/LW_BI_ADMIN_PASSWORD, else ``admin`` and a password generated once, printed once, kept."""
    user = os.environ.get("LW_BI_ADMIN_USER") or "admin"
    if password := os.environ.get("LW_BI_ADMIN_PASSWORD"):
        return user, password
    password, created = _private_file(bi_home / "admin_password", lambda: secrets.token_urlsafe(15))
    if created:
        say(f"generated the password for Superset user {user!r} (shown once, kept in {bi_home / 'admin_password'}):")
        print(f"\n    {password}\n", flush=True)
    return user, password


def superset_env(home: Path, bi_home: Path) -> dict[str, str]:
    venv = venv_dir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPERSET_", "FLASK_"))}
    env.update(
        LW_HOME=str(home),
        LW_BI_HOME=str(bi_home),
        SUPERSET_CONFIG_PATH=str(BI_DIR / "superset_config.py"),
        FLASK_APP="superset",
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    return env


def initialise(bi_home: Path, env: dict[str, str]) -> None:
    """Create or migrate the metadata DB and sync roles, once per lock (``superset db upgrade`` + ``init``)."""
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    stamp = bi_home / "initialised"
    if stamp.exists() and stamp.read_text().strip() == digest:
        return
    superset = str(venv_dir() / "bin" / "superset")
    started = time.perf_counter()
    say(f"initialising Superset's metadata DB in {bi_home} (first run: ~30 s)…")
    for step in (["db", "upgrade"], ["init"]):
        proc = subprocess.run([superset, *step], env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"lw bi: `superset {' '.join(step)}` failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    stamp.write_text(digest + "\n")
    say(f"initialised in {time.perf_counter() - started:.0f}s")


def provision(serving: Path, user: str, password: str, env: dict[str, str]) -> None:
    """Admin user + dashboard import (bi/provision.py, inside Superset's venv; overwrites by UUID)."""
    proc = subprocess.run(
        [
            str(venv_dir() / "bin" / "python"),
            str(BI_DIR / "provision.py"),
            "--serving",
            str(serving),
            "--admin-user",
            user,
        ],
        input=password + "\n",
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("provision:")]
    if proc.returncode != 0:
        raise SystemExit(f"lw bi: importing the dashboard failed:\n{proc.stdout[-3000:]}{proc.stderr[-5000:]}")
    for line in lines:
        say(line.removeprefix("provision: "))


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def wait_for_health(url: str, proc: subprocess.Popen[bytes], timeout_s: float = HEALTH_TIMEOUT_S) -> float:
    """Poll Superset's /health until it answers OK; past 10 s, say what is being waited for. Returns seconds."""
    started = time.monotonic()
    next_note = 10.0
    while True:
        elapsed = time.monotonic() - started
        if proc.poll() is not None:
            raise SystemExit(f"lw bi: Superset exited with {proc.returncode} before {url} answered (log above)")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200 and resp.read().strip() == b"OK":
                    return elapsed
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if elapsed > timeout_s:
            raise SystemExit(f"lw bi: expected {url} to answer OK within {timeout_s:.0f}s; it did not")
        if elapsed >= next_note:
            say(f"still waiting for {url} to answer OK ({elapsed:.0f}s: gunicorn workers loading Superset)…")
            next_note += 10.0
        time.sleep(0.5)


def serve(port: int, workers: int, env: dict[str, str], user: str, bi_home: Path) -> int:
    """Run gunicorn on 127.0.0.1:port until interrupted; returns its exit status."""
    if not port_is_free(port):
        raise SystemExit(f"lw bi: expected port {port} on {HOST} to be free; use `lw bi --port N`")
    gunicorn = str(venv_dir() / "bin" / "gunicorn")
    cmd = [
        gunicorn,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--timeout",
        "120",
        "--limit-request-line",
        "0",
        "--limit-request-field_size",
        "0",
        "--no-control-socket",
        "superset.app:create_app()",
    ]
    say(f"starting Superset on http://{HOST}:{port} …")
    proc = subprocess.Popen(cmd, env=env)
    try:
        took = wait_for_health(f"http://{HOST}:{port}/health", proc)
        say(f"Superset is up in {took:.0f}s: http://{HOST}:{port}/superset/dashboard/liquidity-watch/")
        password_note = "LW_BI_ADMIN_PASSWORD" if os.environ.get("LW_BI_ADMIN_PASSWORD") else bi_home / "admin_password"
        say(f"log in as {user!r} (password: {password_note}); Ctrl-C stops it")
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def run(args: argparse.Namespace) -> int:
    """Install, initialise, import the dashboard, then serve (unless --no-serve)."""
    settings = Settings.from_env()
    home = settings.home.resolve()
    serving = Path(settings.serving_path).resolve()
    if not serving.exists():
        say(f"no serving copy at {serving} yet: running `lw build` first")
        lw = Path(sys.executable).parent / "lw"
        if subprocess.run([str(lw), "build"]).returncode != 0 or not serving.exists():
            raise SystemExit(f"lw bi: expected `lw build` to publish {serving}; it did not (see above)")
    bi_home = home / "bi"
    bi_home.mkdir(parents=True, exist_ok=True)
    install(venv_dir())
    _private_file(bi_home / "secret_key", lambda: secrets.token_urlsafe(48))
    env = superset_env(home, bi_home)
    user, password = admin_credentials(bi_home)
    initialise(bi_home, env)
    provision(serving, user, password, env)
    if args.no_serve:
        return 0
    return serve(args.port, args.workers, env, user, bi_home)
