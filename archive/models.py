"""The archive's records: sources, parties, raw documents, articles and ingest runs."""

from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse

from archive.ingest.readers.decoding import readable_text
from archive.lib.fingerprints import fingerprint_text
from archive.lib.names import normalize_name
from archive.lib.paragraphs import split_paragraphs
from archive.lib.slugs import free_slug
from archive.lib.vocabulary import (
    DatePrecision,
    DocumentFormat,
    DocumentStatus,
    PartyKind,
    SegmentLabel,
)

RELATED_ARTICLES = 6
# Parties of these kinds say little about what an article is about; relate by the others first.
BROAD_KINDS = (PartyKind.COUNTRY, PartyKind.PLACE)


def unique_slug(model: type[models.Model], name: str, exclude_pk: int | None = None) -> str:
    """Return a slug for name that no other row of model uses."""
    rows = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    return free_slug(name, lambda slug: rows.filter(slug=slug).exists())


class Source(models.Model):
    """A news agency or publisher."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Source, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:source", args=[self.slug])


class SourceAlias(models.Model):
    """Another name under which a source appears ("Agence France-Presse" for AFP)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "source aliases"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class PartyQuerySet(models.QuerySet):
    def awaiting_review(self) -> "PartyQuerySet":
        return self.filter(status=Party.Status.NEW)

    def with_mention_counts(self) -> "PartyQuerySet":
        """Return the parties with how many articles mention them and how often, in all."""
        return self.annotate(
            article_count=models.Count("mentions"),
            mention_total=Coalesce(models.Sum("mentions__count"), 0),
        )

    def from_slug(self, slug: str) -> tuple["Party", bool]:
        """Return the party a slug names, and whether the slug is a former one (a redirect).

        Raise Party.DoesNotExist when no party has or had the slug.
        """
        party = self.filter(slug=slug).first()
        if party is not None:
            return party, False
        party_id = (
            PartySlugRedirect.objects.filter(old_slug=slug)
            .values_list("party_id", flat=True)
            .first()
        )
        if party_id is None:
            raise Party.DoesNotExist(f"No party has or had the slug {slug!r}.")
        return self.get(pk=party_id), True


