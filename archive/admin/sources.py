"""Sources and their aliases in the admin."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from archive.admin.helpers import URL_FIELDS
from archive.admin.lists import PageAnnotations
from archive.models import Article, Source, SourceAlias


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


@admin.register(Source)
class SourceAdmin(PageAnnotations, admin.ModelAdmin):
    list_display = ["name", "slug", "article_count", "created_at"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceAliasInline]
    formfield_overrides = URL_FIELDS

    def annotate_page(self, sources: list[Source]) -> None:
        # Counted from the index article_source_published, for the sources on screen only.
        counts = dict(
            Article.objects.filter(source__in=sources)
            .values_list("source_id")
            .annotate(count=Count("*"))
            .order_by()
        )
        for source in sources:
            source.article_count = counts.get(source.pk, 0)

    @admin.display(description="articles")
    def article_count(self, source: Source) -> SafeString | str:
        """Return how many articles the source has, linked to their list in the admin."""
        url = reverse("admin:archive_article_changelist")
        return format_html(
            '<a href="{}?source__id__exact={}">{}</a>', url, source.pk, source.article_count
        )


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    list_select_related = ["source"]
    search_fields = ["name", "source__name"]
    autocomplete_fields = ["source"]
