"""Every source the pipeline knows, found by folder: Dagster, the CLI and the tests all read ``SOURCES``.

A source is a sub-package ``ingest/sources/<name>/`` whose ``SOURCE`` is a ``SourceSpec`` named
``<name>``; adding the folder is the whole registration.
"""

from __future__ import annotations

import importlib
import pkgutil

from ingest.source import SourceSpec


def discover() -> dict[str, SourceSpec]:
    """Import each source package, in name order, and check it declares itself under its folder's name."""
    found: dict[str, SourceSpec] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        spec = getattr(module, "SOURCE", None)
        if not isinstance(spec, SourceSpec):
            raise TypeError(f"ingest/sources/{info.name}/__init__.py must define SOURCE = SourceSpec(...)")
        if spec.name != info.name:
            raise ValueError(
                f"ingest/sources/{info.name}: SOURCE declares table {spec.name!r}; folder and table must match"
            )
        found[spec.name] = spec
    return found


SOURCES: dict[str, SourceSpec] = discover()
