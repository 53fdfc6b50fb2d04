"""Find the article inside the visible text of a whole news page, line by line.

`find_article(text)` returns where the title, byline, date and content lines sit, so a cleaner
keeps those and drops menus, notices, related headlines and footers; `classify_lines(lines)`
gives the label of each line. Pure Python and numpy: no Django here.
"""

from archive.ingest.cleaning.blocks.labels import Label
from archive.ingest.cleaning.blocks.model import ArticleRegion, classify_lines, find_article

__all__ = ["ArticleRegion", "Label", "classify_lines", "find_article"]
