"""The search page's box for saving the search shown, or for signing in to save it."""

from __future__ import annotations

from django import template
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import QueryDict
from django.urls import reverse

from archive.models import SavedSearch
from archive.saved import SearchNameForm, search_parameters

register = template.Library()


@register.inclusion_tag("archive/saved/_save_box.html", takes_context=True)
def save_search_box(context) -> dict:
    """Offer to save the page's search; say so instead when the reader has saved it already."""
    request = context["request"]
    parameters = search_parameters(request.GET)
    box = {"parameters": parameters, "user": request.user}
    if not request.user.is_authenticated:
        next_page = QueryDict(mutable=True)
        next_page[REDIRECT_FIELD_NAME] = request.get_full_path()
        box["sign_in_url"] = f"{reverse('archive:login')}?{next_page.urlencode()}"
        return box
    saved = SavedSearch.objects.owned_by(request.user).filter(parameters=parameters).first()
    box["saved"] = saved
    if saved is None:
        box["form"] = SearchNameForm(owner=request.user)
    return box
