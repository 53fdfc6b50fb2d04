"""The archive's records: sources, parties, raw documents, articles and their mentions, the
searches readers save, and the version of it all that search results are cached under."""

from archive.models.articles import SPAN_FIELDS, Article, Mention, PendingDiscovery
from archive.models.changes import ArchiveVersion
from archive.models.documents import FailedDocument, IngestRun, RawDocument
from archive.models.parties import (
    BlockedName,
    Party,
    PartyAlias,
    PartySlugRedirect,
    PartyToReview,
    unreviewed_shown,
)
from archive.models.saved import SavedSearch
from archive.models.sources import Source, SourceAlias

__all__ = [
    "SPAN_FIELDS",
    "ArchiveVersion",
    "Article",
    "BlockedName",
    "FailedDocument",
    "IngestRun",
    "Mention",
    "Party",
    "PartyAlias",
    "PartySlugRedirect",
    "PartyToReview",
    "PendingDiscovery",
    "RawDocument",
    "SavedSearch",
    "Source",
    "SourceAlias",
    "unreviewed_shown",
]
