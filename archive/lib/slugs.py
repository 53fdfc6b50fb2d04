"""Slugs for pages: readable, stable, never reused."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.text import slugify

MAX_SLUG_BASE = 80


def free_slug(name: str, is_taken: Callable[[str], bool]) -> str:
    """Return the slug of name, numbered ("name-2") until is_taken says it is free."""
    base = (slugify(name) or "item")[:MAX_SLUG_BASE]
    slug, number = base, 1
    while is_taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug
