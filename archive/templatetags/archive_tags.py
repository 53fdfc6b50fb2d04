from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def published(article) -> str:
    """Return an article's publication date, as precise as the archive knows it."""
    if article.published_at is None:
        return "date unknown"
    moment = timezone.localtime(article.published_at)
    if article.published_precision == "day":
        return date_format(article.published_at.date(), "j F Y")
    return f"{date_format(moment, 'j F Y, H:i')} {moment.tzname()}"
