from django.db import models


class ArchiveVersion(models.Model):
    """One row whose number grows whenever what a search reads changes (articles, mentions,
    parties, sources): database triggers count every write, whatever path it takes. Search results
    are kept in the cache under it (see archive/search/cache.py)."""

    number = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"archive version {self.number}"
