"""Claims x claims -> scored candidates: for every claim, its candidate counterparts in each other document.

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

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sparse_dot_topn import sp_matmul_topn

from .english import content_terms, name_stems
from .match import Text, idf_table, probabilities
from .records import Candidate, Evidence, Kind, Segment

# Nearest claims kept per claim and other document, by each similarity: the candidates.
CANDIDATES_PER_DOCUMENT = 5
# The ratio margin divides a similarity by the mean of both claims' this many nearest
# neighbours' (the candidate among them), as the bitext miners LASER/WikiMatrix do with k=4.
MARGIN_NEIGHBOURS = 4
# Windows of two adjacent claims are tried around a claim's this many best candidates...
WINDOW_AROUND = 2
# ...and only when each half alone reaches this lexical cosine with the claim: one claim
# told across two sentences shares words with both, and a long window must not win by
# its length alone.
WINDOW_HALF = 0.15

# Words at least this long whose rapidfuzz ratio reaches FUZZY_CUTOFF are one word.
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 85.0
# Best columns kept per row by the sparse product: the best one, and ties for it,
# which are broken by text order as a dense argmax would break them.
TOP_N = 8
# Similarities equal to this many digits are ties, which the closeness of the wording breaks.
TIE_DIGITS = 9

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


def pair_vectors(
    left: Sequence[Sequence[tuple[str, str]]], right: Sequence[Sequence[tuple[str, str]]]
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """TF-IDF vectors of two documents' claims, given as ``content_terms``: rows L2-normalised, so a
    product is a cosine. Rarity is counted over the two documents' claims, and right-hand stems
    that are spelling variants of left-hand ones are joined to them first."""
    left_side = _Side([str(i) for i in range(len(left))], [list(t) for t in left])
    right_side = _Side([str(i) for i in range(len(right))], [list(t) for t in right])
    _join_spelling_variants(left_side, right_side)
    va, vb, _ = _weighted_vectors(left_side, right_side)
    return va, vb


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
            va, vb = pair_vectors(terms[a], terms[b])
            ids = {a: [s.id for s in by_document[a]], b: [s.id for s in by_document[b]]}
            for x, y, x_vectors, y_vectors in ((a, b, va, vb), (b, a, vb, va)):
                for row, ranked in top_per_row(x_vectors, y_vectors, most):
                    found[(ids[x][row], y)] = [(ids[y][c], round(v, 4)) for c, v in ranked]
    return found


def _claims_by_document(segments: Sequence[Segment]) -> dict[str, list[Segment]]:
    by_document: dict[str, list[Segment]] = {}
    for segment in segments:
        if segment.kind is Kind.CLAIM and segment.english:
            by_document.setdefault(segment.document, []).append(segment)
    for claims in by_document.values():
        claims.sort(key=lambda s: s.index)
    return by_document


def align_claims(segments: Sequence[Segment], embedder=None) -> dict[tuple[str, str], tuple[Candidate, ...]]:
    """The ranked candidates of every claim in every other document.

    Returns ``{(claim id, other document id): (Candidate, ...)}``, best first by
    lexical similarity; only claims with English text take part. Per document
    pair: the TF-IDF cosine of every claim with the other document's claims,
    the ``CANDIDATES_PER_DOCUMENT`` best kept both ways by a sparse product,
    and with ``embedder`` the cosine of their sentence embeddings likewise.
    Each similarity is normalised by a ratio margin against both claims'
    nearest neighbours (Artetxe & Schwenk 2019), so a claim that resembles
    every sentence of a report ("It is very bad.") stands out from none; each
    candidate records whether it is the claim's best and the claim its best.
    Windows of two adjacent claims around a claim's best candidates are scored
    too (one claim may be told in two sentences) when each half relates to it.
    The candidates a reader may see (each claim's best by either similarity)
    also get the MRPC-fitted paraphrase model's probability. Which candidate
    counts, and as what, is translate/compare/'s to decide.
    """
    by_document = _claims_by_document(segments)
    doc_ids = sorted(by_document)
    terms = {s.id: content_terms(s.english or "") for claims in by_document.values() for s in claims}
    vectors = _embeddings(embedder, by_document) if embedder is not None else None
    found: dict[tuple[str, str], tuple[Candidate, ...]] = {}
    for i, a in enumerate(doc_ids):
        for b in doc_ids[i + 1 :]:
            found |= _align_pair(by_document[a], by_document[b], terms, vectors)
    return found


def _embeddings(embedder, by_document: dict[str, list[Segment]]) -> dict[str, np.ndarray]:
    claims = [s for d in sorted(by_document) for s in by_document[d]]
    matrix = embedder.vectors([s.english or "" for s in claims])
    return {s.id: row for s, row in zip(claims, matrix, strict=True)}


class _Similarity:
    """One similarity between the claims of two documents, kept for each claim's nearest few, both ways."""

    def __init__(self, kept: dict[tuple[int, int], float], exact, closeness) -> None:
        self.kept = kept  # (row of the first document, row of the second) -> similarity
        self.exact = exact  # (row, rows of the other document, which way) -> the similarity, kept or not
        self.ranked: tuple[dict[int, list[tuple[float, int]]], dict[int, list[tuple[float, int]]]] = ({}, {})
        for (r, c), v in kept.items():
            self.ranked[0].setdefault(r, []).append((v, c))
            self.ranked[1].setdefault(c, []).append((v, r))
        for way, side in enumerate(self.ranked):
            for row, neighbours in side.items():
                neighbours.sort(key=lambda t: (-round(t[0], TIE_DIGITS), t[1]))
                _break_ties(neighbours, lambda other: closeness(way, row, other))

    def nearest(self, way: int, row: int) -> list[tuple[float, int]]:
        """A claim's neighbours in the other document, best first (way 0: from the first document)."""
        return self.ranked[way].get(row, [])

    def evidence(self, way: int, row: int, others: tuple[int, ...]) -> Evidence:
        value = self.exact(row, others, way)
        def mean(neighbours):
            top = [v for v, _ in neighbours[:MARGIN_NEIGHBOURS]]
            return sum(top) / len(top) if top else 0.0

        here = mean(self.nearest(way, row))
        there = sum(mean(self.nearest(1 - way, o)) for o in others) / len(others)
        scale = (here + there) / 2
        mine = self.nearest(way, row)
        best_here = bool(mine) and value > 0 and (value > mine[0][0] + 1e-12 if len(others) > 1 else mine[0][1] == others[0])
        best_there = any(self.nearest(1 - way, o)[:1] and self.nearest(1 - way, o)[0][1] == row for o in others)
        return Evidence(round(value, 4), round(value / scale, 4) if scale > 0 else 0.0, best_here, best_there)


def _break_ties(neighbours: list[tuple[float, int]], closeness) -> None:
    """Order neighbours of equal similarity by how close their wording is, then by text order.

    "Putin Putin." and "Putin Putin Putin." have the same TF-IDF direction, so
    the cosine cannot tell which of them a copy of one is; the rapidfuzz ratio
    of the two English texts can. Only ties are measured.
    """
    start = 0
    while start < len(neighbours):
        end = start + 1
        while end < len(neighbours) and round(neighbours[end][0], TIE_DIGITS) == round(neighbours[start][0], TIE_DIGITS):
            end += 1
        if end - start > 1:
            neighbours[start:end] = sorted(neighbours[start:end], key=lambda t: (-closeness(t[1]), t[1]))
        start = end


def _align_pair(
    left: list[Segment], right: list[Segment], terms: dict[str, list[tuple[str, str]]], vectors: dict[str, np.ndarray] | None
) -> dict[tuple[str, str], tuple[Candidate, ...]]:
    docs = (left, right)
    va, vb = pair_vectors([terms[s.id] for s in left], [terms[s.id] for s in right])
    rows = (va, vb)
    kept = {(r, c): v for r, ranked in top_per_row(va, vb, CANDIDATES_PER_DOCUMENT) for c, v in ranked}
    kept |= {(r, c): v for c, ranked in top_per_row(vb, va, CANDIDATES_PER_DOCUMENT) for r, v in ranked}

    def lexical_value(row: int, others: tuple[int, ...], way: int) -> float:
        if len(others) == 1:
            known = kept.get((row, others[0]) if way == 0 else (others[0], row))
            if known is not None:
                return known
        summed = np.asarray(rows[1 - way][list(others)].sum(axis=0)).ravel()
        norm = float(np.linalg.norm(summed))
        return float(np.clip((rows[way][row] @ summed)[0] / norm, 0.0, 1.0)) if norm else 0.0

    english = ([s.english or "" for s in left], [s.english or "" for s in right])

    def closeness(way: int, row: int, other: int) -> float:
        return fuzz.ratio(english[way][row], english[1 - way][other])

    lexical = _Similarity(kept, lexical_value, closeness)
    semantic = None
    if vectors is not None:
        embedded = (np.array([vectors[s.id] for s in left]), np.array([vectors[s.id] for s in right]))
        dense = embedded[0] @ embedded[1].T
        top = {}
        for r in range(dense.shape[0]):
            for c in np.argsort(-dense[r], kind="stable")[:CANDIDATES_PER_DOCUMENT]:
                top[(r, int(c))] = float(dense[r, c])
        for c in range(dense.shape[1]):
            for r in np.argsort(-dense[:, c], kind="stable")[:CANDIDATES_PER_DOCUMENT]:
                top[(int(r), c)] = float(dense[r, c])

        def semantic_value(row: int, others: tuple[int, ...], way: int) -> float:
            if len(others) == 1:
                return float(dense[row, others[0]] if way == 0 else dense[others[0], row])
            summed = embedded[1 - way][list(others)].sum(axis=0)
            return float(embedded[way][row] @ summed / (np.linalg.norm(summed) or 1.0))

        semantic = _Similarity(top, semantic_value, closeness)

    out: dict[tuple[str, str], tuple[Candidate, ...]] = {}
    for way in (0, 1):
        claims, others = docs[way], docs[1 - way]
        for row, claim in enumerate(claims):
            keys = _candidate_keys(way, row, len(others), lexical, semantic)
            scored = [
                Candidate(
                    claim=claim.id,
                    others=tuple(others[o].id for o in key),
                    document=others[0].document,
                    lexical=lexical.evidence(way, row, key),
                    semantic=semantic.evidence(way, row, key) if semantic is not None else None,
                )
                for key in keys
            ]
            scored = [c for c in scored if c.lexical.similarity > 0 or (c.semantic and c.semantic.similarity > 0)]
            if scored:
                scored.sort(key=lambda c: (-c.lexical.similarity, -(c.semantic.similarity if c.semantic else 0.0), c.others))
                out[(claim.id, others[0].document)] = tuple(scored)
    return _with_probabilities(out, left, right, terms)


def _candidate_keys(way: int, row: int, size: int, lexical: _Similarity, semantic: _Similarity | None) -> list[tuple[int, ...]]:
    """A claim's nearest claims by each similarity, and the windows of two around its best few whose halves both relate."""
    singles = [c for _, c in lexical.nearest(way, row)]
    if semantic is not None:
        singles += [c for _, c in semantic.nearest(way, row)]
    keys: list[tuple[int, ...]] = [(c,) for c in dict.fromkeys(singles)]
    related = {c for v, c in lexical.nearest(way, row) if v >= WINDOW_HALF}
    for c in [c for _, c in lexical.nearest(way, row)][:WINDOW_AROUND]:
        for window in ((c - 1, c), (c, c + 1)):
            if window[0] >= 0 and window[1] < size and set(window) <= related:
                keys.append(window)
    return list(dict.fromkeys(keys))


def _names_only(candidate: Candidate, terms: dict[str, list[tuple[str, str]]], names: dict[str, set[str]]) -> bool:
    """Whether every content word the two share is a name: sharing who is named is not sharing a claim."""
    mine = {s for s, _ in terms[candidate.claim]}
    theirs = {s for o in candidate.others for s, _ in terms[o]}
    named = names[candidate.claim].union(*(names[o] for o in candidate.others))
    return not (mine & theirs) - named


def _with_probabilities(
    found: dict[tuple[str, str], tuple[Candidate, ...]], left: list[Segment], right: list[Segment], terms: dict[str, list[tuple[str, str]]]
) -> dict[tuple[str, str], tuple[Candidate, ...]]:
    """Add the paraphrase probability and the shared rare words to the candidates a reader may see."""
    english = {s.id: s.english or "" for s in left + right}
    texts = {s.id: Text.of(english[s.id]) for s in left + right}
    names = {s.id: name_stems(english[s.id]) for s in left + right}
    idf = idf_table(list(texts.values()))
    shown = []
    for candidates in found.values():
        best = {candidates[0]}
        if candidates[0].semantic is not None:
            best.add(max(candidates, key=lambda c: c.semantic.similarity))
        best |= {c for c in candidates if c.lexical.best_there or (c.semantic and c.semantic.best_there)}
        shown += [c for c in candidates if c in best]
    keys = list(dict.fromkeys((c.claim, c.others) for c in shown))
    windows = {others: Text.of(" ".join(english[o] for o in others)) for _, others in keys if len(others) > 1}
    scores = probabilities([(texts[claim], windows.get(others) or texts[others[0]]) for claim, others in keys], idf)
    probability = dict(zip(keys, (round(float(p), 4) for p in scores), strict=True))
    out = {}
    for slot, candidates in found.items():
        out[slot] = tuple(
            replace(
                c,
                probability=probability.get((c.claim, c.others)),
                terms=_shared_terms(terms[c.claim], [t for o in c.others for t in terms[o]], idf),
                names_only=_names_only(c, terms, names),
            )
            for c in candidates
        )
    return out
