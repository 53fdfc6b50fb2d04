"""The content fingerprint: equal for articles whose cleaned text is the same."""

from __future__ import annotations

import hashlib

from archive.lib.names import normalize_name


def fingerprint_text(title: str, body: str) -> str:
    """Return the SHA-256 of the title and body, case, spacing and quotes folded."""
    return hashlib.sha256(f"{normalize_name(title)}\n{normalize_name(body)}".encode()).hexdigest()
