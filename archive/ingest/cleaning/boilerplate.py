"""Recognise the page furniture around a news story: prompts, credits, sign-offs, link lists."""

from __future__ import annotations

import re

MAX_BOILERPLATE_LENGTH = 200
MAX_HEADLINE_LENGTH = 200

_LINE_PATTERNS = [
    # Advertising slots.
    r"advert(?:isement|ising)?(?:\s*[-–—:]?\s*(?:scroll|continue|story continues).*)?",
    r"(?:story|article) continues (?:below|after).{0,40}",
    r"continue reading(?: the| this)?(?: main)?(?: story| article)?.{0,40}",
    r"scroll (?:down )?to continue.{0,40}",
    # Share, follow and newsletter prompts.
    r"(?:share|tweet|email|e-mail|print|save)(?: this)?(?: article| story| page| post| video)?"
    r"(?:\s+(?:on|via|with)\s+.{1,40})?",
    r"(?:sign up|subscribe|register)\b.{0,120}\b(?:newsletters?|updates|alerts|e-?mails?|inbox"
    r"|briefings?|digest|free)\b.{0,80}",
    r"get (?:our|the)\b.{0,60}\bnewsletter.{0,80}",
    r"(?:follow|like) (?:us|@\w+|[\w .'’-]{1,40}?) on (?:twitter|facebook|instagram|x|linkedin"
    r"|tiktok|youtube|threads|bluesky|telegram|whatsapp|google news).{0,100}",
    r"(?:copy link|link copied|click here\b.{0,150}|(?:\d+\s+)?comments?|view comments"
    r"|leave a comment|show comments|join the conversation.{0,60})",
    # Navigation and page tools.
    r"back to (?:the )?top|(?:skip|jump) to (?:main )?content|print (?:this )?(?:page|article)",
    r"comments?\s*\(\d+\)|\d+\s+comments?|(?:show|hide|view|read|load) (?:all )?\d*\s*comments?",
    r"(?:share (?:on|via|to) [\w ]{1,20}?\s*)+",
    r"(?:watch|see) (?:the )?video(?: above| below| here)?.{0,40}",
    r"listen to (?:this )?(?:article|story|podcast)\b.{0,40}",
    r"get (?:the )?(?:latest|best|top)\b.{0,80}\b(?:inbox|newsletter|alerts?)\b.{0,80}",
    r"(?:(?:terms (?:of|and) (?:use|service|conditions)|privacy(?: policy| notice)?|cookies?"
    r"(?: policy| settings| preferences)?|contact(?: us)?|about(?: us)?|advertise(?: with us)?"
    r"|careers|help|faqs?|sitemap|site map|accessibility|subscriptions?|corrections|rss)"
    r"(?:\s*[|·•/]\s*|\s+(?=\w))?){2,}",
    r"(?:want|like) more\b.{0,60}\?\s*(?:sign up|subscribe|get)\b.{0,120}",
    r"subscribe to\b.{0,60}\bto (?:bookmark|save|read|continue|unlock)\b.{0,80}",
    r"have a (?:news )?tip\?.{0,120}",
    r"(?:people are also reading|most read today|more to explore|you may have missed)\W{0,3}",
    r"this (?:story|article) (?:originally |first )?(?:appeared|was published)"
    r" (?:in|on|at)\b.{0,120}",
    r"[\w .'’-]{2,40} can be reached at\b.{0,120}",
    r"\d{1,3} of \d{1,3}",
    r"(?:instagram|twitter|x|facebook|tiktok|youtube) content",
    r"this content can also be viewed on the site it originates from\.?",
    # Picture and video credits.
    r"(?:photo|photograph|picture|image|pic|video|graphic|illustration|caption)s?"
    r"(?:\s+(?:credit|copyright|caption|courtesy))?\s*(?::|by\b|©).{0,180}",
    r"(?:image|media|photo) (?:copyright|caption|credit)\b.{0,180}",
    r"\((?:[^()]{0,80}[/,;]\s*)?(?:getty(?: images)?|afp|reuters|ap(?: photo)?|epa|ansa"
    r"|shutterstock|file photo|file|photo|pa(?: media| wire)?|xinhua|bloomberg|dpa)"
    r"(?:[/,;\s][^()]{0,80})?\)",
    # Copyright lines.
    r"©.{0,100}",
    r"(?:copyright\s*(?:©|\(c\))?|\(c\))\s*\d{4}\b.{0,100}",
    r".{0,150}\ball rights reserved\b.{0,40}",
    r"this (?:material|article|story|content) may not be (?:published|reproduced|copied)\b.{0,120}",
    # Tag lists and "read more" links.
    r"(?:tags|topics|filed under|related topics|keywords)\s*:.{0,200}",
    r"(?:read more|read also|also read|see also|related|more on this(?: story)?|recommended)"
    r"\s*:.{0,160}",
    # Reuters-style credits at the foot of a story.
    r"\((?:additional )?(?:reporting|writing|editing|compiled|edited) by [^)]{0,200}\)",
]
BOILERPLATE_LINE = re.compile(
    r"^(?:" + "|".join(_LINE_PATTERNS) + r")[.!]?$", re.IGNORECASE | re.DOTALL
)
# Wire sign-offs that end a story: "Reuter", "REUTER^M", "MORE", AFP desk tags "jm/dw".
SIGN_OFF = re.compile(
    r"^(?:reuters?|reute|more|ends|end|-?\s*ends?\s*-|###|-30-|\(end\)"
    r"|[a-z]{1,6}(?:[-/][a-z]{1,6}){1,4})(?:\.\.\.)?(?:\^m)?$",
    re.IGNORECASE,
)
REUTERS_SIGN_OFF = re.compile(r"^reuters?", re.IGNORECASE)
# A sign-off glued to the last line: "... NIL. REUTER11:43/VB", "...22.....0 REUTER".
SIGN_OFF_TAIL = re.compile(
    r"(?:\s+REUTERS?|(?<=[.!?\"'”])\s+[Rr]euters?)(?:\.\.\.)?(?:\^M)?(?:\d\d:\d\d/\w+)?\s*$"
)
RELATED_HEADING = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|news|content|coverage|links|topics|reading|posts))?"
    r"|more (?:from|on|about|in)\b.{1,40}|more (?:stories|news|headlines|articles)"
    r"|read more|read also|also read|see also|you (?:may|might) (?:also )?(?:like|enjoy)"
    r"|recommended(?: for you| stories| articles)?|most (?:read|popular|viewed|shared)"
    r"|trending(?: now| stories)?|latest (?:news|stories|headlines)|top stories"
    r"|further reading|what to read next|other news|in other news|more headlines"
    r"|editor'?s picks|don'?t miss)\s*:?$",
    re.IGNORECASE,
)
SEPARATOR = re.compile(r"^[-–—_*•·=~#|+.\s]{1,20}$")
# What opens an item of a list: a bullet or dash, or a number ("3." "3)").
_LIST_MARK = r"(?:[-–—•*·▪►▸]|\d{1,2}[.)])"
LIST_MARKER = re.compile(rf"^{_LIST_MARK}\s+")
BULLET = re.compile(rf"^\s*{_LIST_MARK}\s+\S")
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+[A-Z“\"]")
TERMINAL_PUNCTUATION = (".", "!", "?", '"', "”", "’", "'", ")", ":", ";")


