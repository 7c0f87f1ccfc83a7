"""What to fetch: offline, the recorded third-party export; live, nothing yet (no MoF result page is recorded).

MoF publishes each auction's result as its own HTML page
(``https://www.mof.go.jp/jgbs/auction/calendar/nyusatsu/resulYYYYMMDD.htm``). A parser for that page
must be written against a real recorded page; none is available here, so live mode skips this source
with a clear reason instead of guessing the layout (README.md describes the page text for that parser).
"""

from __future__ import annotations

import logging

from ingest.errors import SourceSkipped
from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name

SOURCE = source_name(__package__)
# The third party's export the recording copies (the commit it was copied at): the offline replay key.
EXPORT_URL = (
    "https://raw.githubusercontent.com/ichikon77/minervini/10b5781905db85d54ee2158c009d640a477fa715/kanryu_history.json"
)
PARSED_BY = "third party: ichikon77/minervini kanryu_history.json (a parse of MoF's result page, not an MoF file)"
RESULT_PAGE = "https://www.mof.go.jp/jgbs/auction/calendar/nyusatsu/resul{yyyymmdd}.htm"

log = logging.getLogger("liquidity_watch.ingest")


class LiveNotAvailable(SourceSkipped):
    """Live auction results need a parser of MoF's result pages, which needs a recorded real page first."""


def requests(settings: Settings) -> list[Request]:
    if settings.mode == "offline":
        return [Request(SOURCE, EXPORT_URL, kind="results", ext="json")]
    log.warning("%s: live mode is not available (no MoF result page recorded to write a parser against)", SOURCE)
    raise LiveNotAvailable(
        SOURCE,
        "live mode not available: MoF's auction result pages have no parser yet (no real page is recorded); "
        "offline mode replays a third party's parse of them",
    )
