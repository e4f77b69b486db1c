"""Two matched claims -> the details they tell differently, by type, and a word-level diff.

A detail *conflicts* when both claims tell it about the same thing and
disagree: a weekday, month or time of day, or a number, that stands in the same
place in both sentences (the word before or after it is the same: "on Friday" /
"on Thursday", "2.6 rebounds" / "2.9 rebounds"); a speaker both name who is not
the same person or outlet; one claim negated and the other not. Numbers are
compared as quantities: "more than 800" agrees with 832 and "about 20 million"
with 20.4 million (within a quarter above a lower bound, a tenth around an
approximation), while "at least 384" and 832 disagree. A detail only one claim
gives, or two values in different places ("a report on Friday" / "told the media
Saturday"), is listed too, but is not a conflict: one report telling more than
another is coverage, not contradiction. Quotations worded differently are listed
and never a conflict: two outlets translating one speech differ in wording.

Types: ``number`` (numbers and amounts), ``date`` (weekdays, months, times of
day), ``name`` (people, places, organisations), ``speaker`` (who said or
reported it), ``quote`` (the words inside quotation marks), ``negation``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from ..english import MONTHS, TIMES_OF_DAY, WEEKDAYS, dates, mentions, negated, normalise, numbers, proper_names, quoted
from ..records import Difference, WordDiff

# The order in which the report lists differences: the details a fact-checker checks first.
KINDS = ("date", "number", "speaker", "name", "quote", "negation")

_DESCRIPTIONS = re.compile(r"^(?:the|a|an|he|she|they|it|his|her|its|their|our|we|i|you)\b", re.IGNORECASE)


def differences(
    here: str,
    there: str,
    *,
    here_speaker: str | None = None,
    there_speaker: str | None = None,
    compare_quotes: bool = True,
) -> tuple[Difference, ...]:
    """The details of ``here`` and ``there`` (English texts of two matched claims) that differ, by type.

    ``compare_quotes`` is False when one side is a translation: a translated
    quotation never has the English report's words, so its wording says nothing.
    """
    found: list[Difference] = []
    words_here, words_there = _tokens(here), _tokens(there)
    for a, b in _dates(here, there):
        conflict = any(_aligned(x, words_here, y, words_there) for x in a for y in b)
        found.append(Difference("date", a, b, conflict=conflict))
    number = _number_difference(here, there, words_here, words_there)
    if number:
        found.append(number)
    norm_here, norm_there = normalise(here).split(), normalise(there).split()
    speaker = _speaker_difference(norm_here, norm_there, here_speaker, there_speaker)
    if speaker:
        found.append(speaker)
    a, b = proper_names(here), proper_names(there)
    only_a = tuple(sorted(n for n in a if not mentions(norm_there, n)))
    only_b = tuple(sorted(n for n in b if not mentions(norm_here, n)))
    if only_a or only_b:
        found.append(Difference("name", only_a, only_b, conflict=False))
    if compare_quotes:
        qa, qb = quoted(here), quoted(there)
        if qa and qb and fuzz.token_set_ratio(" ".join(sorted(qa)), " ".join(sorted(qb))) < 60:
            found.append(Difference("quote", tuple(sorted(qa)), tuple(sorted(qb)), conflict=False))
    if negated(here) != negated(there):
        found.append(Difference("negation", ("negated",) if negated(here) else (), ("negated",) if negated(there) else (), conflict=True))
    found.sort(key=lambda d: KINDS.index(d.kind))
    return tuple(found)


_TOKEN = re.compile(r"\d+(?:[ ,.]\d{3})*(?:[.,]\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)?")


def _tokens(text: str) -> list[str]:
    """Words casefolded and numbers as values ("14,000" -> "14000"), in order: where a detail stands."""
    out = []
    for token in _TOKEN.findall(unicodedata.normalize("NFKC", text)):
        value = numbers(token)
        out.append(next(iter(value)) if token[:1].isdigit() and value else token.casefold())
    return out


def _aligned(a: str, words_a: list[str], b: str, words_b: list[str]) -> bool:
    """Whether ``a`` and ``b`` stand in the same place: the word before or after them is the same."""
    for i in (i for i, w in enumerate(words_a) if w == a):
        for j in (j for j, w in enumerate(words_b) if w == b):
            if i > 0 and j > 0 and words_a[i - 1] == words_b[j - 1]:
                return True
            if i + 1 < len(words_a) and j + 1 < len(words_b) and words_a[i + 1] == words_b[j + 1]:
                return True
    return False


def _dates(here: str, there: str):
    """(only here, only there) for each date slot the two texts fill differently."""
    a, b = dates(here), dates(there)
    for slot in (WEEKDAYS, MONTHS, TIMES_OF_DAY):
        sa, sb = a & set(slot), b & set(slot)
        if sa != sb and not (sa & sb):
            yield tuple(sorted(sa, key=slot.index)), tuple(sorted(sb, key=slot.index))


# Words before a number that make it a bound or an approximation, not an exact count.
_LOWER = ("more than", "over", "above", "at least", "upwards of", "in excess of", "exceeding")
_UPPER = ("less than", "under", "below", "fewer than", "up to", "at most", "no more than")
_APPROXIMATE = ("about", "around", "nearly", "almost", "some", "roughly", "approximately", "close to", "an estimated", "estimated")
# How far above a lower bound (or below an upper one) a count can be and still be what the
# bound reports ("more than 800" for 832); how far an approximation may be off ("about 20 million").
BOUND_SLACK = 0.25
APPROXIMATION_SLACK = 0.10


def _quantities(text: str, words: list[str]) -> dict[str, str]:
    """Each number's value -> how it is given: "exact", "lower", "upper" or "approximate"."""
    lowered = " ".join(words)
    out = {}
    for value in numbers(text):
        how = "exact"
        for kind in ("lower", "upper", "approximate"):
            if _qualified(kind, value).search(lowered):
                how = kind
                break
        out[value] = how
    return out


