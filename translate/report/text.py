"""What every renderer does to article text before its own escaping: invisible controls made visible.

A right-to-left override (U+202E) in an article would turn the report's text
around it backwards; a zero-width space would hide inside a word. Such format
characters are shown by their code ("⟨U+202E⟩"), so a reader sees what the
article holds and nothing changes how the report reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..records import Match

# Bidirectional controls, zero-width and joiner characters, the byte-order mark, and C0/C1 controls but tab and newline.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with its invisible format and control characters written out as ⟨U+XXXX⟩."""
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


# What each kind of detail difference is called, in every view.
KIND_NAMES = {
    "date": "date or time",
    "number": "number",
    "speaker": "speaker",
    "name": "names only one gives",
    "quote": "quoted words",
    "negation": "negation",
}


def evidence_parts(match: Match, escape: Callable[[str], str] = lambda text: text) -> list[str]:
    """The evidence of a link, as every view words it; ``escape`` is applied to the words it quotes."""
    parts = [f"TF-IDF cosine {match.lexical.similarity:.2f} (margin {match.lexical.margin:.1f}×)"]
    if match.semantic is not None:
        parts.append(f"embedding cosine {match.semantic.similarity:.2f} (margin {match.semantic.margin:.1f}×)")
    if match.probability is not None:
        parts.append(f"paraphrase probability {match.probability:.2f}")
    if match.terms:
        parts.append("shared words: " + escape(", ".join(match.terms)))
    if match.verified:
        parts.append(f"cross-encoder: entailed {match.verified}")
    return parts
