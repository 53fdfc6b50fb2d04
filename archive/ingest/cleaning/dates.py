"""Recognise publication dates in the forms news pages and wire records write them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

DAY, MINUTE, SECOND = "day", "minute", "second"
MIN_YEAR, MAX_YEAR = 1800, 2100
MAX_DATE_LINE_LENGTH = 90


def _fixed(hours: float) -> timezone:
    """Return a fixed offset of hours from UTC."""
    return timezone(timedelta(hours=hours))


# Abbreviations are ambiguous worldwide; these are the ones English-language news uses.
TIMEZONES = {
    "UTC": UTC,
    "GMT": UTC,
    "Z": UTC,
    "UT": UTC,
    "WET": UTC,
    "WEST": _fixed(1),
    "BST": _fixed(1),
    "IST": _fixed(5.5),
    "CET": _fixed(1),
    "CEST": _fixed(2),
    "MEZ": _fixed(1),
    "MESZ": _fixed(2),
    "EET": _fixed(2),
    "EEST": _fixed(3),
    "MSK": _fixed(3),
    "EST": _fixed(-5),
    "EDT": _fixed(-4),
    "CST": _fixed(-6),
    "CDT": _fixed(-5),
    "MST": _fixed(-7),
    "MDT": _fixed(-6),
    "PST": _fixed(-8),
    "PDT": _fixed(-7),
    "AKST": _fixed(-9),
    "AKDT": _fixed(-8),
    "HST": _fixed(-10),
    "JST": _fixed(9),
    "KST": _fixed(9),
    "HKT": _fixed(8),
    "SGT": _fixed(8),
    "AEST": _fixed(10),
    "AEDT": _fixed(11),
    "NZST": _fixed(12),
    "NZDT": _fixed(13),
    # Without a season these follow the zone's rules on the day.
    "ET": ZoneInfo("America/New_York"),
    "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"),
    "PT": ZoneInfo("America/Los_Angeles"),
}

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# A month's English name or abbreviation, with an optional full stop ("Sept.", "March"):
# dates and datelines both read months with it.
MONTH_WORDS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
MONTH_NAME = r"(?:" + MONTH_WORDS + r")\.?"
_MONTH = r"(?P<month>" + MONTH_WORDS + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_ZONE_NAMES = "|".join(sorted(TIMEZONES, key=len, reverse=True))


def _time_pattern(prefix: str) -> str:
    """Return the pattern of a clock time and zone whose groups are named with prefix."""
    ampm = r"[ap]\.?\s?m\b\.?"
    return (
        rf"(?:(?P<{prefix}hour>\d{{1,2}})[:.h](?P<{prefix}minute>\d\d)"
        rf"(?::(?P<{prefix}second>\d\d)(?:\.\d{{1,6}})?)?(?:\s*(?P<{prefix}ampm>{ampm}))?"
        rf"|(?P<{prefix}hour12>\d{{1,2}})\s*(?P<{prefix}ampm12>{ampm}))"
        rf"(?:\s*\(?(?P<{prefix}zone>{_ZONE_NAMES}|[+-]\d\d:?\d\d)\b\)?)?"
    )


_TIME_AFTER = r"(?:(?:,|\s+at|\s+-|\s+\||\s*@)?\s*" + _time_pattern("") + r")?"
_TIME_BEFORE = r"(?:" + _time_pattern("lead_") + r"(?:,|\s+on|\s+-|\s+\|)?\s+)?"

_MONTH_FIRST = _WEEKDAY + _MONTH + r"\s*" + _DAY + r"(?:,\s*|\s+)" + _YEAR
_DAY_FIRST = _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR
_NUMERIC = _WEEKDAY + r"(?P<first>\d{1,2})(?P<sep>[/.])(?P<second_part>\d{1,2})(?P=sep)" + _YEAR

DATE_PREFIX = (
    r"(?:(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|created|released)"
    r"|date(?:d|\s+published)?|pub(?:lished)?\s+date)"
    r"(?:\s+(?:on|at))?\s*[:\-\u2013\u2014]?\s*)?"
)

TEXT_DATE_FORMS = [
    re.compile(r"^" + DATE_PREFIX + _TIME_BEFORE + form + _TIME_AFTER + r"\.?$", re.IGNORECASE)
    for form in (_MONTH_FIRST, _DAY_FIRST, _NUMERIC)
]
ISO_FORM = re.compile(
    r"^" + DATE_PREFIX + r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)"
    r"(?:[T ](?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d)(?P<fraction>[.,]\d{1,9})?)?"
    r"(?:\s*(?P<zone>Z|[+-]\d\d(?::?\d\d)?|" + _ZONE_NAMES + r"))?)?$",
    re.IGNORECASE,
)
# Reuters-21578 wire stamps, some garbled in the time part: "31-MAR-1987 605:12:19.12".
WIRE_STAMP = re.compile(
    r"^\s*(?P<day>\d{1,2})-(?P<month>[A-Za-z]{3})-(?P<year>\d{4})"
    r"(?:\s+(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)(?:\.\d+)?)?"
)
EPOCH = re.compile(r"^\s*-?\d{9,13}(?:\.\d+)?\s*$")
AMPM_DOTS = re.compile(r"\b([ap])\.?\s?m\.?", re.IGNORECASE)


def parse_date(text: str) -> tuple[datetime, str] | None:
    """Return the aware datetime and precision of a date written as a whole line, or None."""
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    if not text or len(text) > MAX_DATE_LINE_LENGTH:
        return None
    match = ISO_FORM.match(text)
    if match:
        return _parse_iso(match)
    for form in TEXT_DATE_FORMS:
        match = form.match(text)
        if match:
            return _parse_text_date(match)
    return None


UPDATED_PREFIX = re.compile(
    r"^\s*(?:last\s+)?(?:updated|modified|edited|revised|amended)\b", re.IGNORECASE
)


def date_line_kind(line: str) -> str:
    """Return "updated" for a date line that says when a story changed, else "published"."""
    return "updated" if UPDATED_PREFIX.match(line) else "published"


def is_date_line(line: str) -> bool:
    """Return whether a line is nothing but a date, optionally labelled ("Published: ...")."""
    return parse_date(line) is not None


def parse_record_date(value: object) -> tuple[datetime, str] | None:
    """Return the aware datetime and precision of a record's date field, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, datetime):
        return _checked(_aware(value), SECOND)
    if isinstance(value, date):
        return _checked(datetime(value.year, value.month, value.day, tzinfo=UTC), DAY)
    if isinstance(value, int | float):
        return _from_epoch(value)
    if not isinstance(value, str):
        return None
    if EPOCH.match(value):
        return _from_epoch(float(value))
    found = parse_date(value)
    if found:
        return found
    match = WIRE_STAMP.match(value)
    if match:
        return _parse_wire_stamp(match)
    return None


