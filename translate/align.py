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
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sparse_dot_topn import sp_matmul_topn

from .english import content_terms
from .match import MATCH_THRESHOLD, Text, idf_table, probabilities
from .records import Candidate, Kind, Segment

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


def align_claims(
    segments: Sequence[Segment], threshold: float = MATCH_THRESHOLD, embedder=None
) -> dict[tuple[str, str], tuple[Candidate, ...]]:
    """The scored candidates of every claim in every other document.

    Returns ``{(claim id, other document id): (Candidate, ...)}`` in the order
    they were scored; only claims with English text take part. For each claim,
    the nearest claims of the other document by TF-IDF cosine, and the windows
    of two adjacent claims around them (one claim may be told across two
    sentences), are scored in both views of translate/match.py. A window is
    scored only when each half alone reaches ``WINDOW_PART_SHARE`` of
    ``threshold``: otherwise it could not count, and most windows are such.
    Document pairs are visited in id order and no order of sentences is
    assumed, so the result does not depend on the order of the input. With
    ``embedder`` (``--embeddings``) the models that also read the
    sentence-embedding cosine score the pairs. Which candidate counts is
    translate/compare/'s to decide.
    """
    by_document = _claims_by_document(segments)
    doc_ids = sorted(by_document)
    nearest = nearest_claims(segments, CANDIDATES_PER_DOCUMENT)
    segment_of = {s.id: s for claims in by_document.values() for s in claims}
    position = {s.id: k for claims in by_document.values() for k, s in enumerate(claims)}
    texts: dict[tuple[tuple[str, ...], str], Text] = {}
    terms_of: dict[tuple[str, ...], list[tuple[str, str]]] = {}

    def text(key: tuple[str, ...], view: str) -> Text:
        if (key, view) not in texts:
            texts[(key, view)] = Text.of(_english(segment_of, key), view)
        return texts[(key, view)]

    def terms(key: tuple[str, ...]) -> list[tuple[str, str]]:
        if key not in terms_of:
            terms_of[key] = content_terms(_english(segment_of, key))
        return terms_of[key]

    candidates: dict[tuple[str, str], list[Candidate]] = {}
    for i, a in enumerate(doc_ids):
        for b in doc_ids[i + 1 :]:
            pool = [(s.id,) for s in by_document[a] + by_document[b]]
            idf = {view: idf_table([text(k, view) for k in pool]) for view in ("same", "core")}
            known: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[float, float]] = {}

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

            for x, y in ((a, b), (b, a)):
                pairs: list[tuple[str, tuple[str, ...]]] = []
                for claim in by_document[x]:
                    for key in _windows(nearest.get((claim.id, y), []), by_document[y], position):
                        pairs.append((claim.id, key))
                scored = score([p for p in pairs if len(p[1]) == 1])
                single = {(claim, key[0]): max(same, core) for claim, key, same, core in scored}
                scored += score(
                    [(c, k) for c, k in pairs if len(k) > 1 and min(single[(c, m)] for m in k) >= threshold * WINDOW_PART_SHARE]
                )
                for claim, key, same, core in scored:
                    shared = _shared_terms(terms((claim,)), terms(key), idf["same"])
                    candidates.setdefault((claim, y), []).append(
                        Candidate(claim=claim, others=key, document=y, score=same, core_score=core, terms=shared)
                    )
    return {slot: tuple(found) for slot, found in candidates.items()}


def _english(segment_of: dict[str, Segment], key: tuple[str, ...]) -> str:
    return " ".join(segment_of[k].english or "" for k in key)


def _unordered(claim: str, key: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ((claim,), key) if (claim,) <= key else (key, (claim,))


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
