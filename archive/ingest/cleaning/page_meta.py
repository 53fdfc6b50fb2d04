"""Read what an HTML page says about itself: <title>, meta tags, Open Graph, JSON-LD, canonical.

These are evidence, not the article: html.py weighs them against what cleaning found in the
page's text, and keeps a small copy with the raw document.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from archive.ingest.cleaning.sources import parse_byline
from archive.ingest.cleaning.text import repair_text

# schema.org types whose object describes the article on the page.
ARTICLE_TYPES = frozenset(
    [
        "NewsArticle",
        "Article",
        "ReportageNews",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "TechArticle",
        "Report",
    ]
)
PAGE_TYPES = frozenset(["WebPage", "ItemPage", "CollectionPage"])
# Meta names and properties kept as evidence, and read for fields.
META_TITLES = ("og:title", "twitter:title", "headline", "parsely-title", "sailthru.title")
META_DATES = (
    "article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
)
META_AUTHORS = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
)
META_SITES = ("og:site_name", "application-name", "twitter:site")
META_LANGUAGES = ("og:locale", "content-language", "language", "dc.language")
META_OTHER = ("description", "og:description", "og:type", "og:url", "article:modified_time")
KEPT_META = frozenset(META_TITLES + META_DATES + META_AUTHORS + META_SITES + META_LANGUAGES)
KEPT_META |= frozenset(META_OTHER)
MAX_EVIDENCE_LENGTH = 500
MAX_JSON_LD_BYTES = 200_000
TAG = re.compile(r"<[^>]*>")
AUTHOR_SEPARATORS = re.compile(r"\s*(?:[,;|/&]|\band\b)\s*", re.IGNORECASE)
JSON_LD = "//script[translate(@type, 'JSONLD', 'jsonld')='application/ld+json']"


@dataclass
class PageMeta:
    """What a page's head says about it, each value as plain text."""

    title: str = ""  # the <title> element
    canonical: str = ""
    language: str = ""  # <html lang>
    meta: dict[str, str] = field(default_factory=dict)  # lower-cased name or property -> content
    article: dict = field(default_factory=dict)  # the JSON-LD article's fields we read
    h1: list[str] = field(default_factory=list)

    @property
    def headlines(self) -> list[str]:
        """Return the titles the metadata gives, most trusted first."""
        found = [self.article.get("headline", "")]
        return _unique(found + [self.meta.get(name, "") for name in META_TITLES])

    @property
    def published(self) -> list[str]:
        """Return the publication dates the metadata states, most trusted first."""
        found = [self.article.get("datePublished", "")]
        found += [self.meta.get(name, "") for name in META_DATES]
        return _unique(found)

    @property
    def authors(self) -> list[str]:
        """Return the author names the metadata gives (JSON-LD first, else meta tags)."""
        if self.article.get("author"):
            return list(self.article["author"])
        for name in META_AUTHORS:
            value = self.meta.get(name, "")
            if value and not value.startswith(("http://", "https://", "/")):
                return [value]
        return []

    @property
    def site_names(self) -> list[str]:
        """Return the names the page gives its site or publisher."""
        found = [self.meta.get(name, "").lstrip("@") for name in META_SITES]
        found.insert(1, self.article.get("publisher", ""))
        return _unique(found)

    @property
    def languages(self) -> list[str]:
        """Return the languages the page declares, the <html lang> first."""
        found = [self.language, self.article.get("inLanguage", "")]
        return _unique(found + [self.meta.get(name, "") for name in META_LANGUAGES])

    def evidence(self) -> dict:
        """Return a small copy for the raw document: what the page said, not the page."""
        evidence = {
            "title": self.title,
            "canonical": self.canonical,
            "lang": self.language,
            "meta": self.meta,
            "json_ld": {key: value for key, value in self.article.items() if key != "@type"},
            "h1": self.h1[:3],
        }
        if self.article.get("@type"):
            evidence["json_ld"]["type"] = self.article["@type"]
        return {key: value for key, value in evidence.items() if value}


