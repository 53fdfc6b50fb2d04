"""Searches a reader keeps under a name, to come back to and to hear what is new in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class SavedSearchQuerySet(models.QuerySet):
    def owned_by(self, user) -> SavedSearchQuerySet:
        return self.filter(owner=user)


class SavedSearch(models.Model):
    """A search a signed-in reader saved: its URL parameters are the whole search.

    `last_seen_at` moves when the owner opens the results; articles ingested after it are new.
    """

    MAX_NAME_LENGTH = 100

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=MAX_NAME_LENGTH)
    parameters = models.TextField(
        blank=True,
        help_text="The search's query string, normalised (no paging); empty for every article.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(
        default=timezone.now, help_text="When the owner last opened the results."
    )

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "id"]
        verbose_name_plural = "saved searches"
        constraints = [
            # A reader tells their searches apart by name.
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_owner_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """Return the link that opens the results and marks them seen."""
        return reverse("archive:open_saved_search", args=[self.pk])

    def search_url(self) -> str:
        return self.with_parameters(reverse("archive:search"))

    def feed_url(self) -> str:
        return self.with_parameters(reverse("archive:feed"))

    def with_parameters(self, path: str) -> str:
        return f"{path}?{self.parameters}" if self.parameters else path

    def mark_seen(self) -> None:
        self.last_seen_at = timezone.now()
        self.save(update_fields=["last_seen_at"])
