"""What every renderer does to article text before its own escaping: invisible controls made visible.

A right-to-left override (U+202E) in an article would turn the report's text
around it backwards; a zero-width space would hide inside a word. Such format
characters are shown by their code ("⟨U+202E⟩"), so a reader sees what the
article holds and nothing changes how the report reads.
"""

from __future__ import annotations

import re

# Bidirectional controls, zero-width and joiner characters, the byte-order mark, and C0/C1 controls but tab and newline.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with its invisible format and control characters written out as ⟨U+XXXX⟩."""
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)
