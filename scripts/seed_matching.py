"""Why the matcher is not a plain fuzzy ratio: margins on the seed corpus, side by side.

For the Norwegian article (English from the human reference translation), take
the claim read off the articles as shared (Putin's "important and stabilising
role") and the claims read off as absent from every English report (the ten
listed below, by a fragment of their text). A scorer separates them when the
shared claim's best English score is above every absent claim's best score.

    python scripts/seed_matching.py
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from translate.align import align_claims, nearest_claims
from translate.corpus import load_corpus
from translate.mt import SuppliedTranslations, translate_segments
from translate.records import Kind
from translate.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
SHARED = "«viktig og stabiliserende rolle»"
ABSENT = [
    "«negative innflytelse»", "Natos utvidelse østover", "Australia, Storbritannia og USA",
    "ved lunsjtider fredag", "privat lunsj sammen", "boikott av OL", "å politisere sport og bruke",
    "et nytt steg i partnerskapet", "sikkerhetsgarantier", "vennskapets og det strategiske",
]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def main() -> None:
    documents = load_corpus(ROOT / "corpus")
    segments = [s for d in documents for s in segment_document(d)]
    segments, _ = translate_segments(documents, segments, supplied=SuppliedTranslations.read(ROOT / "corpus/reference/000.en.tsv"))
    claims = [s for s in segments if s.kind is Kind.CLAIM]
    norwegian = [s for s in claims if s.document == "000"]
    english = {d.id: [s for s in claims if s.document == d.id] for d in documents if d.language == "en"}

    def pick(fragment):
        (claim,) = [s for s in norwegian if fragment in s.text]
        return claim

    rows = []
    for name in ("ratio", "token_sort_ratio", "token_set_ratio"):
        scorer = getattr(fuzz, name)

        def best(claim):
            return max(process.cdist([normalise(claim.english)], [normalise(e.english) for e in ens], scorer=scorer).max() / 100 for ens in english.values())

        rows.append((f"rapidfuzz {name}", best(pick(SHARED)), max(best(pick(f)) for f in ABSENT)))
    nearest = nearest_claims(segments)
    candidates = align_claims(segments)

    def best_tfidf(claim):
        return max((nearest[(claim.id, d)][0][1] for d in english if (claim.id, d) in nearest), default=0.0)

    def best_model(claim):
        return max((candidates[(claim.id, d)].score for d in english if (claim.id, d) in candidates), default=0.0)

    rows.append(("TF-IDF cosine (candidate retrieval)", best_tfidf(pick(SHARED)), max(best_tfidf(pick(f)) for f in ABSENT)))
    rows.append(("shipped matcher (MRPC probability)", best_model(pick(SHARED)), max(best_model(pick(f)) for f in ABSENT)))
    print(f"{'scorer':34s} {'shared claim':>12s} {'best absent':>12s} {'margin':>8s}")
    for name, shared, absent in rows:
        print(f"{name:34s} {shared:12.3f} {absent:12.3f} {shared - absent:+8.3f}")


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
