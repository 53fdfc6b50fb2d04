"""The labels the line classifier gives to the lines of a page."""

from enum import StrEnum


class Label(StrEnum):
    TITLE = "title"
    BYLINE = "byline"
    DATE = "date"
    CONTENT = "content"
    BOILERPLATE = "boilerplate"
