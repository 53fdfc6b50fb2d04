"""Readers' saved searches in the admin: staff see whose they are, and can tidy them."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import SafeString

from archive.models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "search_link", "created_at", "last_seen_at"]
    list_select_related = ["owner"]
    list_filter = ["created_at"]
    search_fields = ["name", "parameters", "owner__username"]
    raw_id_fields = ["owner"]
    readonly_fields = ["created_at"]
    ordering = ["owner__username", "name"]

    @admin.display(description="search")
    def search_link(self, saved: SavedSearch) -> SafeString:
        """Return the search's parameters, linked to its results on the site."""
        return format_html('<a href="{}">{}</a>', saved.search_url(), saved.parameters or "(all)")
