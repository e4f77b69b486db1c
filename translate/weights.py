"""The shipped matcher coefficients (translate/weights.json), read once and without numpy.

translate/match.py turns them into a model.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("weights.json")


@lru_cache(maxsize=1)
def shipped() -> dict:
    """translate/weights.json, read once."""
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


