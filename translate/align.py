"""Claims x claims -> candidates: for every claim, its best counterpart in each other document.

The score is the cosine of rarity-weighted word vectors (TF-IDF over Snowball
stems, stop words removed), computed for two documents at a time as a sparse
matrix product that keeps only the best few columns of each row
(sparse_dot_topn, compiled and multi-threaded): the cost grows with the pairs
that share a word, not with all pairs, and memory with the number of claims,
never with their product (bench/align_scale.py, docs/performance.md). Rarity (IDF) is counted over
the claims of the two documents being compared, so adding a third document
never changes how the first two are scored.

Why not a plain fuzzy ratio over whole sentences: on the seed corpus (English
of the Norwegian article from the reference translation), rapidfuzz ``ratio``,
``token_sort_ratio`` and ``token_set_ratio`` all score the true counterpart of
Putin's "important and stabilising role" below the best match of some claim
that no English report carries (margins -0.06, -0.06, -0.10 on a 0-1 scale):
unrelated sentences share "Putin", "Xi", "China" and the function words. The
rarity-weighted overlap keeps a margin of +0.10 (``python scripts/seed_matching.py``).
rapidfuzz does what it is best at here: ``process.cdist`` over the two
vocabularies joins spelling variants and stems the stemmer leaves apart
(stabilis/stabil for stabilising/stabilizing, Usjakov/Ushakov, Valdimir/Vladimir).
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sparse_dot_topn import sp_matmul_topn

from .differences import differences
from .guard import translation_issues
from .match import MATCH_THRESHOLD, STOP_WORDS, Text, content_terms, idf_table, probabilities  # noqa: F401 (STOP_WORDS: re-exported)
from .records import Difference, Kind, Match, Segment

# The threshold is a probability: see translate/match.py.
DEFAULT_THRESHOLD = MATCH_THRESHOLD
# Nearest claims by TF-IDF cosine kept per claim and other document; they, and the
# windows of two adjacent claims around them, are then scored by the fitted model.
CANDIDATES_PER_DOCUMENT = 3
# A window of two claims counts only when each of them, alone, scores at least this
# share of the threshold: sentence aligners merge two sentences when both carry part
# of the other's content, and the model, fitted on single sentences, can score a
# long window above either half for length alone.
WINDOW_PART_SHARE = 0.5

# Words at least this long whose rapidfuzz ratio reaches FUZZY_CUTOFF are one word.
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 85.0
# Best columns kept per row by the sparse product: the best one, and ties for it,
# which are broken by text order as a dense argmax would break them.
TOP_N = 8

@dataclass(frozen=True, slots=True)
class _Side:
    ids: list[str]
    terms: list[list[tuple[str, str]]]


def _join_spelling_variants(left: _Side, right: _Side) -> None:
    """Rename right-hand stems to the left-hand stem they are a spelling variant of."""
    known = {s for t in left.terms for s, _ in t}
    left_vocab = sorted(s for s in known if len(s) >= FUZZY_MIN_LENGTH)
    right_vocab = sorted({s for t in right.terms for s, _ in t if len(s) >= FUZZY_MIN_LENGTH} - known)
    rename: dict[str, str] = {}
    # Variants share their first letter (stabilis/stabiliz, usjakov/ushakov, valdimir/vladimir):
    # comparing within a letter keeps the cost near linear in the vocabulary.
    for letter in sorted({w[0] for w in right_vocab} & {w[0] for w in left_vocab}):
        lefts = [w for w in left_vocab if w[0] == letter]
        rights = [w for w in right_vocab if w[0] == letter]
        scores = process.cdist(rights, lefts, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, dtype=np.uint8, workers=-1)
        best = scores.argmax(axis=1)
        rename |= {w: lefts[j] for w, j, row in zip(rights, best, scores, strict=True) if row[j] > 0}
    if not rename:
        return
    for terms in right.terms:
        terms[:] = [(rename.get(s, s), w) for s, w in terms]


def _weighted_vectors(left: _Side, right: _Side) -> tuple[sparse.csr_matrix, sparse.csr_matrix, dict[str, float]]:
    all_terms = left.terms + right.terms
    df = Counter(s for terms in all_terms for s in {s for s, _ in terms})
    n = len(all_terms)
    idf = {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in df.items()}
    column = {s: i for i, s in enumerate(sorted(df))}
    rows, cols, vals = [], [], []
    for r, terms in enumerate(all_terms):
        counts = Counter(s for s, _ in terms)
        weights = {s: (1.0 + math.log(c)) * idf[s] for s, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for s, w in weights.items():
            rows.append(r)
            cols.append(column[s])
            vals.append(w / norm)
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(column))), dtype=np.float64)
    return matrix[: len(left.terms)], matrix[len(left.terms) :], idf


def _shared_terms(a: list[tuple[str, str]], b: list[tuple[str, str]], idf: dict[str, float], most: int = 6) -> tuple[str, ...]:
    surface = {}
    for s, w in a:
        surface.setdefault(s, w)
    common = {s for s, _ in a} & {s for s, _ in b}
    ranked = sorted(common, key=lambda s: (-idf.get(s, 0.0), surface[s]))
    return tuple(surface[s] for s in ranked[:most])


def top_per_row(x: sparse.csr_matrix, y: sparse.csr_matrix, most: int = TOP_N) -> list[tuple[int, list[tuple[int, float]]]]:
    """(row, [(column, cosine), ...] best first) for every row of x with a word in common with some row of y.

    Rows are L2-normalised, so the product is the cosine. Equal scores are in
    column order, as a dense argsort would give them.
    """
    if x.shape[0] == 0 or y.shape[0] == 0:
        return []
    product = sp_matmul_topn(x, y.T.tocsr(), top_n=max(most, TOP_N), n_threads=min(4, os.cpu_count() or 1))
    out = []
    for row in range(product.shape[0]):
        start, end = product.indptr[row], product.indptr[row + 1]
        scores = np.round(product.data[start:end], 12)  # summation order differs from a dense product's
        columns = product.indices[start:end]
        ranked = sorted(((int(c), float(np.clip(v, 0.0, 1.0))) for c, v in zip(columns, scores, strict=True) if v > 0.0), key=lambda t: (-t[1], t[0]))
        if ranked:
            out.append((row, ranked[:most]))
    return out


def best_per_row(x: sparse.csr_matrix, y: sparse.csr_matrix) -> list[tuple[int, int, float]]:
    """(row, best column, cosine) for every row of x with a word in common with some row of y (ties: lowest column)."""
    return [(row, ranked[0][0], ranked[0][1]) for row, ranked in top_per_row(x, y, 1)]


def nearest_claims(segments: Sequence[Segment], most: int = 1) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """The ``most`` nearest claims of every claim in every other document by TF-IDF cosine.

    Returns ``{(claim id, other document id): [(other claim id, cosine), ...]}``.
    This is the retrieval step, fast at any scale (bench/align_scale.py);
    ``align_claims`` scores what it finds with the fitted model.
    """
    by_document = _claims_by_document(segments)
    doc_ids = sorted(by_document)
    terms = {d: [content_terms(s.english or "") for s in by_document[d]] for d in doc_ids}
    found: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for i, a in enumerate(doc_ids):
        for b in doc_ids[i + 1 :]:
            left = _Side([s.id for s in by_document[a]], [list(t) for t in terms[a]])
            right = _Side([s.id for s in by_document[b]], [list(t) for t in terms[b]])
            _join_spelling_variants(left, right)
            va, vb, _ = _weighted_vectors(left, right)
            for y, side_x, side_y, (x_vectors, y_vectors) in ((b, left, right, (va, vb)), (a, right, left, (vb, va))):
                for row, ranked in top_per_row(x_vectors, y_vectors, most):
                    found[(side_x.ids[row], y)] = [(side_y.ids[c], round(v, 4)) for c, v in ranked]
    return found


def _claims_by_document(segments: Sequence[Segment]) -> dict[str, list[Segment]]:
    by_document: dict[str, list[Segment]] = {}
    for segment in segments:
        if segment.kind is Kind.CLAIM and segment.english:
            by_document.setdefault(segment.document, []).append(segment)
    for claims in by_document.values():
        claims.sort(key=lambda s: s.index)
    return by_document


def _translated(segment: Segment) -> bool:
    return bool(segment.english) and segment.english != segment.text


@lru_cache(maxsize=4096)
def _issues(source: str, english: str) -> tuple[str, ...]:
    return translation_issues(source, english)


def claim_translation_issues(segment: Segment) -> tuple[str, ...]:
    """What the English of a translated claim lost of its source (translate/guard.py); () for an English claim."""
    return _issues(segment.text, segment.english or "") if _translated(segment) else ()


def align_claims(segments: Sequence[Segment], threshold: float = DEFAULT_THRESHOLD, embedder=None) -> dict[tuple[str, str], Match]:
    """The best candidate of every claim in every other document, scored by the fitted model.

    Returns ``{(claim id, other document id): Match}``; only claims with English
    text take part. For each claim, the nearest claims of the other document by
    TF-IDF cosine, and the windows of two adjacent claims around them (one claim
    may be told across two sentences), are scored in both views of
    translate/match.py. The pair counts as the same claim when the "same"
    probability reaches ``threshold``, or when the "core" probability does and
    a date or number conflicts (told differently). Document pairs are visited in
    id order and no order of sentences is assumed, so the result does not depend
    on the order of the input. With ``embedder`` (``--embeddings``) the models
    that also read the sentence-embedding cosine score the pairs.
    """
    by_document = _claims_by_document(segments)
    doc_ids = sorted(by_document)
    nearest = nearest_claims(segments, CANDIDATES_PER_DOCUMENT)
    segment_of = {s.id: s for claims in by_document.values() for s in claims}
    position = {s.id: k for claims in by_document.values() for k, s in enumerate(claims)}
    texts: dict[tuple[str, str], Text] = {}

    def text(key: tuple[str, ...], view: str) -> Text:
        if (key, view) not in texts:
            texts[(key, view)] = Text.of(" ".join(segment_of[k].english or "" for k in key), view)
        return texts[(key, view)]

    candidates: dict[tuple[str, str], Match] = {}
    for i, a in enumerate(doc_ids):
        for b in doc_ids[i + 1 :]:
            pool = [(s.id,) for s in by_document[a] + by_document[b]]
            idf = {view: idf_table([text(k, view) for k in pool]) for view in ("same", "core")}
            known: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[float, float]] = {}
            for x, y in ((a, b), (b, a)):
                pairs: list[tuple[str, tuple[str, ...]]] = []
                for claim in by_document[x]:
                    for key in _windows(nearest.get((claim.id, y), []), by_document[y], position):
                        pairs.append((claim.id, key))
                def score(keys: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...], float, float]]:
                    # Every feature is symmetric, and the IDF is that of the document pair:
                    # a pair met from both sides is scored once.
                    todo = [u for u in dict.fromkeys(_unordered(c, k) for c, k in keys) if u not in known]
                    found = {
                        view: probabilities([(text(u, view), text(v, view)) for u, v in todo], idf[view], view, embedder)
                        for view in ("same", "core")
                    }
                    known.update(zip(todo, zip(found["same"].tolist(), found["core"].tolist(), strict=True), strict=True))
                    return [(c, k, *known[_unordered(c, k)]) for c, k in keys]

                scored = score([p for p in pairs if len(p[1]) == 1])
                single = {(claim, key[0]): max(same, core) for claim, key, same, core in scored}
                # A window is scored only when each half alone says something of the claim: otherwise
                # it would not count whatever its score (WINDOW_PART_SHARE), and most windows are such.
                scored += score(
                    [(c, k) for c, k in pairs if len(k) > 1 and min(single[(c, m)] for m in k) >= threshold * WINDOW_PART_SHARE]
                )
                for claim, key, same, core in scored:
                    match = _judge(segment_of[claim], [segment_of[k] for k in key], same, core, threshold)
                    slot = (claim, y)
                    if slot not in candidates or _rank(match, threshold) > _rank(candidates[slot], threshold):
                        candidates[slot] = match
                for claim in by_document[x]:
                    if (match := candidates.get((claim.id, y))) is not None:
                        there = " ".join(segment_of[k].english or "" for k in match.window or (match.other,))
                        terms = _shared_terms(content_terms(claim.english or ""), content_terms(there), idf["same"])
                        candidates[(claim.id, y)] = replace(match, terms=terms)
    _cover_window_members(candidates, segment_of, threshold)
    return candidates


def _unordered(claim: str, key: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ((claim,), key) if (claim,) <= key else (key, (claim,))


def _cover_window_members(candidates: dict[tuple[str, str], Match], segment_of: dict[str, Segment], threshold: float) -> None:
    """Many-to-one, both ways: when a claim counts against two adjacent claims, each of them is covered by it."""
    for match in [m for m in candidates.values() if m.counted and m.window]:
        judge = segment_of[match.claim]
        for member in match.window:
            slot = (member, judge.document)
            if slot in candidates and candidates[slot].counted:
                continue
            mine = _judge(segment_of[member], [judge], match.score, match.core_score or 0.0, threshold)
            candidates[slot] = replace(mine, counted=True, via=match.window, terms=match.terms)


def _windows(ranked: list[tuple[str, float]], claims: list[Segment], position: dict[str, int]) -> list[tuple[str, ...]]:
    """The nearest claims, the windows of two adjacent claims around each of them, and those windows' halves alone."""
    keys: list[tuple[str, ...]] = [(c,) for c, _ in ranked]
    for c, _ in ranked:
        k = position[c]
        if k > 0:
            keys += [(claims[k - 1].id, c), (claims[k - 1].id,)]
        if k + 1 < len(claims):
            keys += [(c, claims[k + 1].id), (claims[k + 1].id,)]
    return list(dict.fromkeys(keys))


def _judge(claim: Segment, others: list[Segment], same: float, core: float, threshold: float) -> Match:
    there = " ".join(o.english or "" for o in others)
    speaker = next((o.speaker for o in others if o.speaker), None)
    translated = _translated(claim) or any(_translated(o) for o in others)
    if max(same, core) < threshold:
        found: tuple[Difference, ...] = ()  # not the same claim in either view: no details to compare
    else:
        found = differences(
            claim.english or "", there, here_speaker=claim.speaker, there_speaker=speaker, compare_quotes=not translated
        )
    lost = claim_translation_issues(claim) + tuple(i for o in others for i in claim_translation_issues(o))
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
