from django.db import migrations

from archive.search import schema


def install(apps, schema_editor):
    schema.rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):
    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    """Full-text index: FTS5 with triggers on SQLite, a generated tsvector on PostgreSQL."""

    dependencies = [
        ("archive", "0002_failed_document_queue"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
