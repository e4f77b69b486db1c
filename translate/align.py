"""Claims x claims -> scored candidates: for every claim, its candidate counterparts in the other documents.

The score is the cosine of rarity-weighted word vectors (TF-IDF over Snowball
stems, stop words removed) and, with ``--embeddings``, of sentence embeddings.

One index over the whole corpus, so that a run grows with the number of claims,
not with its square (bench/corpus_scale.py, docs/performance.md):

1. Every claim gets one TF-IDF vector, rarity counted over all the claims of the
   corpus, after spelling variants are joined across its vocabulary.
2. Retrieval: each claim's ``NEIGHBOURS`` nearest claims in other documents, by
   a sparse matrix product of the claim matrix with itself that keeps only the
   best columns of each row (sparse_dot_topn: compiled, multi-threaded, its
   memory bounded by claims x neighbours, never claims x claims), and with
   embeddings by a blocked dense product (numpy), a few thousand rows at a time.
3. Scoring: only the document pairs those neighbours connect are scored, and in
   each only the claims that found a neighbour there or were found from there.
   A pair is scored on the dense block of its two documents' cosines (a few
   hundred numbers): each claim's nearest few, its ratio margin against both
   sides' nearest neighbours (Artetxe & Schwenk 2019), whether the candidate is
   its best and it the candidate's best, and windows of two adjacent claims, all
   exactly as if every pair of the corpus were scored (``exhaustive=True`` does
   that; tests/test_align.py holds the two equal on the seed corpus).

What a reader is shown beside a verdict, the paraphrase probability of the
MRPC-fitted model and the rare words two claims share, is computed afterwards
for what is shown only (``Alignment.explain``): scoring every candidate pair in
Python was what made the comparison quadratic.

Why not a plain fuzzy ratio over whole sentences: on the seed corpus (English
of the Norwegian article from the reference translation), rapidfuzz ``ratio``,
``token_sort_ratio`` and ``token_set_ratio`` all score the true counterpart of
Putin's "important and stabilising role" below the best match of some claim
that no English report carries (margins -0.06, -0.06, -0.10 on a 0-1 scale):
unrelated sentences share "Putin", "Xi", "China" and the function words. The
rarity-weighted overlap keeps a margin of +0.10 (``python scripts/seed_matching.py``).
rapidfuzz does what it is best at here: ``process.cdist`` over the vocabulary
joins spelling variants and stems the stemmer leaves apart (stabilis/stabil for
stabilising/stabilizing, Usjakov/Ushakov, Valdimir/Vladimir).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sparse_dot_topn import sp_matmul_topn

from .english import content_terms, name_stems
from .match import Text, probabilities
from .records import Candidate, Evidence, Kind, Match, Segment, Verdict

# Nearest claims in other documents retrieved per claim, by each similarity: the claims whose
# documents are scored against its own. Retrieval runs both ways (a claim is scored against the
# documents of the claims that found it too), and the events join the rest.
NEIGHBOURS = 16
# ...and every claim at least this similar besides, up to MOST_NEIGHBOURS: the same sentence
# told by many outlets (wire copy) is found in each of them.
NEAR_COPY = {"lexical": 0.5, "semantic": 0.8}
MOST_NEIGHBOURS = 64
# Neighbours below these cosines are not retrieved, except each claim's nearest (the closest
# candidate a reader is shown). A link needs a TF-IDF cosine of 0.30 and "possibly related" 0.20
# (translate/compare/), counted over the two documents; counted over the corpus, a pair at 0.15
# or more scores 0.55 to 1.3 times as much (1st to 95th percentile, NTREX articles), and this
# floor kept every pair at 0.20 or more there.
RETRIEVAL_FLOOR = {"lexical": 0.15, "semantic": 0.50}
# Events of up to this many documents have every pair of their documents scored in full
# (Alignment.within); larger ones, on retrieval alone, so that a corpus taken as one event
# (--one-event) still grows with its claims, not their square.
COMPLETE_EVENTS_UP_TO = 50
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
# A retrieved claim is scored against a document only where some claim there reaches this
# similarity with it (counted over the two documents), or it is its nearest claim anywhere: below
# it no candidate can count (a window's halves need WINDOW_HALF each, "possibly related" a
# TF-IDF cosine of 0.20 or an embedding cosine of 0.50: translate/compare/, tests/test_align.py).
CANDIDATE_FLOOR = {"lexical": WINDOW_HALF, "semantic": 0.50}

# Words at least this long whose rapidfuzz ratio reaches FUZZY_CUTOFF are one word...
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 85.0
# Similarities equal to this many digits are ties, which the closeness of the wording breaks.
TIE_DIGITS = 9
# Embedding cosines are computed this many matrix cells at a time (float32: 128 MB).
_BLOCK_CELLS = 1 << 25

Progress = Callable[[int, str], Callable[[int], None]]


def _jobs(jobs: int | None) -> int:
    """Threads to use: ``jobs``, or one per core this process may run on."""
    if jobs:
        return max(1, jobs)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# -- the index -------------------------------------------------------------------------------


@dataclass
class ClaimIndex:
    """Every claim with English text, in corpus order (documents by id, claims by position), and its vectors."""

    claims: list[Segment]
    document_of: list[str]  # per row
    rows: dict[str, range]  # per document, its rows
    terms: list[list[tuple[str, str]]]  # (stem, surface word) per row, as ``content_terms`` gives them
    vocabulary: list[str]  # every stem, sorted: column j of ``counts`` is ``vocabulary[j]``
    counts: sparse.csr_matrix  # how often each row uses each stem
    variants: dict[int, list[tuple[int, int]]]  # stem -> [(stem, rapidfuzz ratio)] of its spelling variants
    lexical: sparse.csr_matrix  # TF-IDF over the corpus, spelling variants joined, rows L2-normalised: for retrieval
    semantic: np.ndarray | None = None  # unit-length sentence embeddings, with --embeddings

    @classmethod
    def build(cls, segments: Sequence[Segment], embedder=None, *, jobs: int | None = None) -> ClaimIndex:
        by_document: dict[str, list[Segment]] = {}
        for segment in segments:
            if segment.kind is Kind.CLAIM and segment.english:
                by_document.setdefault(segment.document, []).append(segment)
        claims: list[Segment] = []
        rows: dict[str, range] = {}
        for document in sorted(by_document):
            start = len(claims)
            claims += sorted(by_document[document], key=lambda s: s.index)
            rows[document] = range(start, len(claims))
        document_of = [s.document for s in claims]
        terms = [content_terms(s.english or "") for s in claims]
        vocabulary = sorted({stem for found in terms for stem, _ in found})
        column = {stem: j for j, stem in enumerate(vocabulary)}
        indptr, indices, values = [0], [], []
        for found in terms:
            for stem, n in sorted(Counter(column[s] for s, _ in found).items()):
                indices.append(stem)
                values.append(n)
            indptr.append(len(indices))
        counts = sparse.csr_matrix((values, indices, indptr), shape=(len(claims), max(1, len(vocabulary))), dtype=np.float64)
        variants = spelling_variants(vocabulary, jobs=jobs)
        joined = _join_across_documents(counts, variants, document_of)
        semantic = None
        if embedder is not None:
            semantic = np.asarray(embedder.vectors([s.english or "" for s in claims]), dtype=np.float64).reshape(len(claims), -1)
        return cls(claims, document_of, rows, terms, vocabulary, counts, variants, tfidf(joined), semantic)

    @cached_property
    def has_variants(self) -> np.ndarray:
        found = np.zeros(max(1, len(self.vocabulary)), dtype=bool)
        found[list(self.variants)] = True
        return found

    @cached_property
    def column(self) -> dict[str, int]:
        return {stem: j for j, stem in enumerate(self.vocabulary)}

    def pair_idf(self, a: str, b: str) -> np.ndarray:
        """Each stem's smoothed IDF over the claims of two documents (0 where neither uses it), by column."""
        first, last = self.rows[a], self.rows[b]
        df = np.bincount(self.counts.indices[self.counts.indptr[first.start] : self.counts.indptr[first.stop]], minlength=self.counts.shape[1])
        df += np.bincount(self.counts.indices[self.counts.indptr[last.start] : self.counts.indptr[last.stop]], minlength=self.counts.shape[1])
        n = len(first) + len(last)
        return np.where(df > 0, np.log((1.0 + n) / (1.0 + df)) + 1.0, 0.0)

    @cached_property
    def preferred_variants(self) -> dict[int, np.ndarray]:
        """Each stem's variants, closest first (ties: alphabetical, as the vocabulary is sorted)."""
        return {stem: np.array([o for o, _ in sorted(found, key=lambda t: (-t[1], t[0]))]) for stem, found in self.variants.items()}

    @cached_property
    def row_of(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.claims)}

    @cached_property
    def names(self) -> list[set[str]]:
        return [name_stems(s.english or "") for s in self.claims]

    def pair_vectors(self, a: str, b: str) -> tuple[np.ndarray, np.ndarray]:
        """TF-IDF vectors of two documents' claims, dense over the stems they use, rows L2-normalised.

        Rarity is counted over the two documents' claims, so that adding a third
        document never changes how these two are scored; stems of ``b`` that are
        spelling variants of stems of ``a`` are joined to them first. In numpy:
        a document pair costs some 100 µs, however large the corpus.
        """
        counts, size = self.counts, self.counts.shape[1]
        rows, cols, values = [], [], []
        for offset, document in enumerate((a, b)):
            span = self.rows[document]
            first, last = counts.indptr[span.start], counts.indptr[span.stop]
            rows.append(np.repeat(np.arange(len(span)), np.diff(counts.indptr[span.start : span.stop + 1])) + offset * len(self.rows[a]))
            cols.append(counts.indices[first:last].astype(np.int64))
            values.append(counts.data[first:last])
        known = np.zeros(size, dtype=bool)
        known[cols[0]] = True
        unknown = np.unique(cols[1][~known[cols[1]]])
        renamed = False
        for stem in unknown[self.has_variants[unknown]].tolist():
            partners = self.preferred_variants[stem]
            found = partners[known[partners]]
            if len(found):
                cols[1][cols[1] == stem] = found[0]  # the closest; ties: the first alphabetically
                renamed = True
        row, col, count = np.concatenate(rows), np.concatenate(cols), np.concatenate(values)
        if renamed:  # a claim may now name one stem twice
            cells, at = np.unique(row * size + col, return_inverse=True)
            count = np.bincount(at, weights=count)
            row, col = cells // size, cells % size
        stems, column = np.unique(col, return_inverse=True)
        n = len(self.rows[a]) + len(self.rows[b])
        df = np.bincount(column)
        weight = (1.0 + np.log(count)) * (np.log((1.0 + n) / (1.0 + df[column])) + 1.0)
        norm = np.sqrt(np.bincount(row, weights=weight * weight, minlength=n))
        matrix = np.zeros((n, len(stems)))
        matrix[row, column] = weight / norm[row]
        return matrix[: len(self.rows[a])], matrix[len(self.rows[a]) :]


