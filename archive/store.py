"""Store raw items and the articles parsed from them: the only place ingestion meets the ORM."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction

from archive.ingest.cleaning.sources import source_aliases
from archive.ingest.parties.extractor import PartyExtractor, build_extractor
from archive.ingest.parties.gazetteer import gazetteer_aliases
from archive.ingest.pipeline import parse_item
from archive.ingest.readers.records import storable
from archive.ingest.types import (
    FoundParty,
    KnownParty,
    ParsedArticle,
    ParseError,
    RawItem,
    Supplied,
)
from archive.lib.names import normalize_name
from archive.lib.slugs import free_slug
from archive.lib.vocabulary import DocumentStatus, Outcome
from archive.models import (
    Article,
    BlockedName,
    IngestRun,
    Mention,
    Party,
    PartyAlias,
    PartySlugRedirect,
    PendingDiscovery,
    RawDocument,
    Source,
    SourceAlias,
)

logger = logging.getLogger(__name__)
MAX_ERROR_LENGTH = 2000


@dataclass
class Stored:
    """What storing one raw item did."""

    outcome: Outcome
    raw_document: RawDocument
    article: Article | None = None
    error: str = ""


class ArchiveWriter:
    """Store raw items one by one, remembering sources and parties it has resolved."""

    def __init__(
        self, run: IngestRun | None = None, discover: bool = True, supplied: Supplied | None = None
    ) -> None:
        """With discover=False the statistical layer is left to `discover_parties` (faster);
        supplied fills what documents lack (ingest --source, --published-default, ...)."""
        self.run = run
        self.supplied = supplied
        self.parties = PartyDirectory()
        self.extractor = self.parties.extractor(settings.ARCHIVE_NER_MODEL if discover else "")
        # Queue articles the configured recogniser did not read (deferred, or model missing).
        self.queue_discovery = bool(settings.ARCHIVE_NER_MODEL) and not self.extractor.statistical
        self.max_bytes = settings.ARCHIVE_MAX_DOCUMENT_BYTES
        self.source_cache: dict[str, Source] = {}

    def receive(self, item: RawItem) -> Stored:
        """Keep the item's bytes, parse it, and store its article unless we have it already.

        A document received before is unchanged, unless it failed (it is tried again) or its
        article was deleted since (it is stored again: restored).
        """
        checksum = item.checksum or hashlib.sha256(item.data).hexdigest()
        origin = item.origin[:1000]
        raw = RawDocument.objects.filter(checksum=checksum, origin=origin).first()
        if raw is not None and not raw.needs_storing():
            return Stored(Outcome.UNCHANGED, raw)
        if raw is None:
            raw = RawDocument(
                origin=origin,
                content=item.data,
                checksum=checksum,
                size=item.size if item.size is not None else len(item.data),
                format=item.format,
                ingest_run=self.run,
            )
        if self.supplied is not None:
            raw.supplied = self.supplied.as_dict()
        return self.store(raw, item)

    def reclean(self, raw: RawDocument) -> Stored:
        """Parse a stored raw document again and update (or create) its article."""
        item = RawItem(raw.origin, bytes(raw.content), raw.format)
        return self.store(raw, item)

    def store(self, raw: RawDocument, item: RawItem) -> Stored:
        """Parse the item and save the raw document with its article, or with its error.

        Whatever one document raises, its bytes are kept as a failed raw document with the
        reason, and the caller goes on with the next.
        """
        supplied = Supplied(**raw.supplied) if raw.supplied else None
        try:
            parsed = parse_item(item, self.extractor, self.max_bytes, supplied)
        except ParseError as error:
            return self.store_failure(raw, str(error))
        except Exception as error:  # a fault of ours must not cost the document or the batch
            logger.exception("parsing %s failed", raw.origin)
            return self.store_failure(raw, f"ingestion failed on this document: {error!r}")
        try:
            with transaction.atomic():
                return self.store_article(raw, parsed)
        except DatabaseError as error:
            # Keep the bytes even when the article cannot be saved, so nothing is lost.
            return self.store_failure(raw, f"the article could not be saved: {error}")

    def store_failure(self, raw: RawDocument, error: str) -> Stored:
        """Save the raw document as failed, with the reason; an article it had stays linked.

        The failure path must not fail in turn: what was parsed (unmapped fields, notes) is
        left out, and the reason is made storable.
        """
        raw.status = DocumentStatus.FAILED
        raw.error = storable(error)[:MAX_ERROR_LENGTH]
        raw.duplicate_of = None
        raw.extra, raw.notes = {}, []
        with transaction.atomic():
            raw.save()
        return Stored(Outcome.FAILED, raw, error=raw.error)

    def store_article(self, raw: RawDocument, parsed: ParsedArticle) -> Stored:
        """Save the raw document and its article, or link it to the article it repeats."""
        twin = Article.objects.twin_of(parsed.title, parsed.body).only("id", "raw_document_id")
        twin = twin.first()
        raw.extra = parsed.extra
        raw.error = ""
        if twin is not None and (raw.pk is None or twin.raw_document_id != raw.pk):
            raw.status = DocumentStatus.DUPLICATE
            raw.duplicate_of = twin
            raw.save()
            return Stored(Outcome.DUPLICATE, raw, twin)

        created = raw.pk is None or not Article.objects.filter(raw_document=raw).exists()
        # A document stored before whose article is gone: the article comes back.
        restored = created and raw.pk is not None and raw.status != DocumentStatus.FAILED
        raw.notes = parsed.notes
        raw.status = DocumentStatus.PARSED
        raw.duplicate_of = None
        raw.save()
        article = Article() if created else Article.objects.get(raw_document=raw)
        article.raw_document = raw
        fill_article(article, parsed, self.source_for(parsed.source))
        article.save()
        if not created:
            Mention.objects.filter(article=article).delete()
        Mention.objects.bulk_create(self.parties.mentions(article.pk, parsed.parties))
        if self.queue_discovery:
            PendingDiscovery.objects.bulk_create(
                [PendingDiscovery(article=article)], ignore_conflicts=True
            )
        elif not created:
            PendingDiscovery.objects.filter(article=article).delete()
        if restored:
            return Stored(Outcome.RESTORED, raw, article)
        return Stored(Outcome.NEW if created else Outcome.UPDATED, raw, article)

    def source_for(self, name: str) -> Source | None:
        """Return the source a name stands for, creating it with its known aliases if new."""
        if not name.strip():
            return None
        key = normalize_name(name)
        if key not in self.source_cache:
            source = (
                Source.objects.filter(aliases__normalized=key).first()
                or Source.objects.filter(name__iexact=name.strip()).first()
            )
            if source is None:
                source = Source.objects.create(name=name.strip()[:200])
                for alias in {name.strip(), *source_aliases(name)}:
                    if not SourceAlias.objects.filter(normalized=normalize_name(alias)).exists():
                        SourceAlias.objects.create(source=source, name=alias[:200])
            self.source_cache[key] = source
        return self.source_cache[key]


class PartyDirectory:
    """The archive's parties by name, alias and kind, loaded once: resolving costs no query."""

    def __init__(self) -> None:
        parties = list(Party.objects.values_list("id", "name", "kind", "slug", "status"))
        aliases = list(PartyAlias.objects.values_list("party_id", "name", "normalized"))
        kinds = {party_id: kind for party_id, _, kind, _, _ in parties}
        self.ids: dict[tuple[str, str], int] = {}
        for party_id, name, kind, _, _ in parties:
            self.ids.setdefault((normalize_name(name), kind), party_id)
        alias_names: dict[int, list[str]] = {}
        for party_id, name, normalized in aliases:
            # A party's own name wins over another party's alias.
            self.ids.setdefault((normalized, kinds[party_id]), party_id)
            alias_names.setdefault(party_id, []).append(name)
        # Former slugs stay taken, so an old link never leads to another party.
        self.slugs = {slug for _, _, _, slug, _ in parties}
        self.slugs.update(PartySlugRedirect.objects.values_list("old_slug", flat=True))
        self.blocked = list(BlockedName.objects.values_list("normalized", flat=True))
        # Extraction knows the parties an editor accepted (and the gazetteer's), not those
        # awaiting review: what it finds in a text never depends on which documents arrived
        # before it, in this run or an earlier one. Accepting a party re-reads its articles.
        self.known = [
            KnownParty(name=name, kind=kind, aliases=alias_names.get(party_id, []))
            for party_id, name, kind, _, status in parties
            if status == Party.Status.ACCEPTED
        ]

    def extractor(self, model_name: str = "") -> PartyExtractor:
        """Return the extractor over these parties and blocked names (and the model, if named)."""
        return build_extractor(self.known, self.blocked, model_name)

    def mentions(self, article_id: int, found: list[FoundParty]) -> list[Mention]:
        """Return the mention rows of an article from what extraction found in its body.

        Names the archive knows as one party make one row: their counts add up, and the row
        keeps the span of the earliest.
        """
        rows: dict[int, Mention] = {}
        for party in found:
            party_id = self.id_for(party.name, party.kind)
            mention = Mention(
                article_id=article_id,
                party_id=party_id,
                count=party.count,
                first_offset=party.first_offset,
                first_length=len(party.first_surface),
                surface=party.first_surface[: Mention.MAX_SURFACE_LENGTH],
            )
            if party_id in rows:
                rows[party_id].absorb(mention)
            else:
                rows[party_id] = mention
        return list(rows.values())

    def id_for(self, name: str, kind: str) -> int:
        """Return the id of the party a found name stands for, creating the party if new."""
        key = (normalize_name(name), kind)
        if key not in self.ids:
            self.ids[key] = self.create(name[:200], kind)
        return self.ids[key]

    def create(self, name: str, kind: str) -> int:
        """Create a party with the aliases the gazetteer knows for it, for editors to see.

        A party the gazetteer ships is accepted; any other waits in the review queue.
        """
        slug = free_slug(name, self.slugs.__contains__)
        self.slugs.add(slug)
        shipped = gazetteer_aliases().get((name.casefold(), kind))
        status = Party.Status.NEW if shipped is None else Party.Status.ACCEPTED
        party = Party.objects.create(name=name, kind=kind, slug=slug, status=status)
        aliases = {}
        for alias in shipped or []:
            normalized = normalize_name(alias)
            if normalized != normalize_name(name):
                aliases.setdefault(normalized, alias[:200])
        PartyAlias.objects.bulk_create(
            PartyAlias(party=party, name=alias, normalized=normalized)
            for normalized, alias in aliases.items()
        )
        for normalized in aliases:
            self.ids.setdefault((normalized, kind), party.pk)
        return party.pk


def fill_article(article: Article, parsed: ParsedArticle, source: Source | None) -> None:
    """Copy what was parsed onto an article, within the lengths its fields allow."""
    article.title = parsed.title[:1000]
    article.summary = parsed.summary
    article.authors = parsed.authors
    article.source = source
    article.published_at = parsed.published
    article.published_precision = parsed.published_precision
    article.dateline = parsed.dateline[:200]
    article.body = parsed.body
    article.language = (parsed.language or settings.ARCHIVE_DEFAULT_LANGUAGE)[:16]
    article.url = parsed.url if len(parsed.url) <= 2000 else ""
    article.cleaning_segments = [[segment.label, segment.text] for segment in parsed.segments]
