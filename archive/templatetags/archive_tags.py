"""How pages write dates: the one place that formats them for people."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from archive import links
from archive.lib.urls import web_url as checked_web_url
from archive.lib.vocabulary import DatePrecision

register = template.Library()

DAY = "j F Y"
MOMENT = "j F Y, H:i"


@register.filter
def day(moment) -> str:
    """Return the day of a moment ("18 September 2015")."""
    return date_format(timezone.localtime(moment), DAY) if moment else ""


@register.filter
def moment(moment) -> str:
    """Return a moment to the minute, with its time zone ("18 September 2015, 14:02 UTC")."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return f"{date_format(local, MOMENT)} {local.tzname()}"


@register.filter
def published(article) -> str:
    """Return an article's publication date, as precise as the archive knows it."""
    if article.published_at is None:
        return "date unknown"
    if article.published_precision == DatePrecision.DAY:
        return date_format(article.published_at.date(), DAY)
    return moment(article.published_at)


@register.filter
def web_url(url: str) -> str:
    """Return a link from input only when it is an http(s) link; "" for anything else."""
    return checked_web_url(url)


@register.simple_tag
def article_url(article, query: str = "") -> str:
    """Return an article's page, marking a search's words when it comes from one."""
    return links.article_url(article, query)


@register.simple_tag
def published_time(article) -> SafeString:
    """Return a <time> element with the publication date, machine-readable where known."""
    if article.published_at is None:
        return format_html("<time>{}</time>", published(article))
    return format_html(
        '<time datetime="{}">{}</time>', article.published_at.isoformat(), published(article)
    )
