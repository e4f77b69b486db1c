"""A Norwegian sentence and its English -> the numbers, dates and names the English lost.

Before a difference between the Norwegian article and an English report is
blamed on the outlets, the translation itself is checked: every number, weekday,
month, time of day and name of the source sentence must reappear in its
English. Numbers are compared as values (``14 000`` = ``14,000``, ``1,5`` =
``1.5``); dates through a table of the Norwegian words; names as written, with
the Norwegian genitive ``-s`` taken off, spelling variants allowed
(``Usjakov``/``Ushakov``) and the common exonyms in a table (``Kina``/``China``).

A value missing from the English is a *translation issue*: the report shows it
beside the claim, and a told-differently pair that turns on that kind of detail
is flagged as possibly the translator's, not the outlet's.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .match import dates, normalise, numbers

NB_WEEKDAYS = {
    "mandag": "monday", "tirsdag": "tuesday", "onsdag": "wednesday", "torsdag": "thursday",
    "fredag": "friday", "lørdag": "saturday", "søndag": "sunday",
}
NB_MONTHS = {
    "januar": "january", "februar": "february", "mars": "march", "april": "april", "mai": "may", "juni": "june",
    "juli": "july", "august": "august", "september": "september", "oktober": "october", "november": "november",
    "desember": "december",
}
# A Norwegian time of day -> the English words that render it.
NB_TIMES = {
    "morgen": ("morning",), "morgenen": ("morning",), "formiddag": ("morning",), "formiddagen": ("morning",),
    "lunsjtid": ("lunchtime", "lunch", "noon", "midday"), "lunsjtider": ("lunchtime", "lunch", "noon", "midday"),
    "ettermiddag": ("afternoon",), "ettermiddagen": ("afternoon",), "kveld": ("evening", "night"),
    "kvelden": ("evening", "night"), "natt": ("night",), "natten": ("night",), "midnatt": ("midnight",),
}
# Names whose English form is not a spelling variant of the Norwegian one.
NB_EXONYMS = {
    "kina": "china", "russland": "russia", "usa": "us", "vesten": "west", "moskva": "moscow",
    "storbritannia": "britain", "stillehavsregionen": "pacific", "stillehavet": "pacific", "nato": "nato",
    "ol": "olympics", "fn": "un", "tyskland": "germany", "frankrike": "france", "sverige": "sweden",
    "danmark": "denmark", "norge": "norway", "hellas": "greece", "nederland": "netherlands", "italia": "italy",
    "spania": "spain", "polen": "poland", "tyrkia": "turkey", "sør-korea": "korea", "nord-korea": "korea",
    "jurij": "yuri", "sergej": "sergei", "vladimir": "vladimir",
}
_NB_NAME = re.compile(r"\b[A-ZÆØÅ][\wæøåÆØÅ'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[–—-]\s*|[«\"“]\s*)$")


def translation_issues(source: str, english: str) -> tuple[str, ...]:
    """What of ``source`` (Norwegian) its ``english`` lost: "kind: source value (expected English)" each."""
    issues: list[str] = []
    found_numbers = numbers(english)
    for value in sorted(numbers(source) - found_numbers):
        issues.append(f"number: {value}")
    english_words = set(normalise(english).split())
    english_dates = dates(english)
    for word in re.findall(r"[a-zæøå]+", source.casefold()):
        if word in NB_WEEKDAYS and NB_WEEKDAYS[word] not in english_dates:
            issues.append(f"date: {word} ({NB_WEEKDAYS[word]})")
        elif word in NB_MONTHS and NB_MONTHS[word] not in english_dates:
            issues.append(f"date: {word} ({NB_MONTHS[word]})")
        elif word in NB_TIMES and not english_words & set(NB_TIMES[word]):
            issues.append(f"date: {word} ({NB_TIMES[word][0]})")
    for name in _names(source):
        if not _rendered(name, english_words):
            issues.append(f"name: {name}")
    return tuple(dict.fromkeys(issues))


def _names(source: str) -> list[str]:
    """Capitalised words of a Norwegian sentence that do not open it or a quotation: names."""
    out = []
    for match in _NB_NAME.finditer(source):
        if _SENTENCE_START.search(source[: match.start()]):
            continue
        out.append(match.group())
    return out


def _rendered(name: str, english_words: set[str]) -> bool:
    key = name.casefold()
    candidates = {key}
    if key.endswith("s") and len(key) > 3:
        candidates.add(key[:-1])  # the genitive: Putins, Natos, Russlands
    expected = {NB_EXONYMS.get(c, c) for c in candidates}
    if expected & english_words:
        return True
    return any(len(e) > 3 and fuzz.ratio(e, w) >= 80 for e in expected for w in english_words if w[:1] == e[:1])
