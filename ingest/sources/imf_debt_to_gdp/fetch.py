"""What to ask for: live, the DataMapper API for Japan; offline, the two recorded WEO vintages in order.

The two recordings are a third party's saved form of DataMapper (``parse.py``), kept under the
address of the file they were saved as, oldest first, so one offline run loads both vintages as
successive payloads. Live mode asks the API itself, which only ever serves the current vintage.
"""

from __future__ import annotations

from ingest.fetch import Request
from ingest.settings import Settings
from ingest.source import source_name

SOURCE = source_name(__package__)
API = "https://www.imf.org/external/datamapper/api/v1/GGXWDG_NGDP"
COUNTRIES = ("JPN",)
SAVED = "https://raw.githubusercontent.com/miguelangelgil/borosa-graphs/{commit}/data/imf_debt_data.json"
SAVED_VINTAGES = (  # oldest first: fetched 2025-12-24 (October 2025 WEO), 2026-08-16 (April 2026 WEO)
    "49806ec7d9216b388f39fbf440d376b1e5ff11a3",
    "9c4a8e1545d111aa0ef8beacd2a61526657869d5",
)


def requests(settings: Settings, api: str = API) -> list[Request]:
    if settings.mode == "offline":
        return [Request(SOURCE, SAVED.format(commit=c), kind="saved_vintage", ext="json") for c in SAVED_VINTAGES]
    return [Request(SOURCE, f"{api}/{'/'.join(COUNTRIES)}", kind="api", ext="json")]
