"""Pairs of English claims -> the probability that they state the same claim.

Features of a pair (all on normalised English text):
- rapidfuzz ``ratio``, ``token_sort_ratio``, ``token_set_ratio`` and ``partial_ratio``;
- content-word overlap weighted by rarity (IDF over the texts being compared):
  TF-IDF cosine over Snowball stems, and the rarity-weighted share of the
  shorter claim's stems the other has;
- unweighted stem overlap, and word-bigram overlap (word order);
- numbers, dates (weekdays, months, times of day), names (capitalised words),
  quoted words: agreeing, conflicting, or present on one side only;
- length ratio.

A logistic model over these features, fitted on MRPC's training pairs by
``scripts/fit_matcher.py`` and shipped as the coefficients in ``weights.json``,
turns them into a probability. Nothing is fitted at run time.

What the probability is for: MRPC asks whether two sentences are paraphrases,
details and all, so the probability is shown beside each counterpart as
evidence. It does not rank or decide links: measured on the seed corpus and on
NTREX stories, it put the true counterpart first for 23 of 50 and 11 of 38
claims, against 35 and 32 for the plain TF-IDF cosine (translate/align.py),
because it reads a counterpart that adds a clause of its own as a different
sentence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from .english import content_terms, dates, name_stems, negated, normalise, numbers, stem_words
from .weights import WEIGHTS, shipped

FEATURES = (
    "ratio", "token_sort", "token_set", "partial", "tfidf_cosine", "rare_containment", "stem_overlap",
    "bigram_overlap", "length_ratio", "numbers_agree", "numbers_conflict", "numbers_one_side",
    "dates_conflict", "names_overlap", "names_one_side", "negation_mismatch",
    "bleu_min", "bleu_max", "word_lcs", "unmatched_rare_max", "unmatched_rare_min", "length_difference",
    "meteor_min", "meteor_max", "aligned_min",
)


@dataclass(frozen=True, slots=True)
class Text:
    """What the features need of one text, computed once however many pairs it is in."""

    raw: str  # the text as given
    norm: str
    words: tuple[str, ...]  # normalised words, stop words kept: word order and function words matter here
    tokens: tuple[str, ...]  # the same words, stemmed
    stems: tuple[str, ...]
    bigrams: frozenset[tuple[str, str]]
    grams: tuple[Counter, ...]  # 1- to 4-grams of the stemmed words, counted: for the BLEU-style precision
    numbers: frozenset[str]
    dates: frozenset[str]
    names: frozenset[str]
    negated: bool
    word_at: dict[str, tuple[int, ...]]  # where each word is, in order: for the METEOR-style alignment
    token_at: dict[str, tuple[int, ...]]  # the same for the stemmed words

    @classmethod
    def of(cls, raw: str) -> Text:
        norm = normalise(raw)
        tokens = norm.split()
        stemmed = stem_words(tokens)
        return cls(
            raw=raw,
            norm=norm,
            words=tuple(tokens),
            tokens=tuple(stemmed),
            stems=tuple(s for s, _ in content_terms(raw)),
            bigrams=frozenset(zip(stemmed, stemmed[1:], strict=False)),
            grams=tuple(Counter(zip(*(stemmed[i:] for i in range(n)), strict=False)) for n in range(1, 5)),
            numbers=frozenset(numbers(raw)),
            dates=frozenset(dates(raw)),
            names=frozenset(name_stems(raw)),
            negated=negated(raw),
            word_at=_positions(tokens),
            token_at=_positions(stemmed),
        )


def _positions(keys: Sequence[str]) -> dict[str, tuple[int, ...]]:
    at: dict[str, list[int]] = {}
    for j, key in enumerate(keys):
        at.setdefault(key, []).append(j)
    return {key: tuple(js) for key, js in at.items()}


def idf_table(texts: Sequence[Text]) -> dict[str, float]:
    """Smoothed inverse document frequency of every stem over ``texts``."""
    df = Counter(s for t in texts for s in set(t.stems))
    n = len(texts)
    return {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in df.items()}


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _ngram_precisions(a: Text, b: Text) -> tuple[float, float]:
    """Smoothed sentence BLEU of ``a`` against ``b`` and of ``b`` against ``a`` (geometric mean of
    1-4-gram precisions, no brevity penalty). The clipped matches are the same both ways; only
    the totals differ."""
    if not a.tokens or not b.tokens:
        return 0.0, 0.0
    logs_a, logs_b = [], []
    for grams_a, grams_b in zip(a.grams, b.grams, strict=True):
        small, large = (grams_a, grams_b) if len(grams_a) <= len(grams_b) else (grams_b, grams_a)
        hits = sum(min(c, large[g]) for g, c in small.items() if g in large)
        n = len(logs_a) + 1
        logs_a.append(math.log((hits + 1) / (max(0, len(a.tokens) - n + 1) + 1)))
        logs_b.append(math.log((hits + 1) / (max(0, len(b.tokens) - n + 1) + 1)))
    return math.exp(sum(logs_a) / len(logs_a)), math.exp(sum(logs_b) / len(logs_b))


@dataclass(frozen=True, slots=True)
class _Weighted:
    """What the rarity-weighted features need of one text under one IDF table, computed once per text."""

    weight: dict[str, float]  # distinct stem -> IDF
    vector: dict[str, float]  # distinct stem -> sublinear TF x IDF
    norm: float
    total: float  # the IDF summed over the distinct stems

    @classmethod
    def of(cls, text: Text, idf: dict[str, float], default_idf: float) -> _Weighted:
        counts = Counter(text.stems)
        weight = {s: idf.get(s, default_idf) for s in counts}
        vector = {s: (1 + math.log(c)) * weight[s] for s, c in counts.items()}
        return cls(weight, vector, math.sqrt(sum(x * x for x in vector.values())), sum(weight.values()))


def pair_features(a: Text, b: Text, wa: _Weighted, wb: _Weighted) -> list[float]:
    """The feature vector of one pair, in the order of FEATURES (``wa``, ``wb``: the texts' weights)."""
    common = wa.weight.keys() & wb.weight.keys()
    shared = sum(wa.weight[s] for s in common)  # the same IDF on both sides
    cosine = sum(wa.vector[s] * wb.vector[s] for s in common) / (wa.norm * wb.norm) if wa.norm and wb.norm else 0.0
    smaller = min(wa.total, wb.total)
    rare = shared / smaller if smaller else 0.0
    union = len(wa.weight) + len(wb.weight) - len(common)
    stem_overlap = len(common) / union if union else 0.0
    unmatched_a = 1.0 - shared / wa.total if wa.total else 0.0  # share of a's weighted content b lacks
    unmatched_b = 1.0 - shared / wb.total if wb.total else 0.0
    ta, tb = len(a.words), len(b.words)
    both_numbers = bool(a.numbers and b.numbers)
    return [
        fuzz.ratio(a.norm, b.norm) / 100,
        fuzz.token_sort_ratio(a.norm, b.norm) / 100,
        fuzz.token_set_ratio(a.norm, b.norm) / 100,
        fuzz.partial_ratio(a.norm, b.norm) / 100,
        cosine,
        rare,
        stem_overlap,
        _overlap(a.bigrams, b.bigrams),
        min(ta, tb) / max(ta, tb) if ta and tb else 0.0,
        float(both_numbers and bool(a.numbers & b.numbers)),
        float(both_numbers and not a.numbers & b.numbers),
        float(bool(a.numbers) != bool(b.numbers)),
        float(bool(a.dates and b.dates) and not a.dates & b.dates),
        _overlap(a.names, b.names),
        float(bool(a.names ^ b.names)) * len(a.names ^ b.names) / max(1, len(a.names | b.names)),
        float(a.negated != b.negated),
        min(bleu := _ngram_precisions(a, b)),
        max(bleu),
        Indel.normalized_similarity(a.tokens, b.tokens),
        max(unmatched_a, unmatched_b),
        min(unmatched_a, unmatched_b),
        math.log1p(abs(ta - tb)),
        min(meteor_ab := _meteor(a, b), meteor_ba := _meteor(b, a))[0],
        max(meteor_ab, meteor_ba)[0],
        min(meteor_ab[1], meteor_ba[1]),
    ]


def _meteor(a: Text, b: Text) -> tuple[float, float]:
    """METEOR-style score of ``a`` against ``b`` and the share of words aligned.

    Words are aligned one to one in three passes, as METEOR does: the same word,
    the same Snowball stem, then a spelling variant (rapidfuzz ratio >= 80 for
    words of four letters or more). The F-mean weighs recall nine to one and is
    reduced by a fragmentation penalty when the aligned words are out of order.
    """
    taken = [False] * len(b.words)
    aligned: dict[int, int] = {}
    for keys_a, at_b in ((a.words, b.word_at), (a.tokens, b.token_at)):
        cursor: dict[str, int] = {}  # per key, the first of its places in b that may still be free
        for i, key in enumerate(keys_a):
            if i in aligned or key not in at_b:
                continue
            spots, k = at_b[key], cursor.get(key, 0)
            while k < len(spots) and taken[spots[k]]:
                k += 1
            if k < len(spots):
                aligned[i] = spots[k]
                taken[spots[k]] = True
                k += 1
            cursor[key] = k
    rest_a = [i for i, w in enumerate(a.words) if i not in aligned and len(w) >= 4]
    rest_b = [j for j, w in enumerate(b.words) if not taken[j] and len(w) >= 4]
    if rest_a and rest_b:
        close = process.cdist([a.words[i] for i in rest_a], [b.words[j] for j in rest_b], scorer=fuzz.ratio, score_cutoff=80)
        for row, column in zip(*np.nonzero(close), strict=True):  # row by row, each row's columns in order
            i, j = rest_a[row], rest_b[column]
            if i not in aligned and not taken[j]:
                aligned[i] = j
                taken[j] = True
    m = len(aligned)
    if not m:
        return 0.0, 0.0
    precision, recall = m / len(a.words), m / len(b.words)
    fmean = 10 * precision * recall / (recall + 9 * precision)
    pairs = sorted(aligned.items())
    chunks = 1 + sum(1 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:], strict=False) if not (i2 == i1 + 1 and j2 == j1 + 1))
    return fmean * (1 - 0.5 * (chunks / m) ** 3), min(precision, recall)


