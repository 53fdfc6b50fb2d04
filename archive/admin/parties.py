"""Parties in the admin: edits, aliases, merges, splits, rejections and blocked names.

Every decision applies to the stored articles it can change at once (archive/curation.py);
re-reading the whole archive is left to `manage.py reapply_parties`, never to a request.
"""

from functools import partial

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import smart_split, unescape_string_literal

from archive.admin import views
from archive.admin.forms import BlockedNameForm, PartyAdminForm, PartyAliasFormSet
from archive.admin.helpers import plural
from archive.admin.lists import CappedPaginator, PageAnnotations
from archive.curation import (
    ReapplyResult,
    accept_parties,
    articles_affected_by,
    block_names,
    mention_contexts,
    reapply_parties,
    record_party_edit,
    reject_parties,
    split_alias,
    unblock_names,
)
from archive.models import BlockedName, Party, PartyAlias, PartySlugRedirect


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    formset = PartyAliasFormSet
    extra = 1


class PartyCurationMixin(PageAnnotations):
    """Decisions an editor takes on a list of parties, in the full list and in the queue.

    A list counts the mentions of the parties on screen only: counting every party's would read
    every mention, so the lists do not sort by the counts (the queue has its own order). Parties
    grow with the archive, so their lists count as the article list does (see lists.py).
    """

    paginator = CappedPaginator
    show_full_result_count = False

    class Media:
        css = {"all": ["archive/admin.css"]}

    def list_rows(self, queryset):
        return queryset.prefetch_related("aliases")

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        # Each word in the name, the slug or an alias, as Django's search does; aliases through
        # EXISTS, since a join repeats a party per alias and DISTINCT sorts every match.
        for word in smart_split(search_term):
            if word[:1] in "\"'" and word[-1:] == word[:1] and len(word) > 1:
                word = unescape_string_literal(word)
            aliases = PartyAlias.objects.filter(party=OuterRef("pk"), name__icontains=word)
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(slug__icontains=word) | Exists(aliases)
            )
        return queryset, False

    def annotate_page(self, parties: list[Party]) -> None:
        counted = Party.objects.filter(pk__in=[party.pk for party in parties])
        counts = {
            pk: (articles, mentions)
            for pk, articles, mentions in counted.with_mention_counts().values_list(
                "pk", "article_count", "mention_total"
            )
        }
        for party in parties:
            party.article_count, party.mention_total = counts.get(party.pk, (0, 0))

    @admin.display(description="articles")
    def article_count(self, party: Party) -> int:
        return party.article_count

    @admin.display(description="mentions")
    def mention_total(self, party: Party) -> int:
        return party.mention_total

    @admin.display(description="aliases")
    def alias_list(self, party: Party) -> str:
        return ", ".join(alias.name for alias in party.aliases.all())

    @admin.display(description="where articles mention it")
    def contexts(self, party: Party) -> SafeString:
        if party.pk is None:
            return SafeString("—")
        if not hasattr(party, "contexts"):  # the review queue fetches a page's at once
            party.contexts = mention_contexts([party], per_party=5).get(party.pk, [])
        html = render_to_string("admin/archive/party/_contexts.html", {"contexts": party.contexts})
        return mark_safe(html)

    def report(self, request: HttpRequest, what: str, result: ReapplyResult) -> None:
        self.message_user(request, f"{what} Re-applied: {result}.", messages.SUCCESS)

    @admin.action(description="Accept selected parties")
    def accept_selected(self, request: HttpRequest, queryset) -> None:
        parties = list(queryset)
        result = accept_parties(parties)
        self.report(request, f"Accepted {plural(len(parties), 'party', 'parties')}.", result)

    @admin.action(description="Reject selected parties: block their names, remove them")
    def reject_selected(self, request: HttpRequest, queryset) -> None:
        parties = list(queryset)
        result, refusals = reject_parties(parties)
        for refusal in refusals:
            self.message_user(request, refusal, messages.ERROR)
        rejected = len(parties) - len(refusals)
        if rejected:
            self.report(request, f"Rejected {plural(rejected, 'party', 'parties')}.", result)

    @admin.action(description="Merge selected parties into one…")
    def merge_selected(self, request: HttpRequest, queryset) -> HttpResponse | None:
        return views.merge_parties_view(self, request, queryset)


