"""The shipped matcher coefficients (translate/weights.json), read once and without numpy.

translate/match.py turns them into models; the CLI reads the default threshold
from here, so ``--help`` costs a small JSON read, not the matcher's imports.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("weights.json")
EMBEDDED = "+embedding"  # the models of the views that also read the embedding cosine: "same+embedding", ...


@lru_cache(maxsize=1)
def shipped() -> dict:
    """translate/weights.json, read once."""
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def default_threshold() -> float:
    """The probability from which two claims count as the same claim (translate.MATCH_THRESHOLD)."""
    return float(shipped()["models"]["same"]["threshold"])
