"""The admin's own pages beyond Django's: merging parties, splitting an alias off, and how to
re-apply party decisions to the whole archive (a command, never a request)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from archive.admin.forms import MergeForm, SplitAliasForm
from archive.admin.helpers import plural
from archive.curation import articles_affected_by, merge_parties, reapply_parties, split_alias
from archive.models import Article, Party


def merge_parties_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset
) -> HttpResponse | None:
    """Ask which party the selected ones merge into, then merge them (an action's page)."""
    selected = list(queryset.with_mention_counts().order_by("-mention_total", "name"))
    form = MergeForm(request.POST if "confirm" in request.POST else None, selected=selected)
    if form.is_bound and form.is_valid():
        target, others = form.cleaned_data["target_party"], form.cleaned_data["others"]
        names = [name for party in others for name in party.names()]
        moved = merge_parties(target, others)
        # The merged names are the target's aliases now: articles that have them and do not
        # mention it yet are read again (those that do have their mentions merged already).
        unread = articles_affected_by(names).exclude(mentions__party=target)
        result = reapply_parties(unread)
        model_admin.message_user(
            request,
            f"Merged {plural(len(others), 'party', 'parties')} into {target}"
            f" ({plural(moved, 'mention')} moved); old links lead to it now."
            f" Re-applied: {result}.",
            messages.SUCCESS,
        )
        return None
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Merge parties",
        "form": form,
        "parties": selected,
        "suggestions": Party.objects.merge_suggestions(selected),
        "opts": opts,
        "action_name": "merge_selected",
        "selected": [party.pk for party in selected],
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/archive/party/merge.html", context)


def split_alias_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    """Make one alias of a party a party of its own, moving the mentions that use it."""
    party = get_object_or_404(Party, pk=pk)
    if not model_admin.has_change_permission(request, party):
        raise PermissionDenied
    form = SplitAliasForm(request.POST or None, party=party)
    if request.method == "POST" and form.is_valid():
        alias = form.cleaned_data["alias"]
        new_party, result = split_alias(alias, form.cleaned_data["name"], form.cleaned_data["kind"])
        model_admin.report(request, f"“{alias}” is now {new_party}, a party of its own.", result)
        return redirect("admin:archive_party_change", new_party.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Split an alias off {party}",
        "opts": model_admin.model._meta,
        "original": party,
        "form": form,
    }
    return TemplateResponse(request, "admin/archive/party/split.html", context)


def reapply_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """Say how to re-apply every party decision to the whole archive: a command, not a click.

    Reading every article takes minutes on a large archive, far longer than a web request
    should run; `manage.py reapply_parties` does it in batches, resumable, with progress.
    """
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Re-apply party decisions to the whole archive",
        "opts": model_admin.model._meta,
        "article_count": Article.objects.count(),
        "command": "python manage.py reapply_parties",
    }
    return TemplateResponse(request, "admin/archive/party/reapply.html", context)
