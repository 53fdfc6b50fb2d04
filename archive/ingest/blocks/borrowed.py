"""The ingest helpers this package reads, imported here alone so a move needs one edit."""

from archive.ingest.boilerplate import is_boilerplate_line
from archive.ingest.dates import parse_date
from archive.ingest.sources import parse_byline

__all__ = ["is_boilerplate_line", "parse_byline", "parse_date"]
