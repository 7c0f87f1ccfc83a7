"""Where the report says what it was rendered from (the serving copy keeps its stamp inside the file)."""

from __future__ import annotations

import json
from typing import Any

from ingest.settings import Settings

RENDERED = ".rendered.json"  # beside the report's index.html: the fingerprint it was rendered from, and what it holds


def report_stamp(settings: Settings) -> dict[str, Any]:
    """The stamp beside the report (the fingerprint it was rendered from), {} when there is no report."""
    out, stamp_path = settings.report_dir / "index.html", settings.report_dir / RENDERED
    return json.loads(stamp_path.read_text(encoding="utf-8")) if out.exists() and stamp_path.exists() else {}
