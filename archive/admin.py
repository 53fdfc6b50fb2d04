"""The Django admin: where staff curate every record of the archive."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import slugify

from archive.curation import (
    ReapplyResult,
    articles_affected_by,
    block_names,
    mention_contexts,
    merge_parties,
    parties_named,
    reapply_parties,
    reclean_documents,
    record_party_edit,
    reject_parties,
    split_alias,
    unblock_names,
)
from archive.lib.names import normalize_name
from archive.lib.vocabulary import Outcome
from archive.models import (
    Article,
    BlockedName,
    FailedDocument,
    IngestRun,
    Mention,
    Party,
    PartyAlias,
    PartySlugRedirect,
    PartyToReview,
    PendingDiscovery,
    RawDocument,
    Source,
    SourceAlias,
)

# Links typed without a scheme are web links, and today that means https.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def admin_link(obj, text: str | None = None) -> SafeString | str:
    """Return a link to obj's change page in the admin."""
    if obj is None:
        return "—"
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text or str(obj))


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count", "created_at"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceAliasInline]
    formfield_overrides = URL_FIELDS

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, source: Source) -> int:
        return source.article_count


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    list_select_related = ["source"]
    search_fields = ["name", "source__name"]
    autocomplete_fields = ["source"]


class PartyAliasFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            name = form.cleaned_data.get("name") if hasattr(form, "cleaned_data") else None
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = normalize_name(name)
            if key in seen:
                raise forms.ValidationError(f"The alias “{name}” is listed twice.")
            seen.add(key)


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    formset = PartyAliasFormSet
    extra = 1


class PartyAdminForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["name", "slug", "kind", "status"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        former = PartySlugRedirect.objects.filter(old_slug=slug).select_related("party").first()
        if slug and former is not None and former.party_id != self.instance.pk:
            raise forms.ValidationError(
                f"Old links with this slug lead to {former.party}; choose another slug."
            )
        return slug


class MergeForm(forms.Form):
    """Choose the party that the selected ones are merged into."""

    target = forms.IntegerField(required=False)
    other = forms.CharField(
        required=False,
        max_length=200,
        label="or another party",
        help_text="Its name, an alias or its slug.",
    )

    def __init__(self, *args, selected: list[Party], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selected = selected

    def clean(self) -> dict:
        cleaned = super().clean()
        other, target_id = cleaned.get("other", "").strip(), cleaned.get("target")
        if other:
            target = find_party(other)
        elif target_id is not None:
            target = Party.objects.filter(pk=target_id).first()
            if target is None:
                raise forms.ValidationError("That party does not exist any more.")
        else:
            raise forms.ValidationError("Choose the party to merge into.")
        others = [party for party in self.selected if party.pk != target.pk]
        if not others:
            raise forms.ValidationError(f"{target} cannot be merged into itself.")
        cleaned["target_party"], cleaned["others"] = target, others
        return cleaned


def find_party(text: str) -> Party:
    """Return the one party a name, alias or slug (current or former) stands for."""
    if slugify(text) == text.strip():
        try:
            return Party.objects.from_slug(text.strip())[0]
        except Party.DoesNotExist:
            pass
    matches = list(parties_named([text])[:5])
    if not matches:
        raise forms.ValidationError(f"No party is called “{text}”.")
    if len(matches) > 1:
        names = "; ".join(f"{p} ({p.get_kind_display().lower()}, slug {p.slug})" for p in matches)
        raise forms.ValidationError(f"Several parties are called “{text}”: {names}. Give a slug.")
    return matches[0]


class SplitAliasForm(forms.Form):
    """Make one alias of a party a party of its own."""

    alias = forms.ModelChoiceField(queryset=PartyAlias.objects.none(), empty_label=None)
    name = forms.CharField(
        required=False, max_length=200, help_text="Leave empty to name it as the alias."
    )
    kind = forms.ChoiceField(choices=Party.Kind.choices)

    def __init__(self, *args, party: Party, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.party = party
        self.fields["alias"].queryset = party.aliases.all()
        self.fields["kind"].initial = party.kind

    def clean(self) -> dict:
        cleaned = super().clean()
        alias, kind = cleaned.get("alias"), cleaned.get("kind")
        if alias is not None and kind:
            name = cleaned.get("name", "").strip() or alias.name
            if normalize_name(name) == normalize_name(self.party.name) and kind == self.party.kind:
                raise forms.ValidationError(f"{self.party} is this party already.")
        return cleaned


def plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


class PartyCurationMixin:
    """Decisions an editor takes on a list of parties, in the full list and in the queue."""

    class Media:
        css = {"all": ["archive/admin.css"]}

    def get_queryset(self, request: HttpRequest):
        # Counted before ordering, so the lists can sort by the counts.
        queryset = self.model._default_manager.get_queryset().with_mention_counts()
        return queryset.prefetch_related("aliases").order_by(*self.get_ordering(request))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, party: Party) -> int:
        return party.article_count

    @admin.display(ordering="mention_total", description="mentions")
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
        return format_html_join(
            "",
            '<p class="mention-context">…{}<mark>{}</mark>{}… <a href="{}">{}</a></p>',
            (
                (
                    context.before,
                    context.surface,
                    context.after,
                    reverse("archive:article", args=[context.article_id]),
                    context.title[:60],
                )
                for context in party.contexts
            ),
        )

    def report(self, request: HttpRequest, what: str, result: ReapplyResult) -> None:
        self.message_user(request, f"{what} Re-applied: {result}.", messages.SUCCESS)

    @admin.action(description="Accept selected parties")
    def accept_selected(self, request: HttpRequest, queryset) -> None:
        accepted = queryset.model.objects.filter(pk__in=queryset.values("pk")).update(
            status=Party.Status.ACCEPTED
        )
        self.message_user(request, f"Accepted {plural(accepted, 'party', 'parties')}.")

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
        selected = list(queryset.order_by("-mention_total", "name"))
        form = MergeForm(request.POST if "confirm" in request.POST else None, selected=selected)
        if form.is_bound and form.is_valid():
            target, others = form.cleaned_data["target_party"], form.cleaned_data["others"]
            moved = merge_parties(target, others)
            self.message_user(
                request,
                f"Merged {plural(len(others), 'party', 'parties')} into {target}"
                f" ({plural(moved, 'mention')} moved); old links lead to it now.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge parties",
            "form": form,
            "parties": selected,
            "suggestions": merge_suggestions(selected),
            "opts": self.model._meta,
            "action_name": "merge_selected",
            "selected": [party.pk for party in selected],
            "changelist_url": reverse(
                f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist"
            ),
        }
        return TemplateResponse(request, "admin/archive/party/merge.html", context)


def merge_suggestions(selected: list[Party], limit: int = 8) -> list[Party]:
    """Return accepted parties that the selected ones may be another name of (same last word)."""
    words = {party.name.split()[-1] for party in selected if party.name.split()}
    condition = Q()
    for word in words:
        condition |= Q(name__iendswith=f" {word}") | Q(name__iexact=word)
    if not condition:
        return []
    return list(
        Party.objects.filter(condition, status=Party.Status.ACCEPTED)
        .exclude(pk__in=[party.pk for party in selected])
        .with_mention_counts()
        .order_by("-mention_total", "name")[:limit]
    )


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
        view = self.admin_site.admin_view
        return [
            path("reapply/", view(self.reapply_view), name="archive_party_reapply"),
            path("<int:pk>/split/", view(self.split_view), name="archive_party_split"),
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

    def reapply_view(self, request: HttpRequest) -> HttpResponse:
        """Confirm, then re-apply every party decision to every article of the archive."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            result = reapply_parties()
            self.message_user(
                request,
                f"Re-applied to the whole archive in {result.seconds:.1f} s: {result}.",
                messages.SUCCESS,
            )
            return redirect("admin:archive_party_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Re-apply party decisions to the whole archive",
            "opts": self.model._meta,
            "article_count": Article.objects.count(),
        }
        return TemplateResponse(request, "admin/archive/party/reapply.html", context)

    def split_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Make one alias of a party a party of its own, moving the mentions that use it."""
        party = get_object_or_404(Party, pk=pk)
        if not self.has_change_permission(request, party):
            raise PermissionDenied
        form = SplitAliasForm(request.POST or None, party=party)
        if request.method == "POST" and form.is_valid():
            alias = form.cleaned_data["alias"]
            new_party, result = split_alias(
                alias, form.cleaned_data["name"], form.cleaned_data["kind"]
            )
            self.report(request, f"“{alias}” is now {new_party}, a party of its own.", result)
            return redirect("admin:archive_party_change", new_party.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Split an alias off {party}",
            "opts": self.model._meta,
            "original": party,
            "form": form,
        }
        return TemplateResponse(request, "admin/archive/party/split.html", context)


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


class BlockedNameForm(forms.ModelForm):
    class Meta:
        model = BlockedName
        fields = ["name", "reason"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        twin = BlockedName.objects.filter(normalized=normalize_name(name))
        if self.instance.pk:
            twin = twin.exclude(pk=self.instance.pk)
        if twin.exists():
            raise forms.ValidationError(f"“{name}” is blocked already.")
        return name


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


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "count", "first_offset"]


class ArticleAdminForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")

    class Meta:
        model = Article
        fields = [
            "title",
            "summary",
            "authors",
            "source",
            "published_at",
            "published_precision",
            "dateline",
            "body",
            "language",
            "url",
            "raw_document",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        title, body = cleaned.get("title"), cleaned.get("body")
        if title is not None and body is not None:
            twin = Article.objects.twin_of(title, body, exclude_pk=self.instance.pk).first()
            if twin is not None:
                raise forms.ValidationError(f"Another article has the same title and body: {twin}")
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "source", "published_at", "dateline", "language", "mention_count"]
    list_filter = ["source", "published_at", "published_precision", "language"]
    list_select_related = ["source"]
    search_fields = ["title", "dateline", "url", "source__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source"]
    raw_id_fields = ["raw_document"]
    readonly_fields = ["fingerprint", "created_at", "updated_at", "cleaned_beside_original"]
    inlines = [MentionInline]
    fieldsets = [
        (None, {"fields": ["title", "summary", "authors", "source"]}),
        ("Date and place", {"fields": ["published_at", "published_precision", "dateline"]}),
        ("Text", {"fields": ["body", "language", "url"]}),
        (
            "Provenance",
            {
                "fields": [
                    "raw_document",
                    "cleaned_beside_original",
                    "fingerprint",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(mention_count=Count("mentions"))

    @admin.display(ordering="mention_count", description="parties")
    def mention_count(self, article: Article) -> int:
        return article.mention_count

    @admin.display(description="cleaned text beside the original")
    def cleaned_beside_original(self, article: Article) -> SafeString:
        cleaned = format_html_join("", "<p>{}</p>", ((p,) for p in article.paragraphs))
        original = render_to_string(
            "archive/_raw_segments.html", {"segments": article.marked_segments()}
        )
        return format_html(
            '<div class="beside"><div><h3>Cleaned</h3>{}</div>'
            "<div><h3>Original (highlighted: made a field; struck through: left out)</h3>{}</div>"
            "</div>",
            cleaned,
            SafeString(original),
        )

    class Media:
        css = {"all": ["archive/admin.css"]}


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["party", "article", "count", "first_offset"]
    list_filter = ["party__kind"]
    list_select_related = ["party", "article"]
    search_fields = ["party__name", "article__title"]
    autocomplete_fields = ["party"]
    raw_id_fields = ["article"]


@admin.register(PendingDiscovery)
class PendingDiscoveryAdmin(admin.ModelAdmin):
    """Articles waiting for `manage.py discover_parties` (read-only: the command empties it)."""

    list_display = ["article", "queued_at"]
    list_select_related = ["article"]
    date_hierarchy = "queued_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RawDocument)
class RawDocumentAdmin(admin.ModelAdmin):
    list_display = [
        "origin",
        "status",
        "format",
        "size",
        "received_at",
        "short_error",
        "article_link",
    ]
    list_filter = ["status", "format", "received_at"]
    search_fields = ["origin", "checksum", "error"]
    date_hierarchy = "received_at"
    actions = ["reclean_selected"]
    fields = [
        "origin",
        "status",
        "error",
        "format",
        "size",
        "checksum",
        "received_at",
        "ingest_run",
        "article_link",
        "duplicate_link",
        "extra",
        "readable_content",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("article", "duplicate_of")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # raw documents arrive through ingestion, never by hand

    @admin.display(description="error")
    def short_error(self, raw: RawDocument) -> str:
        return raw.error[:120]

    @admin.display(description="article")
    def article_link(self, raw: RawDocument) -> SafeString | str:
        return admin_link(getattr(raw, "article", None))

    @admin.display(description="duplicate of")
    def duplicate_link(self, raw: RawDocument) -> SafeString | str:
        return admin_link(raw.duplicate_of)

    @admin.display(description="content")
    def readable_content(self, raw: RawDocument) -> SafeString:
        return format_html('<pre class="raw-text">{}</pre>', raw.text)

    @admin.action(description="Re-run cleaning on selected raw documents")
    def reclean_selected(self, request: HttpRequest, queryset) -> None:
        outcomes = reclean_documents(queryset)
        summary = ", ".join(f"{count} {status}" for status, count in sorted(outcomes.items()))
        level = messages.WARNING if outcomes.get(Outcome.FAILED) else messages.SUCCESS
        self.message_user(request, f"Re-cleaned {sum(outcomes.values())}: {summary}.", level)

    class Media:
        css = {"all": ["archive/admin.css"]}


@admin.register(FailedDocument)
class FailedDocumentAdmin(RawDocumentAdmin):
    """The failures waiting for a look, one click from the admin's front page."""

    list_display = ["origin", "error", "format", "size", "received_at", "ingest_run"]
    list_filter = ["format", "received_at", "ingest_run"]


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "finished_at",
        "new_count",
        "duplicate_count",
        "unchanged_count",
        "failed_count",
        "failed_link",
    ]
    readonly_fields = [
        "started_at",
        "finished_at",
        "requested",
        "new_count",
        "duplicate_count",
        "unchanged_count",
        "failed_count",
    ]
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="failures")
    def failed_link(self, run: IngestRun) -> SafeString | str:
        if not run.failed_count:
            return "—"
        url = reverse("admin:archive_faileddocument_changelist")
        return format_html(
            '<a href="{}?ingest_run__id__exact={}">{} failed</a>',
            url,
            run.pk,
            run.failed_count,
        )


admin.site.site_header = "News Archive administration"
admin.site.site_title = "News Archive admin"
admin.site.index_title = "Curate the archive"
