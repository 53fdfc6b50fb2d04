"""How the archive writes a publication date for machines: ISO 8601, as precise as known."""

from __future__ import annotations

from datetime import datetime

from archive.lib.vocabulary import DatePrecision


def iso_published(moment: datetime | None, precision: str) -> str | None:
    """Return a publication date in ISO 8601: a date alone when only the day is known."""
    if moment is None:
        return None
    return moment.date().isoformat() if precision == DatePrecision.DAY else moment.isoformat()