@admin.register(Party)
class PartyAdmin(PartyCurationMixin, admin.ModelAdmin):
    form = PartyAdminForm
    list_display = [
        "name",
        "kind",
        "status",
        "article_count",
        "mention_total",
        "alias_list",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["former_slugs", "contexts"]
    inlines = [PartyAliasInline]
    actions = ["merge_selected", "accept_selected", "reject_selected", "reapply_selected"]
    change_list_template = "admin/archive/party/change_list.html"
    change_form_template = "admin/archive/party/change_form.html"

    def get_urls(self) -> list:
        def view(function):
            return self.admin_site.admin_view(partial(function, self))

        return [
            path("reapply/", view(views.reapply_view), name="archive_party_reapply"),
            path("<int:pk>/split/", view(views.split_alias_view), name="archive_party_split"),
            *super().get_urls(),
        ]

    @admin.display(description="former slugs (old links lead here)")
    def former_slugs(self, party: Party) -> str:
        return ", ".join(party.slug_redirects.values_list("old_slug", flat=True)) or "—"

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        party = form.instance
        if change:
            record_party_edit(party, form.initial.get("name", ""), form.initial.get("slug", ""))
        # New spellings can appear in any article that contains them; changed or removed ones
        # only in the articles that mention the party now.
        names = [alias.name for formset in formsets for alias in formset.new_objects]
        altered = [
            alias
            for formset in formsets
            for alias in [*(obj for obj, _ in formset.changed_objects), *formset.deleted_objects]
        ]
        names += [alias.name for alias in altered]
        if not change or "name" in form.changed_data:
            names.append(party.name)
        if names:
            result = reapply_parties(articles_affected_by(names, [party] if altered else []))
            self.report(request, "The archive has read the articles that use its names.", result)

    @admin.action(description="Re-apply party decisions to the articles of selected parties")
    def reapply_selected(self, request: HttpRequest, queryset) -> None:
        result = reapply_parties(articles_affected_by(parties=list(queryset)))
        self.message_user(request, f"Re-applied: {result}.", messages.SUCCESS)


@admin.register(PartyAlias)
class PartyAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "party"]
    list_select_related = ["party"]
    search_fields = ["name", "party__name"]
    autocomplete_fields = ["party"]
    actions = ["split_selected"]

    @admin.action(description="Split selected aliases off into parties of their own")
    def split_selected(self, request: HttpRequest, queryset) -> None:
        total = ReapplyResult()
        aliases = list(queryset.select_related("party"))
        for alias in aliases:
            total.add(split_alias(alias)[1])
        self.message_user(
            request,
            f"Split {plural(len(aliases), 'alias', 'aliases')} off. Re-applied: {total}.",
            messages.SUCCESS,
        )


@admin.register(PartySlugRedirect)
class PartySlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "party", "created_at"]
    list_select_related = ["party"]
    search_fields = ["old_slug", "party__name", "party__slug"]
    autocomplete_fields = ["party"]


@admin.register(BlockedName)
class BlockedNameAdmin(admin.ModelAdmin):
    """Names extraction must never report: adding one removes its mentions everywhere."""

    form = BlockedNameForm
    list_display = ["name", "reason", "created_at"]
    search_fields = ["name", "reason"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return ["name"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: BlockedName, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            result = block_names([obj.name])
            self.message_user(request, f"Blocked “{obj.name}”. Re-applied: {result}.")

    def delete_model(self, request: HttpRequest, obj: BlockedName) -> None:
        self.delete_queryset(request, BlockedName.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        result = unblock_names(queryset)
        self.message_user(request, f"Unblocked. Re-applied: {result}.")
