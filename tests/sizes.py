"""How many examples a hypothesis property tries: the size CI runs, or more on demand.

``HYPOTHESIS_PROFILE=thorough python -m pytest`` runs every property with
10,000 examples (``HYPOTHESIS_EXAMPLES=N`` for another number); without it each
property keeps the size that holds the suite near 90 s on two cores. Each test
names its CI size, which a plain settings profile could not override.
"""

from __future__ import annotations

import os

THOROUGH_EXAMPLES = 10_000


def examples(ci: int) -> int:
    """``ci`` examples, or the thorough number when ``HYPOTHESIS_PROFILE=thorough``."""
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "thorough":
        return max(ci, int(os.environ.get("HYPOTHESIS_EXAMPLES", THOROUGH_EXAMPLES)))
    return ci
