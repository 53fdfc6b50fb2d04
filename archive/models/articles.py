"""Articles, the parties they mention and where, and those waiting for the statistical layer."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.urls import reverse

from archive.lib.fingerprints import fingerprint_text
from archive.lib.paragraphs import split_paragraphs
from archive.lib.vocabulary import DatePrecision, PartyKind, SegmentLabel
from archive.models.documents import RawDocument
from archive.models.parties import Party
from archive.models.sources import Source

RELATED_ARTICLES = 6
# Parties of these kinds say little about what an article is about; relate by the others first.
BROAD_KINDS = (PartyKind.COUNTRY, PartyKind.PLACE)


class ArticleQuerySet(models.QuerySet):
    def with_listing(self) -> ArticleQuerySet:
        """Return the articles with what a list of them shows, in one query."""
        return self.select_related("source").defer("body", "cleaning_segments")

    def latest_first(self) -> ArticleQuerySet:
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-id")

    def twin_of(self, title: str, body: str, exclude_pk: int | None = None) -> ArticleQuerySet:
        """Return the article whose cleaned title and body are these (there is one at most)."""
        twins = self.filter(fingerprint=fingerprint_text(title, body))
        return twins.exclude(pk=exclude_pk) if exclude_pk else twins

    def related_to(self, article: Article, limit: int = RELATED_ARTICLES) -> list[Article]:
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

    def publication_span(self) -> tuple[datetime | None, datetime | None]:
        """Return the first and last publication times, each read from one end of the date index."""
        dated = self.exclude(published_at=None).values_list("published_at", flat=True)
        return dated.order_by("published_at").first(), dated.order_by("-published_at").first()

    def in_period(self, start=None, end=None) -> ArticleQuerySet:
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
            # The admin's language filter: a language's articles, newest first.
            models.Index(
                fields=["language", "-published_at", "-id"], name="article_language_published"
            ),
            # Saved searches: how many articles came in since their owner last looked.
            models.Index(fields=["created_at"], name="article_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.fingerprint = fingerprint_text(self.title, self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:article", args=[self.pk])

    def first_mentions(self) -> list[Mention]:
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
    def shown(self, unreviewed: bool) -> MentionQuerySet:
        """Return the mentions of the parties a reader sees (see PartyQuerySet.shown)."""
        return self if unreviewed else self.filter(party__status=Party.Status.ACCEPTED)

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
            # A party's most frequent mentions (the admin's contexts) and its counts, read from
            # the index alone.
            models.Index(fields=["party", "-count", "-article"], name="mention_party_count"),
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.article} ({self.count})"

    def absorb(self, other: Mention) -> None:
        """Count another mention of the party in the same article; the earlier span stays,
        and a span in the body beats none (a party only the headline names has none)."""
        self.count += other.count
        if other.first_length and (not self.first_length or other.first_offset < self.first_offset):
            for field in SPAN_FIELDS:
                setattr(self, field, getattr(other, field))


# Where a mention first names its party: written together, always.
SPAN_FIELDS = ("first_offset", "first_length", "surface")
