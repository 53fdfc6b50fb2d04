"""Cleaning: turn decoded text or a record into an article's fields and clean paragraphs.

text.py repairs characters; paragraphs.py cuts units that remember where they came from;
boilerplate.py, dates.py, datelines.py and sources.py recognise what lines are; passes.py labels
a story's units; scrape.py and record.py clean the two kinds of input, html.py a web page
(its metadata read by page_meta.py, its visible text marked by page_segments.py).
"""

from archive.ingest.cleaning.html import clean_html
from archive.ingest.cleaning.record import clean_record
from archive.ingest.cleaning.scrape import clean_scrape

__all__ = ["clean_html", "clean_record", "clean_scrape"]
