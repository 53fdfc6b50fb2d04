"""Links from input: only web links (http, https) are ever stored or made clickable."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
# Browsers drop tabs and line breaks anywhere in a URL and controls and spaces around it, so
# "java\tscript:" is javascript: to them; the scheme is read the same way here.
DROPPED_INSIDE = re.compile(r"[\t\n\r]")
DROPPED_AROUND = "".join(chr(code) for code in range(0x21))


def web_url(url: str) -> str:
    """Return url as a browser reads it when it is an absolute http(s) link, else ""."""
    if not isinstance(url, str):
        return ""
    candidate = DROPPED_INSIDE.sub("", url).strip(DROPPED_AROUND)
    try:
        parts = urlsplit(candidate)
    except ValueError:  # an IPv6 host that does not parse
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return ""
    return candidate
