"""The Django admin, where staff curate every record: one module per area.

forms.py holds the forms, views.py the pages beyond Django's own, helpers.py what the modules
share; sources, parties (with the review queue and blocked names), articles and documents each
register their ModelAdmins.
"""

from django.contrib import admin

from archive.admin import articles, documents, parties, review, saved, sources  # noqa: F401

admin.site.site_header = "News Archive administration"
admin.site.site_title = "News Archive admin"
admin.site.index_title = "Curate the archive"
