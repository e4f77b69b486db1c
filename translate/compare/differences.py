"""Two matched claims -> the details they tell differently, by type, and a word-level diff.

A detail *conflicts* when both claims tell it and disagree: both give a weekday
and not the same one, both give numbers and share none, both name a speaker and
not the same person, one is negated and the other not. A detail only one claim
gives (a name, a number the other leaves out) is listed too, but is not a
conflict: one report telling more than another is coverage, not contradiction.

Types: ``number`` (numbers and amounts), ``date`` (weekdays, months, times of
day), ``name`` (people, places, organisations), ``speaker`` (who said or
reported it), ``quote`` (the words inside quotation marks), ``negation``.
"""

from __future__ import annotations

import re

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
    for kind, a, b in _dates(here, there):
        found.append(Difference(kind, a, b, conflict=bool(a and b)))
    a, b = numbers(here), numbers(there)
    if a != b and not (a and b and a & b):
        found.append(Difference("number", tuple(sorted(a - b)), tuple(sorted(b - a)), conflict=bool(a and b)))
    words_here, words_there = normalise(here).split(), normalise(there).split()
    speaker = _speaker_difference(words_here, words_there, here_speaker, there_speaker)
    if speaker:
        found.append(speaker)
    a, b = proper_names(here), proper_names(there)
    only_a = tuple(sorted(n for n in a if not mentions(words_there, n)))
    only_b = tuple(sorted(n for n in b if not mentions(words_here, n)))
    if only_a or only_b:
        found.append(Difference("name", only_a, only_b, conflict=False))
    if compare_quotes:
        qa, qb = quoted(here), quoted(there)
        if qa and qb and fuzz.token_set_ratio(" ".join(sorted(qa)), " ".join(sorted(qb))) < 60:
            found.append(Difference("quote", tuple(sorted(qa)), tuple(sorted(qb)), conflict=True))
    if negated(here) != negated(there):
        found.append(Difference("negation", ("negated",) if negated(here) else (), ("negated",) if negated(there) else (), conflict=True))
    found.sort(key=lambda d: KINDS.index(d.kind))
    return tuple(found)


def _dates(here: str, there: str):
    """(kind, only here, only there) for each date slot the two texts fill differently."""
    a, b = dates(here), dates(there)
    for slot in (WEEKDAYS, MONTHS, TIMES_OF_DAY):
        sa, sb = a & set(slot), b & set(slot)
        if sa != sb and not (sa & sb):
            # One side alone naming the slot is a detail, not a conflict; both naming it differently is.
            yield "date", tuple(sorted(sa, key=slot.index)), tuple(sorted(sb, key=slot.index))


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