class Party(models.Model):
    """A person, organisation, country, place or group that articles mention."""

    Kind = PartyKind

    class Status(models.TextChoices):
        NEW = "new", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=PartyKind.choices)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.ACCEPTED,
        help_text="Parties that ingestion discovers wait for an editor's review.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            # One party per name and kind; "Georgia" the country and the person may both exist.
            models.UniqueConstraint(
                Lower("name"),
                "kind",
                name="party_unique_name_kind",
                violation_error_message=(
                    "Another party of this kind has this name already: merge the two instead."
                ),
            ),
        ]
        indexes = [
            # The review queue: the parties awaiting review.
            models.Index(fields=["status"], name="party_status"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = free_party_slug(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:party", args=[self.slug])


class ReviewQueueManager(models.Manager.from_queryset(PartyQuerySet)):
    def get_queryset(self) -> PartyQuerySet:
        return super().get_queryset().awaiting_review()


class PartyToReview(Party):
    """A party that ingestion discovered and no editor has accepted yet: the review queue."""

    objects = ReviewQueueManager()

    class Meta:
        proxy = True
        ordering = ["name"]
        verbose_name = "party to review"
        verbose_name_plural = "parties to review"

    def __str__(self) -> str:
        return self.name


def free_party_slug(name: str, exclude_pk: int | None = None) -> str:
    """Return a slug for name that no party uses now and none used before (old links stay)."""
    parties = Party.objects.exclude(pk=exclude_pk) if exclude_pk else Party.objects.all()
    return free_slug(
        name,
        lambda slug: (
            parties.filter(slug=slug).exists()
            or PartySlugRedirect.objects.filter(old_slug=slug).exists()
        ),
    )


class PartySlugRedirect(models.Model):
    """A slug a party had before a merge or a rename: its old links lead to the party now."""

    old_slug = models.SlugField(max_length=100, unique=True)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.party.slug}"


class BlockedName(models.Model):
    """A name that extraction must never report as a party again, in any article."""

    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, unique=True, editable=False)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class PartyAlias(models.Model):
    """Another name of a party ("ISIL" for Islamic State, "US" for United States)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "party aliases"
        constraints = [
            models.UniqueConstraint(fields=["party", "normalized"], name="party_alias_unique"),
        ]
        indexes = [
            # Resolving an extracted name to its party.
            models.Index(fields=["normalized"], name="party_alias_normalized"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class IngestRun(models.Model):
    """One call of the ingest command (or of re-cleaning in the admin), with its counts."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requested = models.JSONField(default=list, help_text="The paths or documents asked for.")
    new_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(
        default=0, help_text="Documents received before, byte for byte."
    )
    failed_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Ingest run {self.pk} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class RawDocumentQuerySet(models.QuerySet):
    def failed(self) -> "RawDocumentQuerySet":
        return self.filter(status=RawDocument.Status.FAILED)


class RawDocument(models.Model):
    """The exact bytes of one received document or record; nothing received is dropped."""

    Status = DocumentStatus
    Format = DocumentFormat

    origin = models.CharField(max_length=1000, help_text="Where it came from: a path, PATH#N or -.")
    content = models.BinaryField()
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the content.")
    size = models.PositiveBigIntegerField()
    format = models.CharField(
        max_length=10, choices=DocumentFormat.choices, default=DocumentFormat.UNKNOWN.value
    )
    received_at = models.DateTimeField(auto_now_add=True)
    ingest_run = models.ForeignKey(
        IngestRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    status = models.CharField(max_length=10, choices=DocumentStatus.choices)
    error = models.TextField(blank=True)
    extra = models.JSONField(
        default=dict, blank=True, help_text="Record fields the archive does not map, as received."
    )
    duplicate_of = models.ForeignKey(
        "Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The stored article this document repeats.",
    )

    objects = RawDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # The same bytes from the same place are received once; from elsewhere, again.
            models.UniqueConstraint(
                fields=["checksum", "origin"], name="raw_unique_checksum_origin"
            ),
        ]
        indexes = [
            # The admin's list of failures waiting for a look.
            models.Index(fields=["status", "-received_at"], name="raw_status_received"),
        ]

    def __str__(self) -> str:
        return self.origin

    @property
    def text(self) -> str:
        """Return the content as text for reading, decoded as ingestion decodes it."""
        return readable_text(bytes(self.content))


class FailedDocumentManager(models.Manager):
    def get_queryset(self) -> RawDocumentQuerySet:
        return RawDocumentQuerySet(self.model, using=self._db).failed()


class FailedDocument(RawDocument):
    """A raw document that could not be parsed: the admin's queue of failures to look at."""

    objects = FailedDocumentManager()

    class Meta:
        proxy = True
        ordering = ["-received_at", "-id"]
        verbose_name = "failed document"

    def __str__(self) -> str:
        return self.origin


class ArticleQuerySet(models.QuerySet):
    def with_listing(self) -> "ArticleQuerySet":
        """Return the articles with what a list of them shows, in one query."""
        return self.select_related("source").defer("body", "cleaning_segments")

    def latest_first(self) -> "ArticleQuerySet":
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-id")

    def twin_of(self, title: str, body: str, exclude_pk: int | None = None) -> "ArticleQuerySet":
        """Return the article whose cleaned title and body are these (there is one at most)."""
        twins = self.filter(fingerprint=fingerprint_text(title, body))
        return twins.exclude(pk=exclude_pk) if exclude_pk else twins

    def related_to(self, article: "Article", limit: int = RELATED_ARTICLES) -> list["Article"]:
        """Return the articles sharing the most parties with this one, newest first among equals.

        People and organisations say more about a story than the countries it mentions, and are
        cheaper to count: countries and places count only when those give too few articles.
        """
        mentions = list(article.mentions.values_list("party_id", "party__kind"))
        specific = [party for party, kind in mentions if kind not in BROAD_KINDS][:10]
        ranking = Mention.objects.sharing(article, specific, limit)
        if len(ranking) < limit:
            every = [party for party, _ in mentions][:10]
            ranking = Mention.objects.sharing(article, every, limit)
        found = self.with_listing().in_bulk(ranking)
        return [found[pk] for pk in ranking if pk in found]

    def in_period(self, start=None, end=None) -> "ArticleQuerySet":
        queryset = self
        if start is not None:
            queryset = queryset.filter(published_at__gte=start)
        if end is not None:
            queryset = queryset.filter(published_at__lt=end)
        return queryset


class Article(models.Model):
    """A cleaned news article."""

    Precision = DatePrecision

    title = models.CharField(max_length=1000)
    summary = models.TextField(blank=True, help_text="The teaser or standfirst, if any.")
    authors = models.JSONField(default=list, blank=True, help_text="A list of names.")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        blank=True,
        help_text="How much of the publication time is known; 'day' means only the date.",
    )
    dateline = models.CharField(max_length=200, blank=True)
    body = models.TextField(help_text="The cleaned body: paragraphs separated by a blank line.")
    language = models.CharField(max_length=16, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    raw_document = models.OneToOneField(
        RawDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="article"
    )
    cleaning_segments = models.JSONField(
        default=list, blank=True, editable=False, help_text="The raw text as [label, text] runs."
    )
    parties = models.ManyToManyField(Party, through="Mention", related_name="articles")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-id"]
        indexes = [
            # The latest articles, and date ranges.
            models.Index(fields=["-published_at", "-id"], name="article_published"),
            # A source's articles by date.
            models.Index(fields=["source", "-published_at"], name="article_source_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.fingerprint = fingerprint_text(self.title, self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:article", args=[self.pk])

    def first_mentions(self) -> list["Mention"]:
        """Return the mentions whose stored span still names the party in the body, in order.

        A span is computed on write; an edit of the body that was not re-read leaves it stale,
        and a stale span is not used. Overlapping spans keep the earlier one.
        """
        mentions = sorted(self.mentions.all(), key=lambda mention: mention.first_offset)
        kept: list[Mention] = []
        for mention in mentions:
            start, end = mention.first_offset, mention.first_offset + mention.first_length
            if not mention.first_length or self.body[start:end] != mention.surface:
                continue
            if kept and start < kept[-1].first_offset + kept[-1].first_length:
                continue
            kept.append(mention)
        return kept

    @property
    def paragraphs(self) -> list[str]:
        return [paragraph for paragraph in split_paragraphs(self.body) if paragraph.strip()]

    def marked_segments(self) -> list[dict]:
        """Return the raw text's runs, each with what cleaning did: kept, moved or removed."""
        return [
            {"label": label, "text": text, "effect": SegmentLabel(label).effect.value}
            for label, text in self.cleaning_segments
        ]


class PendingDiscovery(models.Model):
    """An article the statistical recogniser has not read yet: `discover_parties` will.

    Articles land here when they were ingested with --defer-discovery or without a spaCy model.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="pending_discovery"
    )
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article"]
        verbose_name_plural = "pending discoveries"

    def __str__(self) -> str:
        return f"{self.article} (waiting since {self.queued_at:%Y-%m-%d})"


class MentionQuerySet(models.QuerySet):
    def sharing(self, article: Article, parties: list[int], limit: int) -> list[int]:
        """Return the ids of the other articles that mention most of these parties, best first."""
        if not parties:
            return []
        shared = (
            self.filter(party_id__in=parties)
            .exclude(article_id=article.pk)
            .values("article_id")
            .annotate(shared=models.Count("party_id"))
            .order_by("-shared", "-article_id")[:limit]
        )
        return [row["article_id"] for row in shared]


class Mention(models.Model):
    """An article mentions a party, this many times, first where the body says `surface`.

    Ingestion and every re-application of party decisions write the span; pages only read it.
    """

    MAX_SURFACE_LENGTH = 200

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(
        default=0, help_text="Where the body first names the party (characters from its start)."
    )
    first_length = models.PositiveIntegerField(
        default=0, help_text="How long the text naming it there is; 0 when unknown."
    )
    surface = models.CharField(
        max_length=MAX_SURFACE_LENGTH, blank=True, help_text="The body's text at that place."
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["-count", "first_offset"]
        constraints = [
            models.UniqueConstraint(fields=["article", "party"], name="mention_unique"),
        ]
        indexes = [
            # A party's articles (party pages and party filters).
            models.Index(fields=["party", "article"], name="mention_party_article"),
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.article} ({self.count})"

    def absorb(self, other: "Mention") -> None:
        """Count another mention of the party in the same article; the earlier span stays."""
        self.count += other.count
        if other.first_offset < self.first_offset:
            for field in SPAN_FIELDS:
                setattr(self, field, getattr(other, field))


# Where a mention first names its party: written together, always.
SPAN_FIELDS = ("first_offset", "first_length", "surface")
