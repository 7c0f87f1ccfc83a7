"""Provision Superset for Liquidity Watch; run by `lw bi` with Superset's own interpreter (.venv-bi).

Why a script inside Superset's venv rather than REST calls: it needs no running server, so `lw bi` can set up
the users and the dashboard before serving, and it uses ``ImportAssetsCommand``, the one importer that
overwrites databases, datasets, charts and dashboards alike (``superset import-dashboards`` keeps existing
charts and datasets as they were, so edits to bi/dashboard/ would never arrive).

    python bi/provision.py --serving PATH   (on stdin, JSON: {"admin": [NAME, PASSWORD],
                                             "users": [[NAME, ROLE, PASSWORD], …]})
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: the `bi` package

from bi import roles  # noqa: E402
from bi.dashboard import all_charts, datasets  # noqa: E402
from bi.dashboard.bundle import DASHBOARD_TITLE, bundle  # noqa: E402
from bi.dashboard.spec import uid  # noqa: E402


def ensure_user(username: str, password: str, user_roles: list[Any]) -> Any:
    """Create the user, or bring an existing one's password and roles in line with what `lw bi` was given."""
    from superset import security_manager

    user = security_manager.find_user(username=username)
    if user is None:
        email = f"{username}@localhost"
        user = security_manager.add_user(username, username, "(Liquidity Watch)", email, user_roles, password)
        if not user:
            raise RuntimeError(f"could not create the Superset user {username!r}")
        print(f"provision: created user {username!r} ({', '.join(r.name for r in user_roles)})", flush=True)
    user.roles = user_roles
    security_manager.update_user(user)
    security_manager.reset_password(user.id, password)
    return user


def role(name: str) -> Any:
    from superset import security_manager

    found = security_manager.find_role(name)
    if found is None:
        raise RuntimeError(f"expected the Superset role {name!r}: run `superset init` first (lw bi does)")
    return found


def sync_viewer_role() -> None:
    """bi/roles.py's viewer role: Gamma's permissions it keeps, plus access to the sandboxed database only."""
    from superset import db, security_manager
    from superset.models.core import Database

    database = db.session.query(Database).filter_by(uuid=uid("database", "serving")).one()
    access = security_manager.add_permission_view_menu("database_access", database.perm)
    kept = [p for p in role("Gamma").permissions if roles.keeps(p.permission.name, p.view_menu.name)]
    security_manager.add_role(roles.VIEWER_ROLE).permissions = [*kept, access]
    db.session.commit()


def import_dashboard(serving: Path, user: Any) -> None:
    """Import (overwrite by UUID) every asset, then sync each dataset's columns from the warehouse."""
    from superset import db
    from superset.commands.importers.v1.assets import ImportAssetsCommand
    from superset.connectors.sqla.models import SqlaTable
    from superset.utils.core import override_user

    with override_user(user):
        ImportAssetsCommand(bundle(serving)).run()
        uuids = {uid("dataset", d.name) for d in datasets()}
        tables = [t for t in db.session.query(SqlaTable).all() if str(t.uuid) in uuids]
        if len(tables) != len(uuids):
            raise RuntimeError(f"expected {len(uuids)} datasets after the import, found {len(tables)}")
        for table in tables:
            table.fetch_metadata()
        db.session.commit()
    print(
        f"provision: imported dashboard {DASHBOARD_TITLE!r} ({len(all_charts())} charts, "
        f"{len(tables)} datasets) over {serving}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--serving", type=Path, required=True)
    args = parser.parse_args()
    accounts = json.loads(sys.stdin.readline())
    if not args.serving.exists():
        raise SystemExit(f"provision: expected the serving copy at {args.serving}: run `lw build` first")

    from superset.app import create_app

    app = create_app()
    with app.app_context():
        admin_name, admin_password = accounts["admin"]
        admin = ensure_user(admin_name, admin_password, [role("Admin")])
        import_dashboard(args.serving, admin)
        sync_viewer_role()
        for name, kind, password in accounts["users"]:
            ensure_user(name, password, [role(r) for r in roles.ACCESS[kind].superset_roles])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
