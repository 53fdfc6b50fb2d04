"""The review queue: parties ingestion discovered, most mentioned first, with their contexts.

Ordering the whole queue by its mentions reads every mention of every queued party: half the
mentions of a large archive. While the queue's mentions number fewer than EXACT_ORDER_MENTIONS
the order counts them all; past that it counts those in the articles ingested last (the last
RANKED_ARTICLES ids), where new names come from, and the page says so. The counts each row
shows are exact, computed for the rows on screen only.

The queue is a list of cards (its change_list.html), each with its own Accept, Reject and Merge
buttons: each posts the list's action for that one party back to the same page, which answers
with the card after it in view.
"""

import re

from django.contrib import admin
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from archive.admin.parties import PartyCurationMixin
from archive.curation import mention_contexts
from archive.models import Article, Mention, Party, PartyToReview
from archive.models.parties import most_mentioned

EXACT_ORDER_MENTIONS = 50_000
RANKED_ARTICLES = 10_000
# A card's id, where the page answering a decision opens (review_place, posted by its buttons).
CARD_PK = re.compile(r"\d{1,18}")


def first_ranked_article(request: HttpRequest) -> int:
    """Return the id of the first article whose mentions order the queue (0: every article)."""
    if not hasattr(request, "review_first_ranked_article"):
        queued = Mention.objects.filter(party__status=Party.Status.NEW).order_by()
        first = 0
        if queued[:EXACT_ORDER_MENTIONS].count() == EXACT_ORDER_MENTIONS:
            # Ids follow ingestion; the primary key gives the last at once.
            last = Article.objects.aggregate(last=Max("id"))["last"] or 0
            first = max(last - RANKED_ARTICLES + 1, 0)
        request.review_first_ranked_article = first  # asked for twice a page: counted once
    return request.review_first_ranked_article


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

    def get_ordering(self, request: HttpRequest) -> list:
        return most_mentioned(first_ranked_article(request))

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        context = {"ranked_articles": RANKED_ARTICLES if first_ranked_article(request) else None}
        response = super().changelist_view(request, {**context, **(extra_context or {})})
        if isinstance(response, TemplateResponse) and "cl" in response.context_data:
            response.context_data["title"] = queue_title(response.context_data["cl"])
        return response

    def response_action(self, request: HttpRequest, queryset) -> HttpResponse | None:
        """Answer a decision taken on one card with the same page, opened at the card after it."""
        response = super().response_action(request, queryset)
        place = request.POST.get("review_place", "")
        if isinstance(response, HttpResponseRedirect) and CARD_PK.fullmatch(place):
            response["Location"] += f"#review-{place}"
        return response

    def annotate_page(self, parties: list[Party]) -> None:
        super().annotate_page(parties)
        contexts = mention_contexts(parties)
        for number, party in enumerate(parties):
            party.contexts = contexts[party.pk]
            # The card to show once this one is decided: the next, or the one before the last.
            after = parties[number + 1] if number + 1 < len(parties) else parties[number - 1]
            party.review_place = after.pk if after is not party else ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the queue fills itself from ingestion

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs) -> HttpResponse:
        return redirect("admin:archive_party_change", object_id)


def queue_title(changelist) -> str:
    """Return the queue's title with how many parties wait, as far as the list counts them."""
    paginator = changelist.paginator
    count = changelist.result_count
    waiting = f"more than {count:,}" if getattr(paginator, "capped", False) else f"{count:,}"
    return f"Parties to review ({waiting})"
