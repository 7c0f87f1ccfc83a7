"""Who may do what in Superset, as code: the roles ``lw bi --user NAME:ROLE`` hands out, besides the admin.

Why declared here rather than clicked in Superset's UI: the roles are re-applied by every ``lw bi`` run
(bi/provision.py), so what a viewer or an analyst can do is what this file says, reviewable and tested.

- viewer: dashboards and their charts, read only. Superset's Gamma role less every write permission and
  less SQL Lab, plus access to the one sandboxed database.
- analyst: the viewer's rights plus SQL Lab (Superset's built-in ``sql_lab`` role) on that database, which
  is sandboxed (bi/sandbox.py). Neither role reaches the admin pages (users, roles, databases).
"""

from __future__ import annotations

from dataclasses import dataclass

VIEWER_ROLE = "Liquidity Watch viewer"


@dataclass(frozen=True)
class Access:
    """What one ``--user NAME:ROLE`` choice grants: the Superset roles the user is given."""

    superset_roles: tuple[str, ...]
    summary: str


ACCESS: dict[str, Access] = {
    "viewer": Access((VIEWER_ROLE,), "dashboards and charts, read only; no SQL Lab, no admin pages"),
    "analyst": Access(
        (VIEWER_ROLE, "sql_lab"), "dashboards, charts and SQL Lab on the sandboxed serving copy; no admin pages"
    ),
}
# The viewer role is Gamma's permissions less these: anything that writes, and SQL Lab's own.
DROPPED_PERMISSIONS = ("can_write", "can_csv_upload", "can_export", "can_share_chart", "can_share_dashboard")
DROPPED_VIEW_MENUS = ("SQL Lab", "SQLLab", "Query", "SavedQuery", "SqlLab")


def keeps(permission: str, view_menu: str) -> bool:
    """True when the viewer role keeps Gamma's ``permission`` on ``view_menu``."""
    return permission not in DROPPED_PERMISSIONS and view_menu not in DROPPED_VIEW_MENUS


def parse_user(spec: str) -> tuple[str, str]:
    """``NAME:ROLE`` → (name, role), with a clear error for anything else."""
    name, _, role = spec.partition(":")
    if not name or role not in ACCESS:
        raise ValueError(f"expected NAME:ROLE with ROLE one of {', '.join(ACCESS)}; got {spec!r}")
    return name, role
