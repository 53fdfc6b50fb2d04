"""The review queue: parties ingestion discovered, most mentioned first, with their contexts."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from archive.admin.parties import PartyCurationMixin
from archive.curation import mention_contexts
from archive.models import PartyToReview


class ReviewChangeList(ChangeList):
    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        contexts = mention_contexts(self.result_list)
        for party in self.result_list:
            party.contexts = contexts[party.pk]


@admin.register(PartyToReview)
class PartyReviewAdmin(PartyCurationMixin, admin.ModelAdmin):
    """Newly discovered parties, most mentioned first, each with where articles mention it."""

    list_display = ["name", "kind", "mention_total", "article_count", "contexts", "alias_list"]
    list_display_links = ["name"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    list_per_page = 50
    actions = ["accept_selected", "merge_selected", "reject_selected"]
    fields = ["name", "slug", "kind", "status"]

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return ReviewChangeList

    def get_ordering(self, request: HttpRequest) -> list:
        return ["-mention_total", "name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the queue fills itself from ingestion

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs) -> HttpResponse:
        return redirect("admin:archive_party_change", object_id)
