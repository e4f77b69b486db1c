"""Scored candidates -> Verdicts: the counterpart per document, the details told differently, groups.

For every claim and every other document, the candidate that counts is chosen
(translate/align.py scores them; the choice is made here): a pair counts as the
same claim when its "same" probability reaches the threshold, or when its
"core" probability does (attribution cut off, dates abstracted) and a date or
number conflicts. The chosen counterpart's details are compared
(``differences``), and a translated claim's English is checked against its
source (``guard``), so a difference the translation made is not blamed on an
outlet.

A claim is shared with a document when its counterpart there counts, and
diverging when such a counterpart tells a key detail differently (a date, a
number, the speaker). Claims are grouped (one claim as several documents tell
it) by mutual best matches only: A's best in B's document is B and B's best in
A's is A. That is the competitive-linking rule of sentence aligners; joining
every one-way match instead chains loosely related sentences into one group
(on the seed corpus it put a state visit, a condemnation and a talks caption
together).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from ..lang import rules_for
from ..records import Candidate, Difference, Document, Group, Kind, Match, Segment, Status, Verdict
from .differences import differences, word_diff
from .guard import translation_issues

__all__ = ["claim_translation_issues", "choose_matches", "decide_verdicts", "group_claims"]


def decide_verdicts(
    documents: Sequence[Document],
    segments: Sequence[Segment],
    candidates: Mapping[tuple[str, str], Sequence[Candidate]],
    threshold: float,
) -> tuple[tuple[Verdict, ...], tuple[Group, ...]]:
    """A verdict for every segment and the groups of claims that state the same thing."""
    language = {d.id: d.language for d in documents}
    chosen = choose_matches(segments, candidates, threshold, language)
    order = [d.id for d in documents]
    verdicts = []
    for segment in segments:
        if segment.kind is not Kind.CLAIM:
            verdicts.append(Verdict(claim=segment.id, status=Status.SET_ASIDE))
            continue
        found = tuple(chosen[(segment.id, d)] for d in order if (segment.id, d) in chosen)
        matches = tuple(m for m in found if m.counted)
        status = Status.DIVERGING if any(m.diverging for m in matches) else Status.SHARED if matches else Status.ONLY_HERE
        verdicts.append(
            Verdict(
                claim=segment.id,
                status=status,
                matches=matches,
                closest=max(found, key=lambda m: m.score, default=None),  # ties: earliest document
                candidates=found,
                translation_issues=claim_translation_issues(segment, language[segment.document]),
            )
        )
    return tuple(verdicts), group_claims(documents, segments, verdicts)


def choose_matches(
    segments: Sequence[Segment],
    candidates: Mapping[tuple[str, str], Sequence[Candidate]],
    threshold: float,
    language: Mapping[str, str],
) -> dict[tuple[str, str], Match]:
    """The counterpart of every claim in every other document where it has candidates, judged."""
    segment_of = {s.id: s for s in segments}
    chosen: dict[tuple[str, str], Match] = {}
    for slot, scored in candidates.items():
        for candidate in scored:
            match = _judge(
                segment_of[candidate.claim], [segment_of[k] for k in candidate.others], candidate, threshold, language
            )
            if slot not in chosen or _rank(match, threshold) > _rank(chosen[slot], threshold):
                chosen[slot] = match
    _cover_window_members(chosen, segment_of, threshold, language)
    for slot, match in chosen.items():
        if match.counted:
            here = segment_of[match.claim].english or ""
            there = " ".join(segment_of[i].english or "" for i in match.window or (match.other,))
            chosen[slot] = replace(match, diff=word_diff(here, there))
    return chosen


def _translated(segment: Segment) -> bool:
    return bool(segment.english) and segment.english != segment.text


@lru_cache(maxsize=4096)
def _issues(source: str, english: str, language: str) -> tuple[str, ...]:
    return translation_issues(source, english, rules_for(language))


def claim_translation_issues(segment: Segment, language: str) -> tuple[str, ...]:
    """What the English of a translated claim lost of its source (translate/compare/guard.py); () for an English claim."""
    return _issues(segment.text, segment.english or "", language) if _translated(segment) else ()


def _judge(
    claim: Segment, others: list[Segment], candidate: Candidate, threshold: float, language: Mapping[str, str]
) -> Match:
    same, core = candidate.score, candidate.core_score
    there = " ".join(o.english or "" for o in others)
    speaker = next((o.speaker for o in others if o.speaker), None)
    translated = _translated(claim) or any(_translated(o) for o in others)
    if max(same, core) < threshold:
        found: tuple[Difference, ...] = ()  # not the same claim in either view: no details to compare
    else:
        found = differences(
            claim.english or "", there, here_speaker=claim.speaker, there_speaker=speaker, compare_quotes=not translated
        )
    lost = claim_translation_issues(claim, language[claim.document]) + tuple(
        i for o in others for i in claim_translation_issues(o, language[o.document])
    )
    if lost:
        found = tuple(_blame(d, lost) for d in found)
    detail_conflict = any(d.conflict and d.kind in ("date", "number") for d in found)
    counted = same >= threshold or (core >= threshold and detail_conflict)
    return Match(
        claim=claim.id,
        other=others[0].id,
        document=others[0].document,
        score=round(same, 4),
        core_score=round(core, 4),
        terms=candidate.terms,
        window=tuple(o.id for o in others) if len(others) > 1 else (),
        counted=counted,
        differences=found,
    )


def _blame(difference: Difference, lost: tuple[str, ...]) -> Difference:
    mine = tuple(i.split(": ", 1)[1] for i in lost if i.startswith(difference.kind + ": "))
    if not mine:
        return difference
    return Difference(difference.kind, difference.here, difference.there, difference.conflict, translation_lost=mine)


def _rank(match: Match, threshold: float) -> tuple:
    """Counted pairs first, then the stronger probability (the core one only where it counts); single claims before windows."""
    strength = match.score if match.score >= threshold or not match.counted else max(match.score, match.core_score or 0.0)
    return (match.counted, strength, not match.window)


def _cover_window_members(
    chosen: dict[tuple[str, str], Match], segment_of: dict[str, Segment], threshold: float, language: Mapping[str, str]
) -> None:
    """Many-to-one, both ways: when a claim counts against two adjacent claims, each of them is covered by it."""
    for match in [m for m in chosen.values() if m.counted and m.window]:
        judge = segment_of[match.claim]
        for member in match.window:
            slot = (member, judge.document)
            if slot in chosen and chosen[slot].counted:
                continue
            candidate = Candidate(member, (judge.id,), judge.document, match.score, match.core_score or 0.0, match.terms)
            mine = _judge(segment_of[member], [judge], candidate, threshold, language)
            chosen[slot] = replace(mine, counted=True, via=match.window)


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