@lru_cache(maxsize=4096)
def _qualified(kind: str, value: str) -> re.Pattern:
    """The pattern of ``value`` after one of the words that make it a bound or an approximation."""
    qualifier = {"lower": _LOWER, "upper": _UPPER, "approximate": _APPROXIMATE}[kind]
    return re.compile(r"\b(?:" + "|".join(re.escape(q) for q in qualifier) + r")\s+" + re.escape(value) + r"\b")


def _consistent(a: str, how_a: str, b: str, how_b: str) -> bool:
    """Whether two quantities can report the same count."""
    x, y = float(a), float(b)
    if x == y:
        return True
    for (v, how), w in (((x, how_a), y), ((y, how_b), x)):
        if how == "lower" and v <= w <= v * (1 + BOUND_SLACK):
            return True
        if how == "upper" and v * (1 - BOUND_SLACK) <= w <= v:
            return True
        if how == "approximate" and abs(v - w) <= APPROXIMATION_SLACK * max(abs(v), abs(w)):
            return True
    return False


def _number_difference(here: str, there: str, words_here: list[str], words_there: list[str]) -> Difference | None:
    qa, qb = _quantities(here, words_here), _quantities(there, words_there)
    only_a = {a for a in qa if not any(_consistent(a, qa[a], b, qb[b]) for b in qb)}
    only_b = {b for b in qb if not any(_consistent(a, qa[a], b, qb[b]) for a in qa)}
    if not only_a and not only_b:
        return None
    conflict = any(_aligned(a, words_here, b, words_there) for a in only_a for b in only_b)
    return Difference("number", tuple(sorted(only_a)), tuple(sorted(only_b)), conflict=conflict)


def _speaker_difference(here: list[str], there: list[str], a: str | None, b: str | None) -> Difference | None:
    """A conflict when both claims name who said them and they are not the same person or outlet.

    ``here`` and ``there`` are the two texts as normalised words.
    """
    if not a or not b:
        return None
    if _DESCRIPTIONS.match(a) or _DESCRIPTIONS.match(b) or not a[:1].isupper() or not b[:1].isupper():
        return None  # "the Chinese leader", "programmet": a description, not a name to compare
    if normalise(a) == normalise(b):
        return None  # the same name, even one that is no name part ("Friday")
    a_words, b_words = normalise(a).split(), normalise(b).split()
    if mentions(a_words, b) or mentions(b_words, a) or mentions(here, b) or mentions(there, a):
        return None
    return Difference("speaker", (a,), (b,), conflict=True)


def word_diff(here: str, there: str) -> WordDiff:
    """Both texts as runs of words, each run marked when the other text lacks it.

    Words are compared normalised (case, punctuation) with rapidfuzz's
    ``Indel.opcodes`` over the two word lists (insertions and deletions only,
    so the common words are the longest common subsequence; Levenshtein's
    substitutions would swap whole runs and hide words the two share); what is
    kept is the text as written. The renderers mark and escape it.
    """
    words_a, words_b = here.split(), there.split()
    keys_a = [normalise(w) or w for w in words_a]
    keys_b = [normalise(w) or w for w in words_b]
    runs_a: list[tuple[str, bool]] = []
    runs_b: list[tuple[str, bool]] = []
    for tag, a0, a1, b0, b1 in Indel.opcodes(keys_a, keys_b).as_list():
        chunk_a, chunk_b = " ".join(words_a[a0:a1]), " ".join(words_b[b0:b1])
        if tag == "equal":
            runs_a.append((chunk_a, False))
            runs_b.append((chunk_b, False))
            continue
        if chunk_a:
            runs_a.append((chunk_a, True))
        if chunk_b:
            runs_b.append((chunk_b, True))
    return WordDiff(tuple(runs_a), tuple(runs_b))
