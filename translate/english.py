"""English text analysis shared by the stages: normalising, stems, numbers, dates, names, quotations, attribution.

Every stage that reads English (the English of a translated claim included)
reads it through these functions, so "14,000" is one number and "Russia's" one
name everywhere. Nothing here decides anything about a pair of claims.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from .lang.en import MONTHS, TIMES_OF_DAY, WEEKDAYS

__all__ = [
    "MONTHS", "NEGATIONS", "STOP_WORDS", "TIMES_OF_DAY", "WEEKDAYS", "content_terms", "dates", "mentions",
    "name_stems", "negated", "normalise", "numbers", "proper_names", "quoted", "stem_words",
]

# The Snowball project's English stop-word list (snowballstem.org, BSD licence),
# plus modal verbs and the reporting verbs of news copy ("said", "told",
# "according"), which say who spoke, not what the claim is.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing would
    should could ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd
    he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't
    hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot
    couldn't mustn't let's that's who's what's here's there's when's where's why's how's a an the
    and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very
    will shall can may might must also said says say told tell tells according""".split()
)
NEGATIONS = frozenset("not no never neither nor none nobody nothing without n't".split())

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[ ,.]\d{3})*(?:[.,]\d+)?(?![\w])")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_QUOTED = re.compile(r"[“«\"]([^”»\"]+)[”»\"]")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z'’-]+|\b[A-Z]{2,}\b")
_MONTH_ABBREVIATIONS = {m[:3]: m for m in MONTHS} | {"sept": "september"}


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: the Snowball stemmers, compiled

    return Stemmer.Stemmer("english")


def stem_words(words: list[str]) -> list[str]:
    """Snowball (Porter 2) stems of English words, in order."""
    return _stemmer().stemWords(words)


# Characters that show nothing (or a hyphen only at a line break) but split or hide words for a machine:
# the soft hyphen, zero-width space, non-joiner and joiner, the word joiner and a stray byte-order mark.
# Web pages carry them (hyphenation hints, layout); matching and lookup read the text without them,
# while spans still point into the original.
INVISIBLE_IN_WORDS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_IN_WORDS = dict.fromkeys(map(ord, INVISIBLE_IN_WORDS))


def without_invisible(text: str) -> str:
    """``text`` without soft hyphens and zero-width characters (see ``INVISIBLE_IN_WORDS``)."""
    return text.translate(_INVISIBLE_IN_WORDS)


@lru_cache(maxsize=1 << 16)  # a claim is normalised for every pair it is judged in: once is enough
def normalise(text: str) -> str:
    """NFKC, straight apostrophes, casefolded, punctuation to spaces: what the fuzzy scorers see."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def content_terms(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) for each content word of an English text, in order."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    text = re.sub(r"'s\b", "", text)  # possessive: "Russia's" is Russia
    words = [w for w in re.findall(r"\w+", text.replace("'", " ")) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
    return list(zip(stem_words(words), words, strict=True))


def numbers(text: str) -> set[str]:
    """Numbers as values: "14 000", "14,000" and "14000" are one number; "1,5" and "1.5" another."""
    out = set()
    for raw in _NUMBER.findall(unicodedata.normalize("NFKC", text)):
        digits = raw.replace(" ", "")
        marks = re.findall(r"[,.]", digits)
        if len(set(marks)) == 1 and re.fullmatch(r"\d{1,3}([,.]\d{3})+", digits):
            digits = re.sub(r"[,.]", "", digits)  # thousands separators: "14,000", "1.234.567"
        elif marks:  # the last mark is the decimal one: "1,5", "1,628.26", "1.628,26"
            whole, fraction = digits[: digits.rfind(marks[-1])], digits[digits.rfind(marks[-1]) + 1 :]
            digits = re.sub(r"[,.]", "", whole) + "." + fraction
        out.add(digits)
    return out


def dates(text: str) -> set[str]:
    """Weekdays, months and times of day named in an English text."""
    words = set(re.findall(r"[a-z]+", text.casefold()))
    found = {w for w in words if w in WEEKDAYS or w in MONTHS or w in TIMES_OF_DAY}
    found |= {_MONTH_ABBREVIATIONS[w] for w in words if w in _MONTH_ABBREVIATIONS and text.find(w.capitalize() + ".") >= 0}
    return found - {"may"} if "may" in found and not re.search(r"\bMay\b", text) else found


def name_stems(text: str) -> set[str]:
    """Capitalised words not opening a sentence: people, places, organisations (stemmed, casefolded)."""
    stripped = text.strip().lstrip("\"“«‘'(–- ")
    body = stripped[len(stripped.split()[0]) :] if stripped.split() else ""
    found = {w.strip("'’").casefold() for w in _CAPITALISED.findall(body)}
    found -= {w for w in found if w in STOP_WORDS or w in WEEKDAYS or w in MONTHS}
    return set(stem_words(sorted(found)))


_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*")
# Capitalised words that open clauses or are titles, not names of someone or somewhere.
_NOT_NAMES = frozenset(
    """a an the in on at for after before according during since but and or as if when while with by from
    this that these those it its he she they we i our their his her there here what which who
    president minister secretary foreign defence defense state chinese russian western eastern""".split()
) | frozenset(WEEKDAYS) | frozenset(MONTHS)


def proper_names(text: str) -> set[str]:
    """Names of people, places and organisations as written: runs of capitalised words, titles and clause openers dropped."""
    out = set()
    for match in _NAME_RUN.finditer(text):
        words = [w for w in match.group().split() if w.casefold().strip("'’") not in _NOT_NAMES | STOP_WORDS]
        if words:
            out.add(" ".join(w.rstrip("'’s") if w.endswith(("'s", "’s")) else w for w in words))
    return out


def mentions(words: list[str], name: str) -> bool:
    """Whether a text (already split into ``normalise``d words) names ``name``: any of its words, spelling variants included (Usjakov/Ushakov)."""
    parts = [p for p in normalise(name).split() if p not in _NOT_NAMES]
    return any(part == w or (len(part) > 3 and fuzz.ratio(part, w) >= 80) for part in parts for w in words)


def quoted(text: str) -> set[str]:
    """The words inside quotation marks, normalised."""
    return {normalise(q) for q in _QUOTED.findall(text) if normalise(q)}


def negated(text: str) -> bool:
    """Whether a negation word is in the text ("not", "never", "no"; not the "no" of a compound: "no-limits")."""
    text = re.sub(r"\bno-(?=[a-z])", " ", text.casefold().translate(_APOSTROPHES))
    words = set(re.findall(r"[a-z']+", text))
    return bool(words & NEGATIONS) or any(w.endswith("n't") for w in words)
