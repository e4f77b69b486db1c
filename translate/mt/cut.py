"""A translated sentence -> the English of each claim cut from it.

The translator receives whole sentences (what MT systems are trained on and
translate best); the segmenter cuts some sentences into claims ("…, og han
understreker at …"). Each claim's English is then cut from its sentence's
translation, where the English carries the same clause:

1. The English sentence is cut by the English clause rules (the rules record's
   ``clause_split``: "…, and he stresses that …", "… and claimed that …"). When
   that gives as many parts as the source, those are the parts.
2. Otherwise each source cut is placed at the English sentence or clause
   boundary (". ", ", and", ", but", "; ", ", ", " and ") nearest to where it
   falls in the source, measured as a share of the characters. (A supplied
   translation of a whole paragraph is cut the same way into its sentences'
   claims.)
3. Where the English has no such boundary left, at the word boundary nearest
   to that share.

The parts always cover the whole translation, in order, with no overlap; each
keeps its own words (a part is never empty). Tested on the seed's four cut
sentences with the human reference translation and on cases written for it
(tests/test_mt.py).
"""

from __future__ import annotations

import re

from ..lang import rules_for

# English sentence and clause boundaries: where a cut is placed when the clause rules find none.
_BOUNDARIES = re.compile(r"(?<=[.!?][\"”’»)])\s+|(?<=[.!?])\s+|,\s+(?:and|but|while|whereas)\s+|;\s+|,\s+|\s+(?:and|but)\s+")


def cut_translation(parts: list[str], english: str) -> list[str]:
    """The English of each of ``parts`` (the claims of one source sentence, in order), cut from ``english``."""
    english = english.strip()
    if len(parts) <= 1:
        return [english]
    cuts = _clause_cuts(english)
    if len(cuts) != len(parts) - 1:
        cuts = _placed_cuts(parts, english)
    pieces = [english[start:end].strip() for start, end in zip([0, *cuts], [*cuts, len(english)], strict=True)]
    # Only an English of fewer words than the source has parts leaves a piece empty: it shares its neighbour's.
    for i, piece in enumerate(pieces):
        if not piece:
            pieces[i] = pieces[i - 1] if i else next(p for p in pieces if p)
    return pieces


def _clause_cuts(english: str) -> list[int]:
    rules = rules_for("en")
    cuts = []
    for match in rules.clause_split.finditer(english):
        cut = match.start() + (1 if match.group().startswith(",") else 0)
        while cut < len(english) and english[cut].isspace():
            cut += 1
        cuts.append(cut)
    return cuts


def _placed_cuts(parts: list[str], english: str) -> list[int]:
    total = sum(len(p) for p in parts)
    shares, running = [], 0
    for part in parts[:-1]:
        running += len(part)
        shares.append(running / total)
    # A cut falls after a boundary's punctuation, before the word that opens the next clause: "…, | and …".
    clauses = [m.end() - len(m.group().lstrip(",; ")) for m in _BOUNDARIES.finditer(english)]
    words = [m.start() for m in re.finditer(r"(?<=\s)\S", english)]
    cuts: list[int] = []
    for share in shares:
        target = share * len(english)
        floor = cuts[-1] if cuts else 0
        options = [c for c in clauses if c > floor] or [w for w in words if w > floor]
        if not options:
            break
        cuts.append(min(options, key=lambda c: (abs(c - target), c)))
    # Fewer cuts than parts only when the English has fewer words than the source has parts:
    # the last parts then share the end of the sentence, never an empty string.
    while len(cuts) < len(parts) - 1:
        cuts.append(cuts[-1] if cuts else len(english))
    return cuts
