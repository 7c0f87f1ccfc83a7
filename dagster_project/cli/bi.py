"""``lw bi``: Apache Superset over the serving copy, with the "Liquidity Watch" dashboard already there.

Superset pins SQLAlchemy 1.4, pandas 2.1 and numpy 1.26, so it lives in its own venv (``.venv-bi/``, from
``bi/requirements-bi.lock``) and runs as child processes; this module only orchestrates. Its state (metadata
DB, SECRET_KEY, generated admin password) lives in ``$LW_HOME/bi/``, never in the repo.

Superset opens ``serving.duckdb`` in bi/sandbox.py's sandbox (read-only, no host access) and, with no connection
pool (Superset's NullPool for analytics databases), on every query: a build that swaps the file with os.replace
is seen by the next query, no restart. Besides the admin, ``--user NAME:ROLE`` adds viewers and analysts
(bi/roles.py); ``--host`` other than loopback is an explicit choice, announced with what it exposes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bi import roles
from dagster_project.cli.listening import PROXY_DOC, is_loopback, local_url, wait_until_answers
from ingest.settings import REPO_ROOT, Settings

BI_DIR = REPO_ROOT / "bi"
LOCK = BI_DIR / "requirements-bi.lock"
DEFAULT_PORT = 8088
HOST = "127.0.0.1"  # the default: this machine only; another address only when asked for (--host)
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
        help=f"port (default {DEFAULT_PORT}, or LW_BI_PORT)",
    )
    p.add_argument(
        "--host",
        default=HOST,
        help=f"address to listen on (default {HOST}); another one serves a team and says what it exposes",
    )
    p.add_argument(
        "--user",
        action="append",
        default=[s for s in os.environ.get("LW_BI_USERS", "").split(",") if s],
        metavar="NAME:ROLE",
        help=f"add or update a user, ROLE one of {', '.join(roles.ACCESS)} (repeatable; or LW_BI_USERS=a:viewer,…)",
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


def generated_password(path: Path, user: str) -> str:
    """The password kept (0600) in ``path``, generated and printed once on the run that creates it."""
    password, created = _private_file(path, lambda: secrets.token_urlsafe(15))
    if created:
        say(f"generated the password for Superset user {user!r} (shown once, kept in {path}):")
        print(f"\n    {password}\n", flush=True)
    return password


def admin_credentials(bi_home: Path) -> tuple[str, str]:
    """LW_BI_ADMIN_USER/LW_BI_ADMIN_PASSWORD, else ``admin`` and a password generated once, printed once, kept."""
    user = os.environ.get("LW_BI_ADMIN_USER") or "admin"
    if password := os.environ.get("LW_BI_ADMIN_PASSWORD"):
        return user, password
    return user, generated_password(bi_home / "admin_password", user)


def user_credentials(bi_home: Path, specs: list[str]) -> list[tuple[str, str, str]]:
    """(name, role, password) per ``--user NAME:ROLE``; each password generated once into bi/passwords/NAME."""
    try:
        wanted = dict(roles.parse_user(spec) for spec in specs)
    except ValueError as exc:
        raise SystemExit(f"lw bi: --user: {exc}") from None
    folder = bi_home / "passwords"
    folder.mkdir(mode=0o700, exist_ok=True)
    return [(name, role, generated_password(folder / name, name)) for name, role in wanted.items()]


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


def provision(serving: Path, admin: tuple[str, str], users: list[tuple[str, str, str]], env: dict[str, str]) -> None:
    """Users, roles and the dashboard import (bi/provision.py, inside Superset's venv; overwrites by UUID)."""
    accounts = {"admin": list(admin), "users": [list(u) for u in users]}
    proc = subprocess.run(
        [str(venv_dir() / "bin" / "python"), str(BI_DIR / "provision.py"), "--serving", str(serving)],
        input=json.dumps(accounts) + "\n",
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("provision:")]
    if proc.returncode != 0:
        raise SystemExit(f"lw bi: importing the dashboard failed:\n{proc.stdout[-3000:]}{proc.stderr[-5000:]}")
    for line in lines:
        say(line.removeprefix("provision: "))


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def exposure(host: str, port: int, users: list[tuple[str, str, str]]) -> str | None:
    """What listening on a non-loopback ``host`` exposes, said before serving; None on loopback."""
    if is_loopback(host):
        return None
    accounts = ["the admin (every page, users, databases)"] + [
        f"{name} ({roles.ACCESS[role].summary})" for name, role, _ in users
    ]
    return (
        f"--host {host}: Superset's login page on port {port} is open to every machine that can reach this "
        f"address, in plain HTTP (put TLS in front: {PROXY_DOC}). Accounts that can log in: "
        f"{'; '.join(accounts)}. SQL Lab runs inside the DuckDB sandbox (no file, network or extension access); "
        "the secret key and passwords stay in $LW_HOME/bi (0600)."
    )


def superset_ready(status: int, body: bytes) -> bool:
    return status == 200 and body.strip() == b"OK"


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        str(venv_dir() / "bin" / "gunicorn"),
        "--bind",
        bind,
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


def serve(host: str, port: int, workers: int, env: dict[str, str], user: str, bi_home: Path) -> int:
    """Run gunicorn on host:port until interrupted; the URL is printed once /health answers OK."""
    if not port_is_free(host, port):
        raise SystemExit(f"lw bi: expected port {port} on {host} to be free; use `lw bi --port N`")
    say(f"starting Superset on http://{host}:{port} …")
    proc = subprocess.Popen(gunicorn_command(host, port, workers), env=env)
    health = local_url(host, port, "/health")
    try:
        took = wait_until_answers(
            health,
            superset_ready,
            lambda: proc.poll() is not None,
            HEALTH_TIMEOUT_S,
            lambda elapsed: say(f"still waiting for {health} to answer OK ({elapsed:.0f}s: workers loading Superset)…"),
        )
        if took is None:
            state = f"exited with {proc.returncode}" if proc.poll() is not None else "did not answer"
            raise SystemExit(f"lw bi: Superset {state} before {health} answered OK within {HEALTH_TIMEOUT_S:.0f}s")
        say(f"Superset is up in {took:.0f}s: http://{host}:{port}/superset/dashboard/liquidity-watch/")
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
    """Install, initialise, provision users and the dashboard, then serve (unless --no-serve)."""
    settings = Settings.from_env()
    home = settings.home.resolve()
    serving = Path(settings.serving_path).resolve()
    if not serving.exists():
        say(f"no serving copy at {serving} yet: running `lw build` first")
        lw = Path(sys.executable).parent / "lw"
        if subprocess.run([str(lw), "build"]).returncode != 0 or not serving.exists():
            raise SystemExit(f"lw bi: expected `lw build` to publish {serving}; it did not (see above)")
    bi_home = home / "bi"
    bi_home.mkdir(mode=0o700, parents=True, exist_ok=True)
    install(venv_dir())
    _private_file(bi_home / "secret_key", lambda: secrets.token_urlsafe(48))
    env = superset_env(home, bi_home)
    admin = admin_credentials(bi_home)
    users = user_credentials(bi_home, args.user)
    initialise(bi_home, env)
    provision(serving, admin, users, env)
    if args.no_serve:
        return 0
    if note := exposure(args.host, args.port, users):
        say(note)
    return serve(args.host, args.port, args.workers, env, admin[0], bi_home)
