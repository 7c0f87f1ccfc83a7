"""Which World Economic Outlook edition a DataMapper answer belongs to, from the day it was fetched.

DataMapper serves only the current WEO edition and its answers carry no edition label, so the
edition is the one in force on the fetch day. The IMF publishes the WEO twice a year in mid-April
and mid-October (2025-10-14, 2026-04-14); an answer fetched from the 15th of April is the April
edition, from the 15th of October the October one. Labels are ``YYYY-04`` / ``YYYY-10``.
"""

from __future__ import annotations

from datetime import date

RELEASE_DAY = 15  # an answer fetched on or after the 15th of April/October is that month's edition


def weo_vintage(fetched: date) -> str:
    """The WEO edition DataMapper served on ``fetched``, e.g. 2025-12-24 → '2025-10'."""
    if fetched >= date(fetched.year, 10, RELEASE_DAY):
        return f"{fetched.year}-10"
    if fetched >= date(fetched.year, 4, RELEASE_DAY):
        return f"{fetched.year}-04"
    return f"{fetched.year - 1}-10"