def spelling_variants(vocabulary: Sequence[str], *, jobs: int | None = None) -> dict[int, list[tuple[int, int]]]:
    """For each stem (by position in ``vocabulary``), the other stems it may be a spelling variant of.

    Stems at least ``FUZZY_MIN_LENGTH`` long whose rapidfuzz ratio reaches
    ``FUZZY_CUTOFF``. Variants share their first letter (stabilis/stabiliz,
    usjakov/ushakov, valdimir/vladimir): comparing within a letter keeps the cost
    near linear in the vocabulary.
    """
    by_letter: dict[str, list[int]] = {}
    for j, stem in enumerate(vocabulary):
        if len(stem) >= FUZZY_MIN_LENGTH:
            by_letter.setdefault(stem[0], []).append(j)
    out: dict[int, list[tuple[int, int]]] = {}
    for ids in by_letter.values():
        if len(ids) < 2:
            continue
        words = [vocabulary[j] for j in ids]
        scores = process.cdist(words, words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, dtype=np.uint8, workers=_jobs(jobs))
        np.fill_diagonal(scores, 0)
        for i, k in zip(*np.nonzero(scores), strict=True):
            out.setdefault(ids[i], []).append((ids[k], int(scores[i, k])))
    return out


def _join_across_documents(counts: sparse.csr_matrix, variants: dict[int, list[tuple[int, int]]], document_of: Sequence[str]) -> sparse.csr_matrix:
    """The counts with each stem renamed to a commoner spelling variant that no document uses beside it.

    One outlet writes Ushakov where a translation writes Usjakov; an article
    naming both Austria and Australia means two countries. For retrieval only:
    scoring joins variants per document pair (``ClaimIndex.pair_vectors``).
    """
    if not variants:
        return counts
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    documents: dict[int, set[str]] = {}
    for row in range(counts.shape[0]):
        for j in counts.indices[counts.indptr[row] : counts.indptr[row + 1]]:
            if int(j) in variants:
                documents.setdefault(int(j), set()).add(document_of[row])
    rename: dict[int, int] = {}
    for stem in sorted(variants, key=lambda j: (-frequency[j], j)):  # commonest first: it keeps its spelling
        if stem in rename:
            continue
        for other, _ in variants[stem]:
            if other not in rename and frequency[other] <= frequency[stem] and other != stem and not documents[stem] & documents[other]:
                rename[other] = stem
    joined = counts.copy()
    joined.indices = np.array([rename.get(j, j) for j in joined.indices.tolist()], dtype=joined.indices.dtype)
    joined.sum_duplicates()
    return joined


def tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """TF-IDF vectors of term counts, one row per claim, L2-normalised: sublinear term frequency times smoothed IDF."""
    counts = counts.copy()
    counts.sum_duplicates()
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    weights = counts.copy()
    weights.data = (1.0 + np.log(counts.data)) * (np.log((1.0 + n) / (1.0 + df[counts.indices])) + 1.0)
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weights)


# -- retrieval -------------------------------------------------------------------------------


def _wanted(values: np.ndarray, kind: str) -> np.ndarray:
    """Which of a claim's neighbours, best first, to retrieve: see ``NEIGHBOURS``."""
    rank = np.arange(len(values))
    keep = ((rank < NEIGHBOURS) & (values >= RETRIEVAL_FLOOR[kind])) | (values >= NEAR_COPY[kind]) | (rank == 0)
    return keep & (rank < MOST_NEIGHBOURS)


@dataclass
class _Wanted:
    """The rows of two documents that want candidates in the other; ``nearest``: those whose nearest
    claim anywhere is there (scored whatever their similarity: the closest candidate shown)."""

    rows: tuple[set[int], set[int]]
    nearest: tuple[set[int], set[int]] | None = None  # None: every row is scored, whatever its similarity


def _lexical_neighbours(index: ClaimIndex, jobs: int | None) -> Iterator[tuple[int, int, bool]]:
    """(row, neighbour row, whether it is the row's nearest) for each claim's nearest claims of other documents by TF-IDF cosine."""
    x = index.lexical
    if x.shape[0] == 0:
        return
    # A claim's own document's claims may fill its best columns: ask for as many more.
    largest = max(len(r) for r in index.rows.values())
    product = sp_matmul_topn(x, x.T.tocsr(), top_n=MOST_NEIGHBOURS + largest, n_threads=_jobs(jobs))
    document = np.array([index.rows[d].start for d in index.document_of])
    for row in range(product.shape[0]):
        start, end = product.indptr[row], product.indptr[row + 1]
        columns, values = product.indices[start:end], product.data[start:end]
        other = (document[columns] != document[row]) & (values > 0)
        columns, values = columns[other], values[other]
        order = np.lexsort((columns, -np.round(values, TIE_DIGITS)))
        for rank, column in enumerate(columns[order][_wanted(values[order], "lexical")]):
            yield row, int(column), rank == 0


