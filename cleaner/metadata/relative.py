"""Relative dates ("2 hours ago", "vor 2 Stunden", "il y a 3 jours", "4 tahun lalu") in the
article's head, resolved against the fetch date, never the clock of the machine that runs
the build (USER_NEEDS B9). The record says so: `date_source` is "relative"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from cleaner.metadata.dates import ParsedDate
from cleaner.metadata.headzone import head_lines

# Unit words -> (timedelta keyword, days per unit for the long units). Minutes and hours keep
# a time of day; days and longer give a date only (the hour is not known).
_UNITS = {
    "second": "seconds", "seconds": "seconds", "sekunde": "seconds", "sekunden": "seconds",
    "seconde": "seconds", "secondes": "seconds", "segundo": "seconds", "segundos": "seconds",
    "detik": "seconds",
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "minuten": "minutes", "minuto": "minutes", "minutos": "minutes", "minuti": "minutes",
    "menit": "minutes",
    "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours", "stunde": "hours",
    "stunden": "hours", "heure": "hours", "heures": "hours", "hora": "hours", "horas": "hours",
    "ora": "hours", "ore": "hours", "jam": "hours",
    "day": "days", "days": "days", "tag": "days", "tagen": "days", "tage": "days",
    "jour": "days", "jours": "days", "día": "days", "días": "days", "dia": "days",
    "dias": "days", "giorno": "days", "giorni": "days", "hari": "days",
    "week": "weeks", "weeks": "weeks", "woche": "weeks", "wochen": "weeks",
    "semaine": "weeks", "semaines": "weeks", "semana": "weeks", "semanas": "weeks",
    "settimana": "weeks", "settimane": "weeks", "minggu": "weeks",
    "month": "months", "months": "months", "monat": "months", "monaten": "months",
    "mois": "months", "mes": "months", "meses": "months", "mese": "months", "mesi": "months",
    "bulan": "months",
    "year": "years", "years": "years", "jahr": "years", "jahren": "years", "an": "years",
    "ans": "years", "año": "years", "años": "years", "ano": "years", "anos": "years",
    "anno": "years", "anni": "years", "tahun": "years",
}
_UNIT = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_NUMBER = r"\d{1,3}|an?|one|eine[nm]?|un[ea]?|uno"
# The whole short line is the relative date, with an optional label ("Updated", "Publié").
# One alternative per word order; group k holds the number and u<k> the unit.
_FORMS = (r"(?P<n1>{n})\s+(?P<u1>{u})\.?\s+(?:ago|lalu|fa)", r"vor\s+(?P<n2>{n})\s+(?P<u2>{u})",
          r"il y a\s+(?P<n3>{n})\s+(?P<u3>{u})", r"hace\s+(?P<n4>{n})\s+(?P<u4>{u})",
          r"h[aá]\s+(?P<n5>{n})\s+(?P<u5>{u})")
_RELATIVE = re.compile(
    r"^(?:[\w ]{0,20}[:|•·]\s*)?(?:"
    + "|".join(form.format(n=_NUMBER, u=_UNIT) for form in _FORMS) + r")\.?$",
    re.IGNORECASE)
_APPROX_DAYS = {"months": 30, "years": 365}


def find_relative(page: Any) -> str | None:
    """The text of a relative-date line in the article's head, if any (`page`: the document
    root or its PageIndex)."""
    for line in head_lines(page, 60):
        if _RELATIVE.match(line.text) and not _MODIFIED_LABEL.search(line.text):
            return line.text
    return None


# "Updated 2 hours ago" dates a modification, never the publication.
_MODIFIED_LABEL = re.compile(r"updat|aktualisi|mis à jour|actualiz|aggiorn|modif", re.IGNORECASE)


def resolve(text: str, fetched: ParsedDate | None) -> ParsedDate | None:
    """The date a relative expression names, counted back from the fetch date; None without
    a fetch date that has a time (a relative date cannot be resolved against nothing)."""
    m = _RELATIVE.match(text.strip())
    if not m or fetched is None or not isinstance(fetched.value, datetime):
        return None
    k = next(i for i in range(1, len(_FORMS) + 1) if m.group(f"u{i}"))
    unit = _UNITS[m.group(f"u{k}").lower()]
    number = m.group(f"n{k}").lower()
    count = int(number) if number.isdigit() else 1
    if unit in _APPROX_DAYS:
        delta = timedelta(days=count * _APPROX_DAYS[unit])
    else:
        delta = timedelta(**{unit: count})
    when = fetched.value - delta
    if unit in ("seconds", "minutes", "hours"):
        return ParsedDate(when, fetched.tz_source)
    return ParsedDate(when.date())
