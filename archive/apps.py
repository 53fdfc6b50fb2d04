from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "News archive"

    def ready(self) -> None:
        post_migrate.connect(ensure_search_index, sender=self)


def ensure_search_index(sender, using: str = "default", plan=None, **kwargs) -> None:
    """Put back any part of the full-text index a migration dropped, and refill it if so, and
    the triggers that count the archive's versions.

    On SQLite, Django alters a table by copying it, which drops the table's triggers.
    """
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from archive.search import cache, schema

    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    if ("archive", "0003_search_index") not in applied:
        return
    if schema.install(connection):
        schema.rebuild(connection)
    if ("archive", "0011_archive_version") in applied:
        cache.install(connection)  # and its row, which a flush empties
