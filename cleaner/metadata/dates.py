"""Date parsing and normalisation for `date_published` / `date_modified`.

Policy (the README repeats it):

- Output is ISO 8601. A value with a time keeps hours, minutes and seconds
  ("2023-09-19T12:03:00"); fractions of a second are dropped. A date-only value stays
  date-only ("2023-09-19"): we never invent midnight.
- A value that carries an offset keeps it exactly ("+05:30" stays "+05:30", "Z" and "GMT"
  become "+00:00"); it is never converted to UTC or to another zone, so 13:18+09:00 never
  turns into 04:18 or 01:18.
- A value without an offset: if the caller gives a time zone (a rule's `timezone`, an IANA
  name such as "Europe/Berlin"), that zone's offset for that instant is attached; otherwise
  the value stays naive (no offset is guessed, and `tz_source` in provenance says "none").
- Nothing later than the fetch date is accepted: such a value is rejected, not clamped.
  Aware values are compared exactly (one hour of clock slack); when either side is naive the
  comparison allows 14 hours, the widest UTC offset, so a local time is never wrongly
  rejected.
- Numeric day/month order: day first (dd/mm/yyyy, dd.mm.yyyy), except when the second number
  cannot be a month (> 12); with `dayfirst=False` (callers pass it for en-US pages) month
  first, except when the first number cannot be a month.
- A 12-hour clock mark is read wherever a time is ("2024-11-06 01:18 PM" is 13:18, "12:05
  AM" is 00:05); a mark beside an hour over 12 makes the time unreadable: date only.
- A date taken from the URL is a last resort (provenance "url"), used only when no markup or
  visible dateline gave one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["MONTH_NAMES", "ParsedDate", "date_from_url", "not_after", "parse_date", "to_iso"]

# Years outside this range are misreadings (phone numbers, legal references: htmldate#8).
_MIN_YEAR, _MAX_YEAR = 1900, 2100
# Slack when comparing with the fetch date: 1 h between two aware instants (clock skew);
# 14 h when either is naive (the widest UTC offset, UTC+14).
_AWARE_SLACK = timedelta(hours=1)
_NAIVE_SLACK = timedelta(hours=14)

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "january jan januar jänner janvier enero gennaio janeiro januari stycznia января січня leden ledna",
        "february feb februar février fevrier febrero febbraio fevereiro februari lutego февраля лютого",
        "march mar märz maerz mars marzo março marco maart marca марта березня",
        "april apr avril abril aprile kwietnia апреля квітня",
        "may mai mayo maggio maio mei maja мая травня",
        "june jun juni juin junio giugno junho czerwca июня червня",
        "july jul juli juillet julio luglio julho lipca июля липня",
        "august aug août aout agosto augustus sierpnia августа серпня",
        "september sep sept septembre septiembre setiembre settembre setembro września сентября вересня",
        "october oct oktober okt octobre octubre ottobre outubro października октября жовтня",
        "november nov novembre noviembre novembro listopada ноября листопада",
        "december dec dezember dez décembre decembre diciembre dicembre dezembro grudnia декабря грудня",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS[_n] = _num

MONTH_NAMES = frozenset(_MONTHS)

# Abbreviations that are unambiguous enough to trust (IST, CST-China etc. are left out).
_TZ_ABBR = {
    "z": 0,
    "utc": 0,
    "gmt": 0,
    "ut": 0,
    "wet": 0,
    "bst": 60,
    "west": 60,
    "cet": 60,
    "mez": 60,
    "cest": 120,
    "mesz": 120,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "est": -300,
    "edt": -240,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "jst": 540,
    "kst": 540,
    "aest": 600,
    "aedt": 660,
}

_TZ = r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{2,4}T|MEZ|MESZ|MSK|UT)?"
_TIME = (
    r"(?:(?:\s*(?:T|,|\bat\b|\bum\b|\bà\b|\ba las\b|\balle\b|\bàs\b|[-–—|@/])?\s*)"
    r"(?P<H>\d{1,2})\s*[:h.]\s*(?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?\s*(?:uhr|h\b)?\s*" + _TZ + r")?"
)
# A 12-hour clock mark, not the start of a word ("01:18 PM", "1:18 p.m."; not "1:18 amid").
_AMPM = r"(?:(?P<ampm>[ap]\.?\s?m\.?)(?![^\W\d_])\s*)?"
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*"
    + _AMPM
    + _TZ
    + r")?",
    re.IGNORECASE,
)
_ISO_COMPACT = re.compile(
    r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})T(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?" + _TZ
)
_YMD_SLASH = re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})" + _TIME, re.IGNORECASE)
_NUMERIC = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})\s*[./-]\s*(?P<b>\d{1,2})\s*[./-]\s*(?P<y>\d{4})(?![\d/])" + _TIME,
    re.IGNORECASE,
)
_WORD = r"(?P<mon>[^\W\d_]{3,12})"
_DMY_TEXT = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?"
    + _WORD
    + r"\.?,?\s+(?:de\s+)?(?P<y>\d{4})(?:\s*г(?:ода|\.)?)?"
    + _TIME,
    re.IGNORECASE,
)
_MDY_TEXT = re.compile(
    _WORD + r"\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _TIME,
    re.IGNORECASE,
)
_RFC2822 = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}|[A-Z]{1,5})$"
)
_URL_DATE = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$)"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[/_.-]|$)"),
    # yyyymmdd as a path segment or ending the slug ("...-immune-responses-20191115/",
    # Quanta); never inside a longer number.
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:[/.]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:[_-]|$)"),
    # A month name ("/statements/2019/nov/18/", PolitiFact; "/2019/nov/18/" the Guardian).
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<mon>[a-z]{3,9})/(?P<d>[0-3]?\d)(?:/|$)",
               re.IGNORECASE),
)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed value: a datetime (with or without tzinfo) or a date; `tz_source` says where
    the offset came from: "value" (given in the page), "rule" (caller's zone) or "none"."""

    value: datetime | date
    tz_source: str = "none"

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, datetime)

    def iso(self) -> str:
        return to_iso(self.value)


def to_iso(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _offset(tz: str | None) -> tzinfo | None | bool:
    """tzinfo for a zone string; None when absent; False when present but unknown."""
    if not tz:
        return None
    t = tz.strip()
    low = t.lower()
    if low in _TZ_ABBR:
        return timezone(timedelta(minutes=_TZ_ABBR[low]))
    m = re.fullmatch(r"(?:utc|gmt)?\s*([+-])(\d{1,2}):?(\d{2})?", low)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        if minutes > 14 * 60:
            return False
        return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    return False


def _build(
    y: int, mo: int, d: int, groups: dict[str, str | None], tz_name: str | None
) -> ParsedDate | None:
    if not (_MIN_YEAR <= y <= _MAX_YEAR):
        return None
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    if groups.get("H") is None:
        return ParsedDate(day)
    h, mi, s = int(groups["H"] or 0), int(groups["M"] or 0), int(groups.get("S") or 0)
    ampm = (groups.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm:
        if not 1 <= h <= 12:
            return ParsedDate(day)
        h = h % 12 + (12 if ampm == "pm" else 0)
    if h > 23 or mi > 59 or s > 59:
        return ParsedDate(day)
    tzinfo_ = _offset(groups.get("tz"))
    if tzinfo_ is False:
        tzinfo_ = None  # an unknown abbreviation: keep the local time, naive
    dt = datetime(y, mo, d, h, mi, s)
    if tzinfo_ is not None:
        return ParsedDate(dt.replace(tzinfo=tzinfo_), "value")
    if tz_name and (zone := _zone(tz_name)) is not None:
        return ParsedDate(dt.replace(tzinfo=zone), "rule")
    return ParsedDate(dt)


def _fixed_offset(pd: ParsedDate) -> ParsedDate:
    """Replace a ZoneInfo by its fixed offset at that instant, so isoformat is stable."""
    v = pd.value
    if isinstance(v, datetime) and v.tzinfo is not None and not isinstance(v.tzinfo, timezone):
        off = v.utcoffset()
        if off is not None:
            return ParsedDate(v.replace(tzinfo=timezone(off)), pd.tz_source)
    return pd


def parse_date(
    text: str | None, *, tz: str | None = None, dayfirst: bool = True
) -> ParsedDate | None:
    """Parse the first date in `text` (ISO, RFC 2822, numeric, or with a month name)."""
    if not text:
        return None
    s = text.strip()
    if not s or len(s) > 300:
        s = s[:300]
    pd = _parse(s, tz, dayfirst)
    return _fixed_offset(pd) if pd is not None else None


def _parse(s: str, tz: str | None, dayfirst: bool) -> ParsedDate | None:
    m = _ISO.search(s)
    if m:
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), m.groupdict(), tz)
    m = _ISO_COMPACT.search(s)
    if m:
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), m.groupdict(), tz)
    if _RFC2822.match(s):
        try:
            dt = parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            dt = None
        if dt is not None and _MIN_YEAR <= dt.year <= _MAX_YEAR:
            if dt.tzinfo is None and tz and (zone := _zone(tz)) is not None:
                return ParsedDate(dt.replace(tzinfo=zone), "rule")
            return ParsedDate(dt, "value" if dt.tzinfo else "none")
    m = _YMD_SLASH.search(s)
    if m:
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), m.groupdict(), tz)
    m = _NUMERIC.search(s)
    if m:
        a, b = int(m["a"]), int(m["b"])
        if a > 12 or (dayfirst and b <= 12):
            d, mo = a, b
        else:
            mo, d = a, b
        return _build(int(m["y"]), mo, d, m.groupdict(), tz)
    for rx in (_DMY_TEXT, _MDY_TEXT):
        for m in rx.finditer(s):
            mon = _MONTHS.get(m["mon"].lower().rstrip("."))
            if mon:
                return _build(int(m["y"]), mon, int(m["d"]), m.groupdict(), tz)
    return None


def date_from_url(url: str | None) -> ParsedDate | None:
    """A yyyy/mm/dd (or yyyy-mm-dd, yyyymmdd) date in a URL path; a last resort."""
    if not url:
        return None
    path = url.split("?", 1)[0]
    for rx in _URL_DATE:
        m = rx.search(path)
        if m:
            month = _MONTHS.get(m["mon"].lower()) if "mon" in rx.groupindex else int(m["m"])
            pd = _build(int(m["y"]), month, int(m["d"]), {}, None) if month else None
            if pd is not None:
                return pd
    return None


def _as_utc_naive(v: datetime | date) -> tuple[datetime, bool]:
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            off = v.utcoffset() or timedelta(0)
            return (v.replace(tzinfo=None) - off), True
        return v, False
    return datetime(v.year, v.month, v.day), False


def not_after(value: ParsedDate, fetched: ParsedDate | None) -> bool:
    """True when `value` is not later than the fetch date (see the module policy)."""
    if fetched is None:
        return True
    a, a_aware = _as_utc_naive(value.value)
    b, b_aware = _as_utc_naive(fetched.value)
    if not isinstance(fetched.value, datetime):
        b = b + timedelta(days=1) - timedelta(seconds=1)  # a fetch date means "that whole day"
    slack = _AWARE_SLACK if (a_aware and b_aware) else _NAIVE_SLACK
    return a <= b + slack
