"""Candidates -> Verdicts: shared, told differently, or only here, and which documents tell each claim.

A claim is shared with a document when its best candidate there counts as the
same claim (translate/align.py decides, with the fitted model), and diverging
when such a counterpart tells a key detail differently (a date, a number, the
speaker: translate/differences.py). Claims are grouped (one claim as several documents tell it) by
mutual best matches only: A's best in B's document is B and B's best in A's is
A. That is the competitive-linking rule of sentence aligners; joining every
one-way match instead chains loosely related sentences into one group (on the
seed corpus it put a state visit, a condemnation and a talks caption together).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .align import claim_translation_issues
from .records import Document, Group, Kind, Match, Segment, Status, Verdict


def decide_verdicts(
    documents: Sequence[Document],
    segments: Sequence[Segment],
    candidates: Mapping[tuple[str, str], Match],
) -> tuple[tuple[Verdict, ...], tuple[Group, ...]]:
    """A verdict for every segment and the groups of claims that state the same thing."""
    order = [d.id for d in documents]
    verdicts = []
    for segment in segments:
        if segment.kind is not Kind.CLAIM:
            verdicts.append(Verdict(claim=segment.id, status=Status.SET_ASIDE))
            continue
        found = tuple(candidates[(segment.id, d)] for d in order if (segment.id, d) in candidates)
        matches = tuple(m for m in found if m.counted)
        status = Status.DIVERGING if any(m.diverging for m in matches) else Status.SHARED if matches else Status.ONLY_HERE
        verdicts.append(
            Verdict(
                claim=segment.id,
                status=status,
                matches=matches,
                closest=max(found, key=lambda m: m.score, default=None),  # ties: earliest document
                candidates=found,
                translation_issues=claim_translation_issues(segment),
            )
        )
    return tuple(verdicts), group_claims(documents, segments, verdicts)


def group_claims(documents: Sequence[Document], segments: Sequence[Segment], verdicts: Sequence[Verdict]) -> tuple[Group, ...]:
    """Join claims linked by mutual best matches; every claim is in exactly one group."""
    position = {s.id: i for i, s in enumerate(segments)}
    document_of = {s.id: s.document for s in segments}
    matched = {v.claim: {m.document: m.other for m in v.matches} for v in verdicts if v.status is not Status.SET_ASIDE}
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
