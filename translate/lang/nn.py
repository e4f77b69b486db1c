"""Norwegian Nynorsk: the rules record. Bokmål's rules (nb.py) with Nynorsk's own words."""

from __future__ import annotations

import re

from . import NAME, LanguageRules
from .nb import ABBREVIATIONS, EXONYMS, MONTHS, TIMES_OF_DAY, source_after_ifølge

SPEECH_VERBS = (
    r"seier|sa|skriv|skreiv|opplyser|opplyste|meiner|meinte|fortel|fortalde|understrekar|understreka|"
    r"hevdar|hevda|peikar på|peika på|legg til|la til|melder|melde"
)
WEEKDAYS = {
    "måndag": "monday", "tysdag": "tuesday", "onsdag": "wednesday", "torsdag": "thursday",
    "fredag": "friday", "laurdag": "saturday", "sundag": "sunday",
}

RULES = LanguageRules(
    code="nn",
    name="Norwegian Nynorsk",
    sentencex="en",  # as for Bokmål (nb.py)
    abbreviations=ABBREVIATIONS | frozenset({"t.d."}),
    speech_verbs=SPEECH_VERBS,
    pronouns=frozenset({"han", "ho", "dei", "den", "det", "honom", "henne", "dei"}),
    attribution=(
        ("forward", re.compile(r"\b[Ii]følgje (?P<rest>[^,;]+)")),
        ("sentence", re.compile(r",\s*(?:" + SPEECH_VERBS + r") (?:(?:det|den|dei) )?(?:[a-zæøå-]+ ){0,4}?(?P<who>" + NAME + r"|han|ho)\b")),
        ("sentence", re.compile(r"(?:^|[\s,])(?P<who>" + NAME + r"|[Hh]an|[Hh]o)(?: [a-zæøå]+)? (?:" + SPEECH_VERBS + r")\b")),
    ),
    clause_split=re.compile(r",\s+(?:og|men)\s+(?=(?:han|ho|dei|vi|eg|dette|har|hadde|er|var|vil|skal|skulle|kan|kunne|må)\b)"),
    conjunctions=("og", "men"),
    name_openers=frozenset({"Det", "Den", "Dei", "I", "Eit", "Ein"}),
    dialogue_dash=True,
    name_from_phrase=source_after_ifølge,
    weekdays=WEEKDAYS,
    months=MONTHS,
    times_of_day=TIMES_OF_DAY,
    exonyms=EXONYMS,
    widgets=r"kommentarar?:?|del(?: artikkelen)?:?",
    cross_links=r"les òg|sjå òg|les meir",
    credits=r"bidrog til denne saka",
    photo_words=r"foto|bilete",
    byline_words=r"[Aa]v",
    dated_words=r"publisert|oppdatert",
)
