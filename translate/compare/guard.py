"""A source sentence and its English -> the numbers, dates and names the English lost.

Before a difference between a translated article and an English report is
blamed on the outlets, the translation itself is checked: every number,
weekday, month, time of day and name of the source sentence must reappear in
its English. Numbers are compared as values (``14 000`` = ``14,000``, ``1,5`` =
``1.5``); dates through the source language's words for them (its rules record,
translate/lang/); names as written, with a genitive ``-s`` taken off, spelling
variants allowed (``Usjakov``/``Ushakov``) and the common exonyms of the rules
record (``Kina``/``China``).

A value missing from the English is a *translation issue*: the report shows it
beside the claim, and a told-differently pair that turns on that kind of detail
is flagged as possibly the translator's, not the outlet's.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..english import dates, normalise, numbers
from ..lang import UPPER, LanguageRules

_SOURCE_NAME = re.compile(rf"\b[{UPPER}][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[–—-]\s*|[«\"“]\s*)$")


def translation_issues(source: str, english: str, rules: LanguageRules) -> tuple[str, ...]:
    """What of ``source`` (in the language of ``rules``) its ``english`` lost: "kind: source value (expected English)" each."""
    issues: list[str] = []
    found_numbers = numbers(english)
    for value in sorted(numbers(source) - found_numbers):
        issues.append(f"number: {value}")
    english_words = set(normalise(english).split())
    english_dates = dates(english)
    for word in re.findall(r"[^\W\d_]+", source.casefold()):
        if word in rules.weekdays and rules.weekdays[word] not in english_dates:
            issues.append(f"date: {word} ({rules.weekdays[word]})")
        elif word in rules.months and rules.months[word] not in english_dates:
            issues.append(f"date: {word} ({rules.months[word]})")
        elif word in rules.times_of_day and not english_words & set(rules.times_of_day[word]):
            issues.append(f"date: {word} ({rules.times_of_day[word][0]})")
    for name in [] if rules.capitalised_nouns else _names(source):
        if not _rendered(name, english_words, rules):
            issues.append(f"name: {name}")
    return tuple(dict.fromkeys(issues))


def _names(source: str) -> list[str]:
    """Capitalised words of a sentence that do not open it or a quotation: names."""
    out = []
    for match in _SOURCE_NAME.finditer(source):
        if _SENTENCE_START.search(source[: match.start()]):
            continue
        out.append(match.group())
    return out


def _rendered(name: str, english_words: set[str], rules: LanguageRules) -> bool:
    key = name.casefold()
    candidates = {key}
    if key.endswith("s") and len(key) > 3:
        candidates.add(key[:-1])  # the genitive: Putins, Natos, Russlands
    expected = {rules.exonyms.get(c, c) for c in candidates}
    if expected & english_words:
        return True
    return any(len(e) > 3 and fuzz.ratio(e, w) >= 80 for e in expected for w in english_words if w[:1] == e[:1])
