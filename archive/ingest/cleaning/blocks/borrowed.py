"""The cleaning helpers this package reads, imported here alone so a move needs one edit."""

from archive.ingest.cleaning.boilerplate import LIST_MARKER, is_boilerplate_line
from archive.ingest.cleaning.dates import parse_date
from archive.ingest.cleaning.sources import parse_byline

__all__ = ["LIST_MARKER", "is_boilerplate_line", "parse_byline", "parse_date"]
