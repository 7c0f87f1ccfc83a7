"""IMF DataMapper GGXWDG_NGDP (general government gross debt, % of GDP): the API answer and a saved form.

* The API (``/external/datamapper/api/v1/GGXWDG_NGDP/JPN``, what live mode asks for) answers
  ``{"values": {"GGXWDG_NGDP": {"JPN": {"2024": 214.5, …}}}, "api": {…}}``: years are string keys,
  values plain numbers, a missing year is simply absent. It carries no edition label: the WEO
  vintage is the one in force on the day it was fetched (``vintage.py``; the landing folder is
  named for that day).
* The recorded vintages are a third party's saved form of the same indicator for every country:
  ``{"metadata": {"indicator": "GGXWDG_NGDP", "fetched_at": …}, "data": {year: [{code, debt, …}]},
  "timeseries": {code: {"data": [{"year", "debt", "isProjection"}]}}}``. ``timeseries`` is read;
  ``data`` is the same figures by year and must agree with it, else the file is inconsistent.
  ``isProjection`` is the saver's own flag (the API has none) and is not kept.

Errors name the file and the JSON path (or the line of a syntax error).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.imf_debt_to_gdp.vintage import weo_vintage
from ingest.text import payload_json

SOURCE = "imf_debt_to_gdp"
INDICATOR = "GGXWDG_NGDP"
_YEAR = re.compile(r"^\d{4}$")
SCHEMA = {"country": pl.String, "year": pl.Int16, "vintage": pl.String, "debt_pct": pl.Float64, "fetched_on": pl.Date}


def _load_json(data: bytes, file: str) -> Any:
    return payload_json(SOURCE, file, data, "JSON (a DataMapper object)")[0]


def _number(value: Any, file: str, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParseError(SOURCE, file, "not a number", field=path, expected="a ratio in % of GDP", got=repr(value)[:80])
    return float(value)


def _year(text: Any, file: str, path: str) -> int:
    if not isinstance(text, str) or not _YEAR.match(text):
        raise ParseError(SOURCE, file, "not a year", field=path, expected="a year like '2024'", got=repr(text)[:80])
    return int(text)


def _require(obj: Any, key: str, file: str, path: str, kind: type) -> Any:
    if not isinstance(obj, dict) or not isinstance(obj.get(key), kind):
        raise ParseError(
            SOURCE,
            file,
            "layout changed",
            field=f"{path}.{key}" if path else key,
            expected=f"a JSON {kind.__name__}",
            got=repr(obj.get(key) if isinstance(obj, dict) else obj)[:80],
        )
    return obj[key]


def parse_api(data: bytes, file: str, fetched: date) -> pl.DataFrame:
    """The DataMapper API answer: every country and year in ``values.GGXWDG_NGDP``."""
    doc = _load_json(data, file)
    values = _require(_require(doc, "values", file, "", dict), INDICATOR, file, "values", dict)
    vintage = weo_vintage(fetched)
    rows: list[tuple[str, int, str, float, date]] = []
    for country, years in values.items():
        path = f"values.{INDICATOR}.{country}"
        if not isinstance(years, dict) or not years:
            raise ParseError(
                SOURCE, file, "no yearly values", field=path, expected="{year: ratio}", got=repr(years)[:80]
            )
        rows += [
            (country, _year(y, file, path), vintage, _number(v, file, f"{path}.{y}"), fetched) for y, v in years.items()
        ]
    if not rows:
        raise ParseError(SOURCE, file, "no country in the answer", field=f"values.{INDICATOR}", expected="e.g. JPN")
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def parse_saved(data: bytes, file: str) -> pl.DataFrame:
    """The saved form: ``timeseries`` per country, checked against the by-year ``data`` copy."""
    doc = _load_json(data, file)
    meta = _require(doc, "metadata", file, "", dict)
    if meta.get("indicator") != INDICATOR:
        raise ParseError(
            SOURCE,
            file,
            "another indicator",
            field="metadata.indicator",
            expected=INDICATOR,
            got=repr(meta.get("indicator")),
        )
    fetched_at = _require(meta, "fetched_at", file, "metadata", str)
    try:
        fetched = datetime.fromisoformat(fetched_at).date()
    except ValueError:
        raise ParseError(
            SOURCE,
            file,
            "not a timestamp",
            field="metadata.fetched_at",
            expected="ISO 8601 like 2025-12-24T11:53:46",
            got=fetched_at,
        ) from None
    vintage = weo_vintage(fetched)
    rows: dict[tuple[str, int], float] = {}
    for country, series in _require(doc, "timeseries", file, "", dict).items():
        path = f"timeseries.{country}.data"
        for i, point in enumerate(_require(series, "data", file, f"timeseries.{country}", list)):
            year = _year(point.get("year") if isinstance(point, dict) else None, file, f"{path}[{i}].year")
            if (country, year) in rows:
                raise ParseError(
                    SOURCE,
                    file,
                    "duplicate year",
                    field=f"{path}[{i}].year",
                    expected="one value per country and year",
                    got=str(year),
                )
            rows[(country, year)] = _number(point.get("debt"), file, f"{path}[{i}].debt")
    for year_text, entries in _require(doc, "data", file, "", dict).items():
        year = _year(year_text, file, f"data.{year_text}")
        for i, entry in enumerate(entries if isinstance(entries, list) else [None]):
            code = entry.get("code") if isinstance(entry, dict) else None
            debt = entry.get("debt") if isinstance(entry, dict) else None
            if rows.get((str(code), year)) != debt:
                raise ParseError(
                    SOURCE,
                    file,
                    "the by-year copy disagrees with timeseries",
                    field=f"data.{year}[{i}]",
                    expected=f"{code} {year} = {rows.get((str(code), year))}",
                    got=repr(debt),
                )
    if not rows:
        raise ParseError(SOURCE, file, "no values", field="timeseries", expected="countries with yearly data")
    return pl.DataFrame([(c, y, vintage, v, fetched) for (c, y), v in rows.items()], schema=SCHEMA, orient="row")


def landed_day(payload: LandedPayload) -> date:
    """The fetch day: landing files live under ``<source>/<yyyy-mm-dd>/``."""
    try:
        return date.fromisoformat(payload.path.parent.name)
    except ValueError:
        raise ParseError(
            SOURCE,
            payload.name,
            "cannot tell the fetch day from the landing path",
            expected="<source>/<yyyy-mm-dd>/<sha256>.json",
            got=str(payload.path),
        ) from None


def parse_payload(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    if payload.kind == "saved_vintage":
        return parse_saved(content, payload.name)
    return parse_api(content, payload.name, landed_day(payload))
