"""Documents -> events: which articles report the same event, and the evidence for it.

Users put articles of different events together (a visit in 2022 and another in
2024; a story's Friday and its Sunday), and a claim told about one event is not
contradicted by a claim about the other. The evidence, in order of precedence:

1. The manifest: documents given the same ``event`` are one event, documents
   given different ones are not; ``--one-event`` makes the corpus one event.
2. Dates: two documents whose manifest ``date`` (publication) lies more than
   ``DATE_WINDOW_DAYS`` apart report different events. Without dates, two
   documents that each name weekdays and share none ("landed on Friday",
   "arrived on Thursday") report different events: news copy names the
   weekdays of the week it reports, and follow-ups a day later still name the
   day it happened.
3. Claims in common: two documents are joined when they share at least
   ``MIN_SHARED_CLAIMS`` claims (links that count, translate/compare/); a
   single sentence in common can be a statement that recurs.

Documents are merged greedily, the pair sharing the most claims first, and a
merge never joins two documents the dates or the manifest keep apart. Two
documents that share no claim stay apart: nothing in either can then be
"told differently" by the other, so nothing is lost by it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from ..english import WEEKDAYS, dates
from ..records import Document, Event

DATE_WINDOW_DAYS = 7
MIN_SHARED_CLAIMS = 2


def weekdays_named(english_texts: Sequence[str]) -> Counter:
    """How often each weekday is named in a document's claims (their English)."""
    return Counter(w for text in english_texts for w in dates(text) if w in WEEKDAYS)


def group_events(
    documents: Sequence[Document],
    shared: Mapping[frozenset[str], int],
    weekdays: Mapping[str, Counter],
    claims: Mapping[str, int],
    *,
    one_event: bool = False,
) -> tuple[Event, ...]:
    """The events of a corpus. ``shared``: claims two documents share; ``weekdays``: each document's weekdays named; ``claims``: each document's claims that have words to match on."""
    ids = [d.id for d in documents]
    by_id = {d.id: d for d in documents}
    if one_event or len(ids) == 1:
        why = "--one-event: the corpus is taken as one event" if one_event else "one document"
        return (Event("E1", tuple(ids), (why,)),)
    cluster = {d: {d} for d in ids}

    def apart(a: str, b: str) -> str | None:
        """Why two documents cannot report the same event, or None."""
        x, y = by_id[a], by_id[b]
        if x.event and y.event:
            return None if x.event == y.event else f"the manifest gives {a} the event '{x.event}' and {b} '{y.event}'"
        days = _days_apart(x.date, y.date)
        if days is not None:
            return f"{a} is dated {x.date} and {b} {y.date}" if days > DATE_WINDOW_DAYS else None
        wa, wb = set(weekdays.get(a, ())), set(weekdays.get(b, ()))
        if wa and wb and not wa & wb:
            return f"{a} names {_days(wa)} and {b} {_days(wb)}, no day in common"
        return None

    def together(a: str, b: str) -> str | None:
        """Why two documents report the same event, or None."""
        x, y = by_id[a], by_id[b]
        if x.event and y.event and x.event == y.event:
            return f"the manifest gives {a} and {b} the event '{x.event}'"
        n = shared.get(frozenset((a, b)), 0)
        if n >= min(MIN_SHARED_CLAIMS, claims.get(a, 0), claims.get(b, 0)) and n > 0:
            return f"{a} and {b} share {n} claim{'s' if n != 1 else ''}"
        return None

    pairs = sorted(
        ((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]),
        key=lambda p: (-(by_id[p[0]].event is not None and by_id[p[0]].event == by_id[p[1]].event), -shared.get(frozenset(p), 0), ids.index(p[0]), ids.index(p[1])),
    )
    joined: list[tuple[str, str, str]] = []
    kept_apart: dict[str, list[str]] = {d: [] for d in ids}
    for a, b in pairs:
        why = together(a, b)
        if why is None or cluster[a] is cluster[b]:
            continue
        blocked = next((reason for x in cluster[a] for y in cluster[b] if (reason := apart(x, y))), None)
        if blocked:
            kept_apart[a].append(f"{why}, but {blocked}")
            kept_apart[b].append(f"{why}, but {blocked}")
            continue
        merged = cluster[a] | cluster[b]
        for d in merged:
            cluster[d] = merged
        joined.append((a, b, why))
    events = []
    seen: set[int] = set()
    for d in ids:
        if id(cluster[d]) in seen:
            continue
        seen.add(id(cluster[d]))
        members = tuple(x for x in ids if x in cluster[d])
        evidence = [why for a, b, why in joined if a in members]
        if len(members) == 1:
            evidence += kept_apart[d] or [f"{d} shares fewer than {MIN_SHARED_CLAIMS} claims with every other document"]
        events.append(Event(f"E{len(events) + 1}", members, tuple(dict.fromkeys(evidence))))
    return tuple(events)


def _days(names: set[str]) -> str:
    return " and ".join(n.capitalize() for n in sorted(names, key=WEEKDAYS.index))


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(str(a)[:10]) - date.fromisoformat(str(b)[:10])).days) if a and b else None
    except ValueError:
        return None
