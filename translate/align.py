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
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sparse_dot_topn import sp_matmul_topn

from .records import Kind, Match, Segment

# Below this score a candidate is not the same claim. Set midway between the best
# match of a Norwegian claim no English report carries (0.26) and the true
# counterpart of the "stabilising role" claim (0.36): scripts/seed_matching.py.
# A calibrated probability replaces it once the matcher is fitted on MRPC.
DEFAULT_THRESHOLD = 0.30

# Words at least this long whose rapidfuzz ratio reaches FUZZY_CUTOFF are one word.
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 85.0
# Best columns kept per row by the sparse product: the best one, and ties for it,
# which are broken by text order as a dense argmax would break them.
TOP_N = 8

# The Snowball project's English stop-word list (snowballstem.org, BSD licence),
# plus modal verbs and the reporting verbs of news copy ("said", "told",
# "according"), which say who spoke, not what the claim is.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing would
    should could ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd
    he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't
    hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot
    couldn't mustn't let's that's who's what's here's there's when's where's why's how's a an the
    and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very
    will shall can may might must also said says say told tell tells according""".split()
)

_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: the Snowball stemmers, compiled

    return Stemmer.Stemmer("english")


def content_terms(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) for each content word of an English text, in order."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    text = re.sub(r"'s\b", "", text)  # possessive: "Russia's" is Russia
    words = [w for w in _WORD.findall(text.replace("'", " ")) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
    stems = _stemmer().stemWords(words)
    return list(zip(stems, words))


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
    ranked = sorted(common, key=lambda s: (-idf[s], surface[s]))
    return tuple(surface[s] for s in ranked[:most])


def best_per_row(x: sparse.csr_matrix, y: sparse.csr_matrix) -> list[tuple[int, int, float]]:
    """(row, best column, cosine) for every row of x with a word in common with some row of y.

    Rows are L2-normalised, so the product is the cosine. Ties go to the lowest
    column, as a dense argmax would give them.
    """
    if x.shape[0] == 0 or y.shape[0] == 0:
        return []
    product = sp_matmul_topn(x, y.T.tocsr(), top_n=TOP_N, n_threads=min(4, os.cpu_count() or 1))
    out = []
    for row in range(product.shape[0]):
        start, end = product.indptr[row], product.indptr[row + 1]
        if start == end:
            continue  # not a word in common: no candidate at all
        scores = np.round(product.data[start:end], 12)  # summation order differs from a dense product's
        columns = product.indices[start:end]
        best = scores.max()
        column = int(columns[scores == best].min())
        score = float(np.clip(best, 0.0, 1.0))
        if score > 0.0:
            out.append((row, column, score))
    return out


def align_claims(segments: Sequence[Segment]) -> dict[tuple[str, str], Match]:
    """The best candidate of every claim in every other document, with its score.

    Returns ``{(claim id, other document id): Match}``; only claims with English
    text take part. Document pairs are visited in id order, so the result does
    not depend on the order of the input.
    """
    by_document: dict[str, list[Segment]] = {}
    for segment in segments:
        if segment.kind is Kind.CLAIM and segment.english:
            by_document.setdefault(segment.document, []).append(segment)
    for claims in by_document.values():
        claims.sort(key=lambda s: s.index)
    doc_ids = sorted(by_document)
    terms = {d: [content_terms(s.english or "") for s in by_document[d]] for d in doc_ids}
    candidates: dict[tuple[str, str], Match] = {}
    for i, a in enumerate(doc_ids):
        for b in doc_ids[i + 1 :]:
            left = _Side([s.id for s in by_document[a]], [list(t) for t in terms[a]])
            right = _Side([s.id for s in by_document[b]], [list(t) for t in terms[b]])
            _join_spelling_variants(left, right)
            va, vb, idf = _weighted_vectors(left, right)
            for y, side_x, side_y, (x_vectors, y_vectors) in ((b, left, right, (va, vb)), (a, right, left, (vb, va))):
                for row, column, score in best_per_row(x_vectors, y_vectors):
                    candidates[(side_x.ids[row], y)] = Match(
                        claim=side_x.ids[row],
                        other=side_y.ids[column],
                        document=y,
                        score=round(score, 4),
                        terms=_shared_terms(side_x.terms[row], side_y.terms[column], idf),
                    )
    return candidates
