"""An Atom feed that a browser shows as a page: the feed names an XSL stylesheet that renders it.

Django's Atom writer takes no stylesheet (its RSS writer does), so this one adds the
`<?xml-stylesheet?>` processing instruction before the root element. Browsers apply XSLT only
to documents served as XML: as `application/atom+xml` Chromium shows the feed's bare text, so
the feed is served as `application/xml`, which feed readers read the same (they read the
document, not its type).
"""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.feedgenerator import Atom1Feed, SimplerXMLGenerator, Stylesheet

# Under static/archive/; it links the site's stylesheet, as the page it renders is held to the
# site's Content-Security-Policy like any other (no inline styles or scripts).
FEED_STYLESHEET = "archive/feed.xsl"


def feed_stylesheets() -> list[Stylesheet]:
    """Return the stylesheet that renders a feed for people (its URL read at request time)."""
    return [Stylesheet(static(FEED_STYLESHEET), mimetype="text/xsl")]


class ReadableAtom1Feed(Atom1Feed):
    """Atom 1.0 that a browser renders through the feed stylesheet."""

    content_type = "application/xml; charset=utf-8"

    def write(self, outfile, encoding) -> None:
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        # A stylesheet instruction must come before the first element.
        self.add_stylesheets(handler)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item) -> None:
        """Write an entry; its summary is plain text, which Django's writer marks as HTML."""
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})

    def add_stylesheets(self, handler) -> None:
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
