"""Provision Superset for Liquidity Watch; run by `lw bi` with Superset's own interpreter (.venv-bi).

Why a script inside Superset's venv rather than REST calls: it needs no running server, so `lw bi` can set up
the admin user and the dashboard before serving, and it uses ``ImportAssetsCommand``, the one importer that
overwrites databases, datasets, charts and dashboards alike (``superset import-dashboards`` keeps existing
charts and datasets as they were, so edits to bi/dashboard.py would never arrive).

    python bi/provision.py --serving PATH --admin-user NAME   (password on stdin)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dashboard  # noqa: E402  (bi/dashboard.py, beside this file)


def ensure_admin(username: str, password: str) -> Any:
    """Create the admin, or bring an existing one's password and role in line with what `lw bi` stored."""
    from superset import security_manager

    role = security_manager.find_role("Admin")
    if role is None:
        raise RuntimeError("expected the Admin role: run `superset init` first (lw bi does)")
    user = security_manager.find_user(username=username)
    if user is None:
        user = security_manager.add_user(username, "Liquidity", "Watch", f"{username}@localhost", role, password)
        if not user:
            raise RuntimeError(f"could not create the Superset user {username!r}")
        print(f"provision: created admin user {username!r}", flush=True)
    else:
        security_manager.reset_password(user.id, password)
        if role not in user.roles:
            user.roles.append(role)
            security_manager.update_user(user)
    return user


def import_dashboard(serving: Path, user: Any) -> None:
    """Import (overwrite by UUID) every asset, then sync each dataset's columns from the warehouse."""
    from superset import db
    from superset.commands.importers.v1.assets import ImportAssetsCommand
    from superset.connectors.sqla.models import SqlaTable
    from superset.utils.core import override_user

    contents = dashboard.bundle(serving)
    with override_user(user):
        ImportAssetsCommand(contents).run()
        uuids = {dashboard.uid("dataset", d.name) for d in dashboard.DATASETS}
        datasets = [t for t in db.session.query(SqlaTable).all() if str(t.uuid) in uuids]
        if len(datasets) != len(uuids):
            raise RuntimeError(f"expected {len(uuids)} datasets after the import, found {len(datasets)}")
        for table in datasets:
            table.fetch_metadata()
        db.session.commit()
    print(
        f"provision: imported dashboard {dashboard.DASHBOARD_TITLE!r} ({len(dashboard.all_charts())} charts, "
        f"{len(datasets)} datasets) over {serving}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serving", type=Path, required=True)
    parser.add_argument("--admin-user", required=True)
    args = parser.parse_args()
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise SystemExit("provision: expected the admin password on stdin")
    if not args.serving.exists():
        raise SystemExit(f"provision: expected the serving copy at {args.serving}: run `lw build` first")

    from superset.app import create_app

    app = create_app()
    with app.app_context():
        user = ensure_admin(args.admin_user, password)
        import_dashboard(args.serving, user)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
