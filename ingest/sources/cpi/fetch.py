"""What to ask e-Stat for: the five series of table 0003427113 as one getSimpleStatsData CSV.

The API needs an application id (free, per user). It is read from ``LW_ESTAT_APP_ID`` at fetch
time and never stored in code or recordings; without it live mode cannot ask, so the source stops
with a warning and a clear error instead of loading anything. Offline mode replays the recorded
tidy CSV under the id-free URL below.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlencode

from ingest.errors import SourceSkipped
from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name
from ingest.sources.cpi.series import AREA_ALL_JAPAN, SERIES, STATS_DATA_ID, TAB_INDEX

SOURCE = source_name(__package__)
APP_ID_ENV = "LW_ESTAT_APP_ID"
API = "https://api.e-stat.go.jp/rest/3.0/app/getSimpleStatsData"
QUERY = {
    "lang": "J",
    "statsDataId": STATS_DATA_ID,
    "cdTab": TAB_INDEX,
    "cdArea": AREA_ALL_JAPAN,
    "cdCat01": ",".join(SERIES),
    "metaGetFlg": "Y",
    "cntGetFlg": "N",
    "sectionHeaderFlg": "1",
}
# The recording's key: the same question without the personal application id.
RECORDED_URL = f"{API}?{urlencode(QUERY)}"

log = logging.getLogger("liquidity_watch.ingest")


class MissingAppId(SourceSkipped):
    """Live CPI needs an e-Stat application id; without one the source is skipped, not failed."""


def requests(settings: Settings, env: dict[str, str] | None = None, api: str = API) -> list[Request]:
    if settings.mode == "offline":
        return [Request(SOURCE, RECORDED_URL, kind="index", ext="csv")]
    if not (os.environ if env is None else env).get(APP_ID_ENV, "").strip():
        log.warning("%s: %s is not set; e-Stat needs an application id, so live CPI is skipped", SOURCE, APP_ID_ENV)
        raise MissingAppId(
            SOURCE,
            f"live mode skipped: set {APP_ID_ENV} to an e-Stat application id (free registration at e-Stat's API page)",
        )
    # The id stays a {env:…} reference: the live fetcher fills it in for the call only, so it is never landed.
    return [Request(SOURCE, f"{api}?appId={{env:{APP_ID_ENV}}}&{urlencode(QUERY)}", kind="index", ext="csv")]
