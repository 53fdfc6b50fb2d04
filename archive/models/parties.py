"""Parties articles mention, their aliases and former slugs, and names never to extract."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse

from archive.lib.names import normalize_name
from archive.lib.slugs import free_slug
from archive.lib.vocabulary import PartyKind


def unreviewed_shown(user) -> bool:
    """Tell whether this reader sees parties no editor has reviewed yet (marked as such).

    Staff always do; other readers unless ARCHIVE_UNREVIEWED_PARTIES holds them back.
    """
    return settings.ARCHIVE_UNREVIEWED_PARTIES == "mark" or getattr(user, "is_staff", False)


class PartyQuerySet(models.QuerySet):
    def awaiting_review(self) -> PartyQuerySet:
        return self.filter(status=Party.Status.NEW)

    def shown(self, unreviewed: bool) -> PartyQuerySet:
        """Return the parties a reader sees: all of them, or only the accepted when parties no
        editor has reviewed are held back from this reader (see unreviewed_shown)."""
        return self if unreviewed else self.filter(status=Party.Status.ACCEPTED)

    def shown_from_slug(self, slug: str, unreviewed: bool) -> tuple[Party, bool]:
        """from_slug for a reader: a party held back from them is not found, as if unknown."""
        party, former = self.from_slug(slug)
        if not unreviewed and not party.reviewed:
            raise Party.DoesNotExist(f"No party shown has or had the slug {slug!r}.")
        return party, former

    def with_mention_counts(self) -> PartyQuerySet:
        """Return the parties with how many articles mention them and how often, in all."""
        # Both read from the index mention_party_count alone (no mention row is fetched).
        return self.annotate(
            article_count=models.Count("mentions__article"),
            mention_total=Coalesce(models.Sum("mentions__count"), 0),
        )

    def named(self, names: Iterable[str]) -> PartyQuerySet:
        """Return the parties whose name or one of whose aliases is one of the names."""
        names = list(names)
        condition = models.Q(aliases__normalized__in=[normalize_name(name) for name in names])
        for name in names:
            condition |= models.Q(name__iexact=name)
        return self.filter(condition).distinct()

    def merge_suggestions(self, selected: list[Party], limit: int = 8) -> list[Party]:
        """Return accepted parties the selected ones may be another name of (same last word)."""
        words = {party.name.split()[-1] for party in selected if party.name.split()}
        condition = models.Q()
        for word in words:
            condition |= models.Q(name__iendswith=f" {word}") | models.Q(name__iexact=word)
        if not condition:
            return []
        return list(
            self.filter(condition, status=Party.Status.ACCEPTED)
            .exclude(pk__in=[party.pk for party in selected])
            .with_mention_counts()
            .order_by("-mention_total", "name")[:limit]
        )

    def by_former_slugs(self, slugs: Iterable[str]) -> dict[str, Party]:
        """Return {former slug: the party it leads to now} for those of slugs that are former."""
        redirects = PartySlugRedirect.objects.filter(old_slug__in=list(slugs))
        parties = self.in_bulk([redirect.party_id for redirect in redirects])
        return {
            redirect.old_slug: parties[redirect.party_id]
            for redirect in redirects
            if redirect.party_id in parties
        }

    def from_slug(self, slug: str) -> tuple[Party, bool]:
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

    @property
    def reviewed(self) -> bool:
        """Tell whether an editor has accepted the party (or it came from the gazetteer)."""
        return self.status == Party.Status.ACCEPTED

    def names(self) -> list[str]:
        """Return the party's name and its aliases."""
        return [self.name, *self.aliases.values_list("name", flat=True)]


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


def most_mentioned(from_article: int = 0) -> list:
    """Return an ordering: most mentioned first, in articles with ids from from_article on.

    Each party's count is a subquery over its own mentions, which `mention_party_article`
    finds, so ordering a window of the latest articles reads only the mentions in them.
    """
    mention = Party._meta.get_field("mentions").related_model
    counted = (
        mention.objects.filter(party=models.OuterRef("pk"), article_id__gte=from_article)
        .order_by()
        .values("party")
        .annotate(total=models.Sum("count"))
        .values("total")
    )
    return [Coalesce(models.Subquery(counted), 0).desc(), "name"]


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
