"""Reviewed YAML files (chain registry, BoJ series list, policy decisions) read into pydantic models.

Each file's shape is declared once, as a model; pydantic checks types strictly (a ``true`` is not a
number, a quoted date is not a date) and refuses unknown fields, so a typo in a reviewed file stops
the load instead of being ignored. ``first_problem`` turns pydantic's report into what every error
here names: the field's path in the file (``tokens[3].decimals``), what was wrong, what was there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class Reviewed(BaseModel):
    """An entry of a reviewed file: strict types, no unknown field, immutable once read."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


@dataclass(frozen=True)
class Problem:
    """The first thing wrong in a reviewed file: where (``decisions[2].effective``), what, and the value found."""

    loc: tuple[int | str, ...]
    message: str
    got: Any
    missing: bool = False

    @property
    def field(self) -> str:
        return field_path(self.loc)

    @property
    def detail(self) -> str:
        """What was wrong and the value found (not when the field is missing, or the problem is a whole entry's)."""
        return self.message if self.missing or isinstance(self.got, dict) else f"{self.message}, got {self.got!r}"


def field_path(loc: Sequence[int | str]) -> str:
    """``("tokens", 3, "decimals")`` → ``tokens[3].decimals``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def first_problem(exc: ValidationError) -> Problem:
    err = exc.errors(include_url=False)[0]
    message = err["msg"].removeprefix("Value error, ")  # a validator's own words need no pydantic prefix
    return Problem(tuple(err["loc"]), message, err.get("input"), err["type"] == "missing")


def read_yaml(path: Path) -> Any:
    """The file's YAML document; an unreadable file or bad YAML raises ``OSError`` / ``yaml.YAMLError``."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))