@dataclass(frozen=True, slots=True)
class Model:
    """A fitted logistic model: features are standardised, then weighted."""

    view: str
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # the probability that maximised cross-validated accuracy on MRPC's training pairs

    @classmethod
    def from_json(cls, view: str, data: dict) -> Model:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{WEIGHTS.name}: the {view} model was fitted on other features; run scripts/fit_matcher.py")
        return cls(
            view=view,
            mean=np.array(data["mean"]),
            scale=np.array(data["scale"]),
            coef=np.array(data["coef"]),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
        )

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def models() -> dict[str, Model]:
    """The shipped coefficients (translate/weights.json)."""
    return {view: Model.from_json(view, fitted) for view, fitted in shipped()["models"].items()}


MODEL_NAME: str = shipped()["name"]
# The probability from which two sentences are paraphrases: the threshold that maximised
# cross-validated accuracy on MRPC's training pairs (scripts/fit_matcher.py).
MATCH_THRESHOLD: float = models()["same"].threshold


def feature_matrix(pairs: Sequence[tuple[Text, Text]], idf: dict[str, float]) -> np.ndarray:
    default = max(idf.values(), default=1.0)
    weighted: dict[int, _Weighted] = {}  # by id(): a text is in many pairs
    for text in (t for pair in pairs for t in pair):
        if id(text) not in weighted:
            weighted[id(text)] = _Weighted.of(text, idf, default)
    rows = [pair_features(a, b, weighted[id(a)], weighted[id(b)]) for a, b in pairs]
    return np.array(rows, dtype=np.float64).reshape(len(pairs), len(FEATURES))


def probabilities(pairs: Sequence[tuple[Text, Text]], idf: dict[str, float]) -> np.ndarray:
    """Probability that each pair is a paraphrase, from the shipped coefficients."""
    if not pairs:
        return np.zeros(0)
    return models()["same"].probability(feature_matrix(pairs, idf))


def score_pairs(pairs: list[tuple[str, str]]) -> list[float]:
    """Probability that each pair of English texts is a paraphrase (the MRPC-fitted model).

    Rarity (IDF) is counted over all the texts in ``pairs``, as the pipeline
    counts it over the claims of the two documents it compares.
    """
    texts = {t: Text.of(t) for pair in pairs for t in pair}
    idf = idf_table(list(texts.values()))
    return [float(p) for p in probabilities([(texts[a], texts[b]) for a, b in pairs], idf)]
