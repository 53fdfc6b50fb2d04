"""Small helpers the admin modules share: links to records, plurals, URL field options."""

from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

# Links typed without a scheme are web links, and today that means https.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def admin_link(obj, text: str | None = None) -> SafeString | str:
    """Return a link to obj's change page in the admin."""
    if obj is None:
        return "—"
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text or str(obj))


def plural(count: int, word: str, many: str = "") -> str:
    """Return "1 party" or "3 parties"."""
    return f"{count} {word if count == 1 else many or word + 's'}"
