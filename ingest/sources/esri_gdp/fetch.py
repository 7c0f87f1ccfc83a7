"""Where ESRI's current nominal SAAR table is: a new file name with every release, so the URL is a setting.

ESRI publishes each quarterly estimate (QE) under its own folder and file:
``…/sokuhou/files/<YYYY>/qe<yy><q>[_2]/tables/gaku-mk<yy><q><n>.csv`` (``_2`` and ``n=2`` for the
second preliminary estimate). Live mode fetches ``LW_ESRI_GDP_URL`` when set, else the newest
release this code knows (the recorded one) — which does not follow new releases, hence the warning.
"""

from __future__ import annotations

import logging
import os

from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name

SOURCE = source_name(__package__)
URL_ENV = "LW_ESRI_GDP_URL"
KNOWN_RELEASE_URL = "https://www.esri.cao.go.jp/jp/sna/data/data_list/sokuhou/files/2026/qe262_2/tables/gaku-mk2622.csv"

log = logging.getLogger("liquidity_watch.ingest")


def requests(settings: Settings, env: dict[str, str] | None = None) -> list[Request]:
    url = KNOWN_RELEASE_URL
    if settings.mode == "live":
        url = (os.environ if env is None else env).get(URL_ENV, "").strip() or KNOWN_RELEASE_URL
        if url == KNOWN_RELEASE_URL:
            log.warning(
                "%s: %s not set; fetching the built-in release %s, which does not follow new releases",
                SOURCE,
                URL_ENV,
                KNOWN_RELEASE_URL.rsplit("/", 1)[-1],
            )
    return [Request(SOURCE, url, kind="nominal_saar", ext="csv")]
