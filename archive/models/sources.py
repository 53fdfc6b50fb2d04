"""Sources: the agencies and publishers articles come from, and their other names."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from archive.lib.names import normalize_name
from archive.lib.slugs import free_slug


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
