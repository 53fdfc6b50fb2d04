"""Content-Security-Policy: no page runs script that is not a file of this site.

A scraped `url` of `javascript:alert(1)` that becomes a link, or markup that slips into a page,
must not run. The header forbids inline script; the templates must need none.
"""

import re
from pathlib import Path

import django.forms
import ninja
import pytest
from django.template import engines
from django.urls import reverse

from tests.factories import make_article, make_party, make_source

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent

SCRIPT_ELEMENT = re.compile(
    r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I
)
# An on...= attribute inside a tag: onclick, onload, onerror, ...
EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I | re.S)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
DATA_BLOCK = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.I)


def parse_policy(header: str) -> dict[str, list[str]]:
    """Return a Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def inline_script_problems(html: str) -> list[str]:
    """Return the inline scripts, event handler attributes and javascript: URLs in html."""
    problems = []
    for element in SCRIPT_ELEMENT.finditer(html):
        if DATA_BLOCK.search(element["attributes"]):
            continue  # data for a script (json_script), never run
        if element["body"].strip() or "src" not in element["attributes"]:
            problems.append(f"inline <script>: {element[0][:80]!r}")
    problems += [f"event handler: {m[0][-60:]!r}" for m in EVENT_HANDLER.finditer(html)]
    problems += [f"javascript: URL: {m[0]!r}" for m in JAVASCRIPT_URL.finditer(html)]
    return problems


# django-ninja's ReDoc pages and its Swagger page for CDN use (when "ninja" is not an installed
# app) run an inline script; the API serves the Swagger page that loads its script from ninja's
# static files (archive/api/__init__.py).
UNSERVED = {
    Path(ninja.__file__).parent / "templates" / "ninja" / name
    for name in ("redoc.html", "redoc_cdn.html", "swagger_cdn.html")
}


def template_files() -> list[Path]:
    """Return every template Django can load, the admin's and the form widgets' included."""
    folders = [*engines["django"].template_dirs, Path(django.forms.__file__).parent / "templates"]
    return sorted(path for folder in folders for path in Path(folder).rglob("*.html"))


def test_the_scanner_finds_every_kind_of_inline_script():
    assert inline_script_problems("<script>alert(1)</script>")
    assert inline_script_problems('<script src="a.js">alert(1)</script>')
    assert inline_script_problems('<img src="x" onerror="alert(1)">')
    assert inline_script_problems('<body\n  onload="go()">')
    assert inline_script_problems('<a href="javascript:alert(1)">')
    assert not inline_script_problems("<script src=\"{% static 'a.js' %}\" defer></script>")
    assert not inline_script_problems('<script id="c" type="application/json">{"a": 1}</script>')
    assert not inline_script_problems("<p>Talks went on=and on</p>")


def test_no_template_holds_inline_script_or_an_event_handler():
    files = template_files()
    assert PROJECT / "templates" / "base.html" in files
    assert any("contrib/admin" in str(path) for path in files)  # the admin's own templates too
    problems = [
        f"{path}: {problem}"
        for path in files
        if path not in UNSERVED
        for problem in inline_script_problems(path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_pages_carry_a_policy_that_forbids_inline_script(client, django_user_model):
    source = make_source(name="Reuters")
    party = make_party(name="OPEC")
    article = make_article(source=source, parties={party: 1}, url="javascript:alert(1)")
    staff = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    pages = [
        reverse("archive:home"),
        reverse("archive:search") + "?q=article",
        article.get_absolute_url(),
        source.get_absolute_url(),
        party.get_absolute_url(),
        reverse("admin:login"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = parse_policy(response["Content-Security-Policy"])
        script_sources = policy.get("script-src", policy["default-src"])
        assert script_sources == ["'self'"], url
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in policy.get("style-src", [])
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    client.force_login(staff)
    response = client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