def _parse_iso(match: re.Match) -> tuple[datetime, str] | None:
    """Return the date of an ISO 8601 match, or None when it is impossible."""
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not _valid_day(year, month, day):
        return None
    if match["hour"] is None:
        return _day_result(year, month, day)
    clock = f"{match['hour']}:{match['minute']}:{match['second'] or '00'}"
    fraction = (match["fraction"] or "").replace(",", ".")[:7]
    try:
        moment = dateutil_parser.isoparse(f"{year:04d}-{month:02d}-{day:02d}T{clock}{fraction}")
    except (ValueError, OverflowError):
        return None
    return _zoned(moment, match["zone"], SECOND if match["second"] else MINUTE)


def _parse_text_date(match: re.Match) -> tuple[datetime, str] | None:
    """Return the date of a written-out or numeric date match, or None when impossible."""
    groups = match.groupdict()
    if groups.get("first"):
        day_month = _numeric_day_month(int(groups["first"]), int(groups["second_part"]))
        if day_month is None:
            return None
        day, month = day_month
    else:
        day, month = int(groups["day"]), MONTHS[groups["month"][:3].lower()]
    year = int(groups["year"])
    if not _valid_day(year, month, day):
        return None
    prefix = "lead_" if (groups["lead_hour"] or groups["lead_hour12"]) else ""
    hour = groups[prefix + "hour"] or groups[prefix + "hour12"]
    if hour is None:
        return _day_result(year, month, day)
    ampm = groups[prefix + "ampm"] or groups[prefix + "ampm12"] or ""
    second = groups[prefix + "second"]
    clock = f"{hour}:{groups[prefix + 'minute'] or '00'}:{second or '00'}"
    if ampm:
        clock += " " + AMPM_DOTS.sub(r"\1m", ampm)
    try:
        moment = dateutil_parser.parse(f"{year:04d}-{month:02d}-{day:02d} {clock}")
    except (ValueError, OverflowError):
        return None
    return _zoned(moment, groups[prefix + "zone"], SECOND if second else MINUTE)


def _zoned(moment: datetime, zone: str | None, precision: str) -> tuple[datetime, str] | None:
    """Return moment in the named zone or offset (UTC when none) with its precision."""
    if zone:
        zone = zone.upper()
        if zone[0] in "+-":
            digits = zone[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:] or 0)
            if hours > 14 or minutes > 59:
                return None
            sign = -1 if zone[0] == "-" else 1
            tzinfo = timezone(sign * timedelta(hours=hours, minutes=minutes))
        else:
            tzinfo = TIMEZONES[zone]
        moment = moment.replace(tzinfo=tzinfo)
    return _checked(_aware(moment), precision)


def _numeric_day_month(first: int, second: int) -> tuple[int, int] | None:
    """Return (day, month) for "first/second", reading day first unless that is impossible."""
    if 1 <= second <= 12:
        return first, second
    if 1 <= first <= 12:
        return second, first
    return None


def _parse_wire_stamp(match: re.Match) -> tuple[datetime, str] | None:
    """Return the moment of a wire stamp, or its day alone when the time is garbled."""
    month = MONTHS.get(match["month"].lower())
    if month is None or not _valid_day(match["year"], month, match["day"]):
        return None
    year, day = int(match["year"]), int(match["day"])
    if match["hour"] is not None:
        try:
            moment = datetime(
                year,
                month,
                day,
                int(match["hour"]),
                int(match["minute"]),
                int(match["second"]),
                tzinfo=UTC,
            )
            return _checked(moment, SECOND)
        except ValueError:
            pass
    # The time part is garbled; the day alone is still sound.
    return _day_result(year, month, day)


def _from_epoch(seconds: float) -> tuple[datetime, str] | None:
    """Return the moment of a Unix timestamp in seconds or milliseconds."""
    # Values this large are milliseconds (JavaScript timestamps).
    if abs(seconds) > 1e11:
        seconds /= 1000
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return _checked(moment, SECOND)


def _valid_day(year: int | str, month: int | str, day: int | str) -> bool:
    """Return whether the day exists and falls in the years an archive can hold."""
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return MIN_YEAR <= int(year) <= MAX_YEAR


def _day_result(year: int, month: int, day: int) -> tuple[datetime, str]:
    """Return midnight UTC of the day, with day precision."""
    return datetime(year, month, day, tzinfo=UTC), DAY


def _aware(moment: datetime) -> datetime:
    """Return moment with naive times read as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _checked(moment: datetime, precision: str) -> tuple[datetime, str] | None:
    """Return (moment, precision), or None when the year is out of range."""
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    return moment, precision