def _semantic_neighbours(index: ClaimIndex) -> Iterator[tuple[int, int, bool]]:
    """(row, neighbour row, whether it is the row's nearest) for each claim's nearest claims of other documents by embedding cosine."""
    if index.semantic is None or index.semantic.shape[0] < 2:
        return
    e = index.semantic.astype(np.float32)  # ranking only: the scores are computed again in float64
    n = e.shape[0]
    document = np.array([index.rows[d].start for d in index.document_of])
    k = min(MOST_NEIGHBOURS, n - 1)
    step = max(1, _BLOCK_CELLS // n)
    for first in range(0, n, step):
        block = e[first : first + step] @ e.T
        block[document[first : first + step, None] == document[None, :]] = -np.inf
        nearest = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for offset, columns in enumerate(nearest):
            values = block[offset, columns]
            order = np.lexsort((columns, -values))
            columns, values = columns[order], values[order]
            for rank, column in enumerate(columns[np.isfinite(values) & _wanted(values, "semantic")]):
                yield first + offset, int(column), rank == 0


def _pairs_to_score(index: ClaimIndex, exhaustive: bool, jobs: int | None) -> dict[tuple[str, str], _Wanted]:
    """The document pairs to score (ids in order), each with the rows of either document that want a candidate in the other."""
    documents = sorted(index.rows)
    if exhaustive:
        return {(a, b): _Wanted((set(index.rows[a]), set(index.rows[b]))) for i, a in enumerate(documents) for b in documents[i + 1 :]}
    pairs: dict[tuple[str, str], _Wanted] = {}
    found = _lexical_neighbours(index, jobs)
    if index.semantic is not None:
        found = (*found, *_semantic_neighbours(index))
    for row, other, nearest in found:
        a, b = index.document_of[row], index.document_of[other]
        way = 0 if a < b else 1
        wanted = pairs.setdefault((a, b) if way == 0 else (b, a), _Wanted((set(), set()), (set(), set())))
        wanted.rows[way].add(row)  # the claim finds a candidate in the other document,
        wanted.rows[1 - way].add(other)  # and the claim it found, one in the claim's: retrieval runs both ways
        if nearest:
            wanted.nearest[way].add(row)
    return dict(sorted(pairs.items()))


# -- scoring a document pair -----------------------------------------------------------------


class _Similarity:
    """One similarity between the claims of two documents: the dense block of their cosines, read both ways
    (way 0: from the first document's claims, way 1: from the second's)."""

    def __init__(self, block: np.ndarray, window_value, closeness, positive_only: bool) -> None:
        self.block = (block, block.T)
        self.window_value = window_value  # (way, row, rows of the other document) -> the similarity to their sum
        self.closeness = closeness  # (way, row, other row) -> how close the wording is, to break ties
        self.positive_only = positive_only
        self._nearest: tuple[dict[int, list[tuple[float, int]]], dict[int, list[tuple[float, int]]]] = ({}, {})
        (keep_rows, self._mean_rows, best_rows), (keep_columns, self._mean_columns, best_columns) = self._read(block), self._read(block.T)
        kept = keep_rows | keep_columns.T
        self.kept = (kept, kept.T)
        self.mean = (self._mean_rows, self._mean_columns)
        self.best = (self._settle(0, best_rows), self._settle(1, best_columns))

    def _read(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """From one sort of each row: its ``CANDIDATES_PER_DOCUMENT`` best cells (ties: the earlier column)
        as a mask, its mean similarity to its ``MARGIN_NEIGHBOURS`` nearest (positive ones only, for
        TF-IDF), and its best column (-1: none; -2: tied, for ``_settle``)."""
        kept = np.zeros(block.shape, dtype=bool)
        if block.shape[1] == 0:
            return kept, np.zeros(block.shape[0]), np.full(block.shape[0], -1)
        order = np.argsort(-block, axis=1, kind="stable")
        ranked = np.take_along_axis(block, order, axis=1)
        np.put_along_axis(kept, order[:, :CANDIDATES_PER_DOCUMENT], True, axis=1)
        top = ranked[:, :MARGIN_NEIGHBOURS]
        if self.positive_only:
            kept &= block > 0
            counted = (top > 0).sum(axis=1)
            mean = np.where(top > 0, top, 0.0).sum(axis=1) / np.maximum(counted, 1)
            best = np.where(ranked[:, 0] > 0, order[:, 0], -1)
        else:
            mean = top.mean(axis=1)
            best = order[:, 0].copy()
        if block.shape[1] > 1:
            tied = np.round(ranked[:, 1], TIE_DIGITS) == np.round(ranked[:, 0], TIE_DIGITS)
            best[tied & (best >= 0)] = -2
        return kept, mean, best

    def _settle(self, way: int, best: np.ndarray) -> np.ndarray:
        """Ties for the best column broken as ``nearest`` breaks them."""
        for row in np.flatnonzero(best == -2):
            best[row] = self.nearest(way, int(row))[0][1]
        return best

    def nearest(self, way: int, row: int) -> list[tuple[float, int]]:
        """A claim's neighbours in the other document, best first: its own best few, and the claims that
        have it among theirs. Equal similarities: the closer wording first."""
        cached = self._nearest[way].get(row)
        if cached is None:
            values = self.block[way][row]
            columns = np.flatnonzero(self.kept[way][row])
            cached = sorted(((float(values[c]), int(c)) for c in columns), key=lambda t: (-round(t[0], TIE_DIGITS), t[1]))
            _break_ties(cached, lambda other: self.closeness(way, row, other))
            self._nearest[way][row] = cached
        return cached

    def value(self, way: int, row: int, others: tuple[int, ...]) -> float:
        return float(self.block[way][row, others[0]]) if len(others) == 1 else self.window_value(way, row, others)

    def evidence(self, way: int, row: int, others: tuple[int, ...]) -> Evidence:
        value = self.value(way, row, others)
        here = float(self.mean[way][row])
        there = float(sum(self.mean[1 - way][o] for o in others)) / len(others)
        scale = (here + there) / 2
        best = int(self.best[way][row])
        if len(others) > 1:
            best_here = best >= 0 and value > 0 and value > float(self.block[way][row, best]) + 1e-12
        else:
            best_here = value > 0 and best == others[0]
        best_there = any(int(self.best[1 - way][o]) == row for o in others)
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


def _align_pair(index: ClaimIndex, a: str, b: str, wanted: _Wanted) -> dict[tuple[str, str], tuple[Candidate, ...]]:
    """The candidates of the wanted claims of documents ``a`` and ``b`` in each other's."""
    rows = (index.rows[a], index.rows[b])
    lex = index.pair_vectors(a, b)
    block = np.clip(np.round(lex[0] @ lex[1].T, 12), 0.0, 1.0)  # summation order differs between products
    dense = None
    if index.semantic is not None:
        vectors = (index.semantic[rows[0].start : rows[0].stop], index.semantic[rows[1].start : rows[1].stop])
        dense = vectors[0] @ vectors[1].T
    chosen = _rows_to_score(wanted, rows, block, dense)
    if not chosen[0] and not chosen[1]:
        return {}

    def closeness(way: int, row: int, other: int) -> float:
        return fuzz.ratio(index.claims[rows[way][row]].english or "", index.claims[rows[1 - way][other]].english or "")

    def lexical_window(way: int, row: int, others: tuple[int, ...]) -> float:
        summed = lex[1 - way][list(others)].sum(axis=0)
        norm = float(np.linalg.norm(summed))
        return float(np.clip(lex[way][row] @ summed / norm, 0.0, 1.0)) if norm else 0.0

    lexical = _Similarity(block, lexical_window, closeness, positive_only=True)
    semantic = None
    if dense is not None:

        def semantic_window(way: int, row: int, others: tuple[int, ...]) -> float:
            summed = vectors[1 - way][list(others)].sum(axis=0)
            return float(vectors[way][row] @ summed / (np.linalg.norm(summed) or 1.0))

        semantic = _Similarity(dense, semantic_window, closeness, positive_only=False)

    out: dict[tuple[str, str], tuple[Candidate, ...]] = {}
    ids = tuple([index.claims[r].id for r in rng] for rng in rows)
    for way in (0, 1):
        other_document = (b, a)[way]
        for row in chosen[way]:
            keys = _candidate_keys(way, row, len(rows[1 - way]), lexical, semantic)
            scored = [
                Candidate(
                    claim=ids[way][row],
                    others=tuple(ids[1 - way][o] for o in key),
                    document=other_document,
                    lexical=lexical.evidence(way, row, key),
                    semantic=semantic.evidence(way, row, key) if semantic is not None else None,
                    names_only=_names_only(index, rows[way].start + row, [rows[1 - way].start + o for o in key]),
                )
                for key in keys
            ]
            scored = [c for c in scored if c.lexical.similarity > 0 or (c.semantic and c.semantic.similarity > 0)]
            if scored:
                scored.sort(key=lambda c: (-c.lexical.similarity, -(c.semantic.similarity if c.semantic else 0.0), c.others))
                out[(ids[way][row], other_document)] = tuple(scored)
    return out


def _rows_to_score(wanted: _Wanted, rows: tuple[range, range], block: np.ndarray, dense: np.ndarray | None) -> tuple[list[int], list[int]]:
    """The wanted rows of each document (positions in it) that can have a candidate that counts in the
    other: a cosine there of ``CANDIDATE_FLOOR`` or more (a window's halves need WINDOW_HALF each,
    "possibly related" more; translate/compare/), or their nearest claim anywhere is there."""
    chosen: tuple[list[int], list[int]] = ([], [])
    for way in (0, 1):
        local = sorted(r - rows[way].start for r in wanted.rows[way])
        if wanted.nearest is None:
            chosen[way].extend(local)
            continue
        reach = block.max(axis=1 - way) if block.size else np.zeros(len(rows[way]))
        ok = reach >= CANDIDATE_FLOOR["lexical"]
        if dense is not None and dense.size:
            ok |= dense.max(axis=1 - way) >= CANDIDATE_FLOOR["semantic"]
        nearest = {r - rows[way].start for r in wanted.nearest[way]}
        chosen[way].extend(r for r in local if ok[r] or r in nearest)
    return chosen


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


def _names_only(index: ClaimIndex, row: int, others: list[int]) -> bool:
    """Whether every content word the two share is a name: sharing who is named is not sharing a claim."""
    mine = {s for s, _ in index.terms[row]}
    theirs = {s for o in others for s, _ in index.terms[o]}
    named = index.names[row].union(*(index.names[o] for o in others))
    return not (mine & theirs) - named


# -- the result ------------------------------------------------------------------------------


class Alignment(Mapping):
    """``{(claim id, other document id): (Candidate, ...)}``, best first, and what a reader is shown of a pair."""

    def __init__(self, found: dict[tuple[str, str], tuple[Candidate, ...]], index: ClaimIndex, jobs: int | None = None) -> None:
        self._found = found
        self.index = index
        self.jobs = jobs
        self._texts: dict[str, Text] = {}

    def __getitem__(self, key: tuple[str, str]) -> tuple[Candidate, ...]:
        return self._found[key]

    def __iter__(self):
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def within(self, events: Sequence[Sequence[str]], progress: Progress | None = None) -> Alignment:
        """This alignment with every pair of documents of each event scored in full, every claim of each
        against the other (events of up to ``COMPLETE_EVENTS_UP_TO`` documents): within an event, what
        is compared no longer depends on what retrieval found, and each claim has its closest candidate
        in every other report of its event."""
        pairs = [
            (a, b)
            for event in events
            if 2 <= len(event) <= COMPLETE_EVENTS_UP_TO
            for i, a in enumerate(sorted(d for d in event if d in self.index.rows))
            for b in sorted(d for d in event if d in self.index.rows)[i + 1 :]
        ]
        if not pairs:
            return self
        found = dict(self._found)
        tick = progress(len(pairs), "Comparing within events") if progress is not None else None
        for a, b in pairs:
            found |= _align_pair(self.index, a, b, _Wanted((set(self.index.rows[a]), set(self.index.rows[b]))))
            if tick is not None:
                tick(1)
        ordered = {slot: found[slot] for slot in sorted(found, key=self._slot_order)}
        return Alignment(ordered, self.index, self.jobs)

    def _slot_order(self, slot: tuple[str, str]) -> tuple:
        """Slots in the order an exhaustive alignment makes them: by document pair, then way, then claim."""
        claim, other = slot
        row = self.index.row_of[claim]
        mine = self.index.document_of[row]
        pair, way = ((mine, other), 0) if mine < other else ((other, mine), 1)
        return (pair, way, row)

    def explain(self, verdicts: Sequence[Verdict]) -> tuple[Verdict, ...]:
        """The verdicts with the evidence a reader sees: the rare words shared by every match and candidate
        shown, and the paraphrase model's probability of the matches, the possibly related and the closest.

        Both count rarity over the claims of the two documents, as the pair was scored.
        """
        row_of, index = self.index.row_of, self.index
        shown: dict[tuple[str, tuple[str, ...]], bool] = {}  # (claim, others) -> whether its probability is wanted
        for v in verdicts:
            for m in v.matches + v.related:
                shown[_key(m)] = True
            if v.closest is not None:
                shown[(v.closest.claim, v.closest.others)] = True
            for c in v.candidates:
                shown.setdefault((c.claim, c.others), False)
        by_pair: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
        for claim, others in shown:
            if claim in row_of and all(o in row_of for o in others):
                pair = tuple(sorted({index.document_of[row_of[i]] for i in (claim, *others)}))
                by_pair.setdefault(pair, []).append((claim, others))
        terms: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
        probability: dict[tuple[str, tuple[str, ...]], float] = {}
        for pair, found in by_pair.items():
            idf = index.pair_idf(pair[0], pair[-1])
            for claim, others in found:
                terms[(claim, others)] = self._shared_terms(claim, others, idf)
            wanted = [k for k in found if shown[k]]
            if wanted:
                used = np.flatnonzero(idf)
                table = dict(zip((index.vocabulary[j] for j in used.tolist()), idf[used].tolist(), strict=True))
                scores = probabilities([(self._text((claim,)), self._text(others)) for claim, others in wanted], table)
                probability |= {k: round(float(p), 4) for k, p in zip(wanted, scores, strict=True)}

        def match(m: Match) -> Match:
            return replace(m, probability=probability.get(_key(m)), terms=terms.get(_key(m), ()))

        def candidate(c: Candidate | None) -> Candidate | None:
            if c is None:
                return c
            key = (c.claim, c.others)
            return replace(c, probability=probability.get(key), terms=terms.get(key, ()))

        return tuple(
            replace(
                v,
                matches=tuple(match(m) for m in v.matches),
                related=tuple(match(m) for m in v.related),
                closest=candidate(v.closest),
                candidates=tuple(candidate(c) for c in v.candidates),
            )
            for v in verdicts
        )

    def _shared_terms(self, claim: str, others: Sequence[str], idf: np.ndarray, most: int = 6) -> tuple[str, ...]:
        """The rarest content words the claim shares with the others, as the claim spells them."""
        row_of, terms, column = self.index.row_of, self.index.terms, self.index.column
        surface: dict[str, str] = {}
        for stem, word in terms[row_of[claim]]:
            surface.setdefault(stem, word)
        common = set(surface) & {s for o in others for s, _ in terms[row_of[o]]}
        return tuple(surface[s] for s in sorted(common, key=lambda s: (-idf[column[s]], surface[s]))[:most])

    def _text(self, ids: tuple[str, ...]) -> Text:
        key = " ".join(ids)
        if key not in self._texts:
            self._texts[key] = Text.of(" ".join(self.index.claims[self.index.row_of[i]].english or "" for i in ids))
        return self._texts[key]


def _key(m: Match) -> tuple[str, tuple[str, ...]]:
    """The pair a match's evidence was measured on: the claim and its counterpart, or, for a claim
    matched as half of a window of two (``via``), the counterpart and the window."""
    return (m.other, m.via) if m.via else (m.claim, m.window or (m.other,))


def align_claims(
    segments: Sequence[Segment], embedder=None, *, exhaustive: bool = False, jobs: int | None = None, progress: Progress | None = None
) -> Alignment:
    """The ranked candidates of every claim in the other documents.

    Returns an ``Alignment``: ``{(claim id, other document id): (Candidate, ...)}``,
    best first by lexical similarity; only claims with English text take part.
    A claim has candidates in the documents where retrieval found it a
    neighbour, or found it from there (``exhaustive``: in every document it
    shares a word with). Per document: its ``CANDIDATES_PER_DOCUMENT`` nearest
    claims by each similarity, and windows of two adjacent claims around its
    best few when each half relates to it (one claim may be told in two
    sentences). Each similarity is normalised by a ratio margin against both
    claims' nearest neighbours in the two documents, so a claim that resembles
    every sentence of a report ("It is very bad.") stands out from none; each
    candidate records whether it is the claim's best and the claim its best.
    Which candidate counts, and as what, is translate/compare/'s to decide.
    ``jobs``: threads for the sparse product and rapidfuzz (default: every core).
    """
    index = ClaimIndex.build(segments, embedder, jobs=jobs)
    pairs = _pairs_to_score(index, exhaustive, jobs)
    tick = progress(len(pairs), "Comparing document pairs") if progress is not None and pairs else None
    found: dict[tuple[str, str], tuple[Candidate, ...]] = {}
    for (a, b), wanted in pairs.items():
        found |= _align_pair(index, a, b, wanted)
        if tick is not None:
            tick(1)
    return Alignment(found, index, jobs)


def nearest_claims(segments: Sequence[Segment], most: int = 1) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """The ``most`` nearest claims of every claim in the other documents it was scored against, by TF-IDF cosine.

    Returns ``{(claim id, other document id): [(other claim id, cosine), ...]}``.
    """
    alignment = align_claims(segments)
    out = {}
    for (claim, document), candidates in alignment.items():
        singles = [c for c in candidates if len(c.others) == 1 and c.lexical.similarity > 0]
        if singles:
            out[(claim, document)] = [(c.others[0], c.lexical.similarity) for c in singles[:most]]
    return out