def is_boilerplate_line(text: str) -> bool:
    """Return whether a whole line is page furniture (a prompt, a credit, a copyright line)."""
    return len(text) <= MAX_BOILERPLATE_LENGTH + 100 and bool(BOILERPLATE_LINE.match(text))


def is_sign_off(text: str) -> bool:
    """Return whether a line is a wire sign-off that ends a story ("Reuter", "MORE")."""
    return len(text) <= 30 and bool(SIGN_OFF.match(text))


def is_separator(text: str) -> bool:
    """Return whether a line only separates items ("-", "***", "• • •")."""
    return bool(SEPARATOR.match(text))


def looks_like_headline(text: str) -> bool:
    """Return whether text is short and single-sentence, as a linked headline is."""
    return len(text) <= MAX_HEADLINE_LENGTH and not SENTENCE_BREAK.search(text)


def trailing_link_lists(texts: list[str]) -> set[int]:
    """Return the indexes of texts that belong to lists of other stories' headlines."""
    found: set[int] = set()
    for index, text in enumerate(texts):
        if RELATED_HEADING.match(text):
            found.add(index)
            for following in range(index + 1, len(texts)):
                item = texts[following]
                if not (is_separator(item) or looks_like_headline(item) or _is_bullet_list(item)):
                    break
                found.add(following)
    found |= _separated_headlines(texts)
    return found


def _separated_headlines(texts: list[str]) -> set[int]:
    """Return the indexes of a closing run of headlines set apart by separator lines."""
    start = len(texts)
    separators = items_in_a_row = 0
    for index in range(len(texts) - 1, -1, -1):
        text = texts[index]
        if is_separator(text):
            separators += 1
            items_in_a_row = 0
        else:
            items_in_a_row += 1
            # A list separates every item or two; more in a row is the story itself.
            if items_in_a_row > 2 or not looks_like_headline(text):
                break
        start = index
    # Walk forward to the first separator: the text just before it may be the story's last line.
    while start < len(texts) and not is_separator(texts[start]):
        start += 1
    if separators < 2 or start >= len(texts):
        return set()
    # A headline right before the first separator belongs to the list if it does not read
    # like the end of a sentence.
    if start > 0 and _is_unpunctuated_headline(texts[start - 1], texts[start:]):
        start -= 1
    return set(range(start, len(texts)))


def _is_unpunctuated_headline(text: str, rest: list[str]) -> bool:
    """Return whether text reads as a headline that opens a separated list."""
    separators_follow = rest and is_separator(rest[0]) and len(rest) > 1
    return bool(separators_follow and looks_like_headline(text)) and not text.endswith(
        TERMINAL_PUNCTUATION
    )


def _is_bullet_list(text: str) -> bool:
    """Return whether every line of text is a bullet item."""
    return all(BULLET.match(line) for line in text.split("\n"))