def author_names(values: list[str]) -> list[str]:
    """Return the people named by metadata author values ("By A and B", "A, B | Site"), or
    the values as written when none of their parts reads as a person's name."""
    authors: list[str] = []
    for value in values:
        value = repair_text(value)
        for part in AUTHOR_SEPARATORS.split(re.sub(r"^by\s+", "", value, flags=re.IGNORECASE)):
            byline = parse_byline(f"By {part}") if part else None
            authors += [name for name in (byline.authors if byline else []) if name not in authors]
    return authors or [value for value in values if value]


def read_page_meta(tree: HtmlElement) -> PageMeta:
    """Return what the page's head, headings and JSON-LD say about the page."""
    page = PageMeta()
    page.language = _plain(tree.get("lang") or tree.get("xml:lang") or "")
    head = tree.find("head")
    scope = head if head is not None else tree
    title = scope.find(".//title")
    if title is not None:
        page.title = _plain(title.text_content())
    for meta in scope.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "").lower()
        content = meta.get("content")
        if name in KEPT_META and content and name not in page.meta:
            page.meta[name] = _plain(content)
    for link in scope.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            page.canonical = link.get("href").strip()
            break
    page.h1 = [text for text in (_plain(h1.text_content()) for h1 in tree.iter("h1")) if text]
    page.article = _json_ld_article(tree)
    return page


def _json_ld_article(tree: HtmlElement) -> dict:
    """Return the fields of the JSON-LD object that describes the article (or else the page)."""
    best: dict = {}
    for script in tree.xpath(JSON_LD):
        text = script.text or ""
        if len(text) > MAX_JSON_LD_BYTES:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for item in _json_ld_objects(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            types = {kind for kind in types if isinstance(kind, str)}
            if types & ARTICLE_TYPES:
                return _article_fields(item, next(iter(types & ARTICLE_TYPES)))
            if types & PAGE_TYPES and not best:
                best = _article_fields(item, next(iter(types & PAGE_TYPES)))
    return best


def _json_ld_objects(data: object) -> list[dict]:
    """Return the objects in a JSON-LD value: itself, its list items or its @graph."""
    found: list[dict] = []
    stack = [data]
    while stack and len(found) < 100:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            found.append(item)
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])
            if isinstance(item.get("mainEntity"), dict):
                stack.append(item["mainEntity"])
    return found


def _article_fields(item: dict, kind: str) -> dict:
    """Return the fields of an article object we read, as plain text."""
    fields: dict = {"@type": kind}
    for key in ("headline", "name", "datePublished", "dateCreated", "dateModified", "inLanguage"):
        value = item.get(key)
        if isinstance(value, str) and _plain(value):
            fields[key] = _plain(value)
    if "headline" not in fields and "name" in fields:
        fields["headline"] = fields["name"]
    fields.pop("name", None)
    if "datePublished" not in fields and "dateCreated" in fields:
        fields["datePublished"] = fields["dateCreated"]
    fields.pop("dateCreated", None)
    authors = _names(item.get("author") or item.get("creator"))
    if authors:
        fields["author"] = authors
    publisher = _names(item.get("publisher"))
    if publisher:
        fields["publisher"] = publisher[0]
    for key in ("url", "mainEntityOfPage"):
        value = item.get(key)
        value = value.get("@id") or value.get("url") if isinstance(value, dict) else value
        if isinstance(value, str) and value.strip():
            fields["url"] = value.strip()
            break
    return fields


def _names(value: object) -> list[str]:
    """Return the names in a JSON-LD person or organisation value (text, object or list)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name and isinstance(name[0], str) else ""
        if isinstance(name, str) and _plain(name) and _plain(name) not in names:
            names.append(_plain(name))
    return names


def _plain(text: str) -> str:
    """Return metadata text as plain text: entities read, tags dropped, spaces collapsed."""
    if not isinstance(text, str):
        return ""
    text = TAG.sub(" ", html.unescape(text)) if "&" in text or "<" in text else text
    return " ".join(text.split())[:MAX_EVIDENCE_LENGTH]


def _unique(values: list[str]) -> list[str]:
    """Return the non-empty values, each once, in order."""
    return list(dict.fromkeys(value for value in values if value))
