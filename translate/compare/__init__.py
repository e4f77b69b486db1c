"""Ranked candidates -> Verdicts: events first, then for every claim its counterpart per document and its tier.

Rank, then decide (translate/align.py ranks; the decision is made here). A
candidate is *linked* to a claim when, by the TF-IDF cosine or (with
``--embeddings``) by the sentence-embedding cosine, it is the claim's best in
its document or the claim is its best (one-sided best), its similarity reaches
``LINK`` and its ratio margin ``LINK_MARGIN`` (it stands out from both claims'
other neighbours). Weaker candidates that are still one side's best, above
``RELATED``, are *possibly related*, for a reviewer. The decision reads the
full sentences: nothing stripped of its details makes a pair count.

Then, per pair of documents:
- documents of different events (``events.py``): a linked claim *recurs*; it is
  never told differently, and it does not make a claim shared;
- the same event: a linked claim is *shared*; it is *told differently* only on
  stronger evidence, a link best both ways at ``DIVERGE`` or more, with a
  conflict in a detail both sentences state about the same thing
  (``differences.py``). A linked pair whose details disagree on weaker evidence
  is shown as possibly related, never as a conflict;
- a translated claim's English is checked against its source (``guard.py``),
  so a difference the translation made is flagged as the translator's.

The numbers, measured on text the rules were not written on as well as on the
seed (python scripts/evaluate.py matching, docs/evaluation.md): TF-IDF cosine
0.30 with margin 1.3 linked 11 seed pairs of one event at precision 0.91 and
recall 0.67, NTREX's cross-outlet stories at precision 1.00 and recall 0.50,
and 1 of ClaimDiff's 256 different-claim pairs (0.4%); all-mpnet-base-v2's
cosine 0.60 with margin 1.2 had precision 1.00 on both and linked 2.7% of the
ClaimDiff pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from ..english import content_terms
from ..lang import rules_for
from ..records import Candidate, Difference, Document, Evidence, Event, Group, Kind, Match, Segment, Status, Verdict
from .differences import differences, word_diff
from .events import group_events, weekdays_named
from .guard import translation_issues

__all__ = ["DIVERGE", "LINK", "LINK_MARGIN", "RELATED", "claim_translation_issues", "decide_verdicts", "describe_decision", "find_events", "group_claims"]

# Per similarity: the cosine and ratio margin from which a one-sided best candidate is linked...
LINK = {"lexical": 0.30, "semantic": 0.60}
LINK_MARGIN = {"lexical": 1.3, "semantic": 1.2}
# ...from which it is listed as possibly related...
RELATED = {"lexical": 0.20, "semantic": 0.50}
RELATED_MARGIN = LINK_MARGIN
# A candidate best both ways at this TF-IDF cosine is the same sentence, or nearly: linked whatever
# its margin (a document's sentences may all resemble each other) and whatever the words it shares.
VERBATIM = 0.8
# ...and the cosine a link best both ways needs before a conflicting detail makes it "told differently".
DIVERGE = {"lexical": 0.45, "semantic": 0.75}
# A speaker, negation or quotation conflict turns on fewer words than a date or number: it needs more.
DIVERGE_WHOLE = {"lexical": 0.60, "semantic": 0.85}
_DETAIL_KINDS = ("date", "number")
# A translation whose model gave its words a mean log-probability below this is doubtful: each output
# token had, on the geometric average, less than a 37% chance under the model. The model's own
# uncertainty, not calibrated against human judgements here (no real weights to measure with).
DOUBTFUL_TRANSLATION = -1.0


def describe_decision(pair_model: str, embedder=None, verifier=None) -> str:
    """The decision rule in words, as the report header and the JSON settings give it."""
    ranked = "TF-IDF cosine" + (f" and the cosine of {embedder.describe()}" if embedder is not None else " (sentence embeddings off: --embeddings MODEL)")
    rule = f"TF-IDF cosine ≥ {LINK['lexical']:.2f} with margin ≥ {LINK_MARGIN['lexical']}"
    if embedder is not None:
        rule += f", or embedding cosine ≥ {LINK['semantic']:.2f} with margin ≥ {LINK_MARGIN['semantic']}"
    verified = f"; links checked by the cross-encoder {verifier.describe()}" if verifier is not None else ""
    return (
        f"candidates ranked by {ranked}; a claim's counterpart is linked when it is one side's best, {rule}, "
        f"told differently only best both ways at ≥ {DIVERGE['lexical']:.2f} with a conflicting detail{verified}; "
        f"paraphrase probability from {pair_model} (fitted on MRPC), shown as evidence"
    )


def _signals(candidate: Candidate) -> list[tuple[str, Evidence]]:
    out = [("lexical", candidate.lexical)]
    if candidate.semantic is not None:
        out.append(("semantic", candidate.semantic))
    return out


def _level(candidate: Candidate, only: str | None = None) -> tuple[int, float]:
    """2: linked, 1: possibly related, 0: neither; and the similarity that says so (for ranking)."""
    best = (0, 0.0)
    if only in (None, "lexical") and candidate.lexical.best_here and candidate.lexical.best_there and candidate.lexical.similarity >= VERBATIM:
        return (2, candidate.lexical.similarity)
    for name, e in _signals(candidate):
        if only is not None and name != only:
            continue
        if not (e.best_here or e.best_there) or (name == "lexical" and candidate.names_only):
            continue  # words in common that are all names ("President Xi Jinping") are no claim in common
        if e.similarity >= LINK[name] and e.margin >= LINK_MARGIN[name]:
            best = max(best, (2, e.similarity))
        elif e.similarity >= RELATED[name] and e.margin >= RELATED_MARGIN[name]:
            best = max(best, (1, e.similarity))
    return best


def _strong(candidate: Candidate, bar: Mapping[str, float]) -> bool:
    """Linked best both ways at ``bar`` or more by some similarity."""
    return any(e.best_here and e.best_there and e.similarity >= bar[name] for name, e in _signals(candidate))


def decide_verdicts(
    documents: Sequence[Document],
    segments: Sequence[Segment],
    candidates: Mapping[tuple[str, str], Sequence[Candidate]],
    *,
    one_event: bool = False,
    verifier=None,
    events: Sequence[Event] | None = None,
    progress=None,
) -> tuple[tuple[Verdict, ...], tuple[Group, ...], tuple[Event, ...]]:
    """A verdict for every segment, the groups of claims that state the same thing, and the events
    (``events``, or found from the candidates)."""
    language = {d.id: d.language for d in documents}
    segment_of = {s.id: s for s in segments}
    chosen = {slot: _choose(found) for slot, found in candidates.items()}
    chosen = {slot: c for slot, c in chosen.items() if c is not None}
    if events is None:
        events = find_events(documents, segments, candidates, one_event=one_event)
    event_of = {d: e.id for e in events for d in e.documents}
    matches: dict[tuple[str, str], Match] = {}
    tick = progress(len(chosen), "Judging counterparts") if progress is not None and chosen else None
    for slot, (level, candidate) in chosen.items():
        if tick is not None:
            tick(1)
        claim = segment_of[candidate.claim]
        same_event = event_of[claim.document] == event_of[candidate.document]
        if level < 2 and not same_event:
            continue  # across events only what recurs is shown
        matches[slot] = _judge(claim, [segment_of[o] for o in candidate.others], candidate, level, same_event, language)
    _cover_window_members(matches, segment_of)
    if verifier is not None:
        matches = _verify(matches, segment_of, verifier)
    order = {d.id: i for i, d in enumerate(documents)}
    mine_by_claim: dict[str, list[Match]] = {}
    for (claim, _), match in matches.items():
        mine_by_claim.setdefault(claim, []).append(match)
    best_by_claim: dict[str, list[Candidate]] = {}
    for (claim, _), found in candidates.items():
        best_by_claim.setdefault(claim, []).append(found[0])
    verdicts = []
    for segment in segments:
        if segment.kind is not Kind.CLAIM:
            verdicts.append(Verdict(claim=segment.id, status=Status.SET_ASIDE))
            continue
        # In document order, without visiting every document for every claim.
        mine = sorted(mine_by_claim.get(segment.id, ()), key=lambda m: order[m.document])
        counted = tuple(m for m in mine if m.counted)
        related = tuple(m for m in mine if m.tier is Status.RELATED)
        best = sorted(best_by_claim.get(segment.id, ()), key=lambda c: order[c.document])
        verdicts.append(
            Verdict(
                claim=segment.id,
                status=min((m.tier for m in mine), key=list(Status).index, default=Status.ONLY_HERE),
                matches=counted,
                related=related,
                closest=max(best, key=lambda c: c.lexical.similarity, default=None),  # ties: earliest document
                candidates=tuple(best),
                translation_issues=claim_translation_issues(segment, language[segment.document]),
                doubtful=segment.translation_confidence is not None and segment.translation_confidence < DOUBTFUL_TRANSLATION,
            )
        )
    return tuple(verdicts), group_claims(documents, segments, verdicts), events


def _choose(found: Sequence[Candidate]) -> tuple[int, Candidate] | None:
    """The candidate that counts in one document: linked before related, then the more similar; single claims before windows."""
    ranked = sorted(found, key=lambda c: (-_level(c)[0], -_level(c)[1], len(c.others)))
    if not ranked or _level(ranked[0])[0] == 0:
        return None
    return _level(ranked[0])[0], ranked[0]


def find_events(
    documents: Sequence[Document], segments: Sequence[Segment], candidates: Mapping[tuple[str, str], Sequence[Candidate]], *, one_event: bool = False
) -> tuple[Event, ...]:
    """The events the documents report (translate/compare/events.py), from the links among ``candidates``."""
    # The claims two documents share, by the lexical links alone: sentence embeddings link claims
    # that only share a topic more often (two meetings of the same leaders), and which events a
    # corpus reports must not change with the optional model. Each link once, however many sides chose it.
    document_of = {s.id: s.document for s in segments}
    pairs: dict[frozenset[str], set[frozenset[str]]] = {}
    for (claim, document), found in candidates.items():
        linked = [c for c in found if _level(c, "lexical")[0] == 2]
        if linked:
            best = max(linked, key=lambda c: (c.lexical.similarity, -len(c.others)))
            pairs.setdefault(frozenset((document_of[claim], document)), set()).add(frozenset((claim, *best.others)))
    shared = Counter({key: len(links) for key, links in pairs.items()})
    english: dict[str, list[str]] = {}
    claims: Counter = Counter()
    for s in segments:
        if s.kind is Kind.CLAIM:
            english.setdefault(s.document, []).append(s.english or "")
            # Only claims with words to match on can be shared: "He said so." cannot.
            claims[s.document] += bool(content_terms(s.english or ""))
    weekdays = {d: weekdays_named(texts) for d, texts in english.items()}
    return group_events(documents, shared, weekdays, claims, one_event=one_event)


def _translated(segment: Segment) -> bool:
    return bool(segment.english) and segment.english != segment.text


@lru_cache(maxsize=4096)
def _issues(source: str, english: str, language: str) -> tuple[str, ...]:
    return translation_issues(source, english, rules_for(language))


def claim_translation_issues(segment: Segment, language: str) -> tuple[str, ...]:
    """What the English of a translated claim lost of its source (translate/compare/guard.py); () for an English claim."""
    return _issues(segment.text, segment.english or "", language) if _translated(segment) else ()


def _judge(
    claim: Segment, others: list[Segment], candidate: Candidate, level: int, same_event: bool, language: Mapping[str, str]
) -> Match:
    there = " ".join(o.english or "" for o in others)
    speaker = next((o.speaker for o in others if o.speaker), None)
    translated = _translated(claim) or any(_translated(o) for o in others)
    found = differences(claim.english or "", there, here_speaker=claim.speaker, there_speaker=speaker, compare_quotes=not translated)
    lost = claim_translation_issues(claim, language[claim.document]) + tuple(
        i for o in others for i in claim_translation_issues(o, language[o.document])
    )
    if lost:
        found = tuple(_blame(d, lost) for d in found)
    if not same_event:
        tier = Status.RECURRING
        found = tuple(replace(d, conflict=False) for d in found)  # two events: different details are no contradiction
    elif level < 2:
        tier = Status.RELATED
    else:
        conflicts = [d for d in found if d.conflict]
        details = [d for d in conflicts if d.kind in _DETAIL_KINDS]
        if (details and _strong(candidate, DIVERGE)) or (conflicts and _strong(candidate, DIVERGE_WHOLE)):
            tier = Status.DIVERGING
        elif conflicts:
            tier = Status.RELATED  # the same claim, perhaps, but its details disagree: a reviewer decides
        else:
            tier = Status.SHARED
    return Match(
        claim=claim.id,
        other=others[0].id,
        document=others[0].document,
        tier=tier,
        lexical=candidate.lexical,
        semantic=candidate.semantic,
        probability=candidate.probability,
        terms=candidate.terms,
        window=tuple(o.id for o in others) if len(others) > 1 else (),
        differences=found,
        diff=word_diff(claim.english or "", there),
    )


def _blame(difference: Difference, lost: tuple[str, ...]) -> Difference:
    mine = tuple(i.split(": ", 1)[1] for i in lost if i.startswith(difference.kind + ": "))
    if not mine:
        return difference
    return Difference(difference.kind, difference.here, difference.there, difference.conflict, translation_lost=mine)


def _cover_window_members(matches: dict[tuple[str, str], Match], segment_of: dict[str, Segment]) -> None:
    """Many-to-one, both ways: when a claim is linked to two adjacent claims, each of them is linked to it."""
    for match in [m for m in matches.values() if m.counted and m.window]:
        judge = segment_of[match.claim]
        for member in match.window:
            slot = (member, judge.document)
            if slot in matches and matches[slot].counted:
                continue
            matches[slot] = replace(
                match,
                claim=member,
                other=judge.id,
                document=judge.document,
                window=(),
                via=match.window,
                differences=tuple(Difference(d.kind, d.there, d.here, d.conflict, d.translation_lost) for d in match.differences),
                diff=word_diff(segment_of[member].english or "", judge.english or ""),
            )


def _verify(matches: dict[tuple[str, str], Match], segment_of: dict[str, Segment], verifier) -> dict[tuple[str, str], Match]:
    """The cross-encoder confirms a link (entailment both ways) or demotes it to possibly related; it never makes one."""
    counted = [(slot, m) for slot, m in matches.items() if m.tier in (Status.SHARED, Status.DIVERGING)]
    pairs = [
        (segment_of[m.claim].english or "", " ".join(segment_of[o].english or "" for o in m.window or (m.other,)))
        for _, m in counted
    ]
    findings = verifier.entailments(pairs)
    out = dict(matches)
    for (slot, match), (forward, backward) in zip(counted, findings, strict=True):
        if forward and backward:
            out[slot] = replace(match, verified="both ways")
        else:
            out[slot] = replace(match, tier=Status.RELATED, verified="one way" if forward or backward else "neither way")
    return out


def group_claims(documents: Sequence[Document], segments: Sequence[Segment], verdicts: Sequence[Verdict]) -> tuple[Group, ...]:
    """Join claims linked within an event (shared or told differently) both ways; every claim is in exactly one group."""
    position = {s.id: i for i, s in enumerate(segments)}
    document_of = {s.id: s.document for s in segments}
    matched = {
        v.claim: {m.document: m.other for m in v.matches if m.tier is not Status.RECURRING}
        for v in verdicts
        if v.status is not Status.SET_ASIDE
    }
    parent = {claim: claim for claim in matched}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    one_way: list[tuple[str, str]] = []
    for claim, targets in matched.items():
        for other in targets.values():
            if matched.get(other, {}).get(document_of[claim]) != claim:
                one_way.append((claim, other))
                continue
            a, b = sorted((root(claim), root(other)), key=position.__getitem__)
            parent[b] = a  # the earlier claim in corpus order is the root, whatever the visiting order
    members: dict[str, list[str]] = {}
    for claim in matched:
        members.setdefault(root(claim), []).append(claim)
    links: dict[str, set[str]] = {}
    for a, b in one_way:
        links.setdefault(root(a), set()).add(document_of[b])
        links.setdefault(root(b), set()).add(document_of[a])
    doc_order = {d.id: i for i, d in enumerate(documents)}
    groups = []
    for key, claims in members.items():
        claims.sort(key=position.__getitem__)
        docs = sorted({document_of[c] for c in claims}, key=doc_order.__getitem__)
        linked = sorted(links.get(key, set()) - set(docs), key=doc_order.__getitem__)
        groups.append(Group(claims=tuple(claims), documents=tuple(docs), linked=tuple(linked)))
    groups.sort(key=lambda g: position[g.claims[0]])
    return tuple(groups)
