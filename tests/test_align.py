from __future__ import annotations

import dataclasses

import pytest

from translate.align import align_claims, nearest_claims
from translate.compare import choose_matches
from translate.corpus import load_corpus
from translate.english import content_terms
from translate.match import MATCH_THRESHOLD as DEFAULT_THRESHOLD
from translate.records import Kind
from translate.segment import segment_document


def _english_claims(corpus_dir, ids=("001", "002", "003", "004")):
    documents = [d for d in load_corpus(corpus_dir) if d.id in ids]
    return [s for d in documents for s in segment_document(d)]


def _best(segments):
    """The counterpart compare chooses for every claim in every other document (all English here)."""
    return choose_matches(segments, align_claims(segments), DEFAULT_THRESHOLD, {s.document: "en" for s in segments})


def _find(segments, fragment):
    (segment,) = [s for s in segments if fragment in s.text]
    return segment


def test_content_terms_drop_stop_words_and_stem():
    stems = [s for s, _ in content_terms("Russia's leaders said they were stabilising the relations")]
    assert stems == ["russia", "leader", "stabilis", "relat"]


def test_align_matches_the_blinken_sentence_of_002_and_004(corpus_dir):
    segments = _english_claims(corpus_dir)
    a = _find(segments, "Antony Blinken flew to China")
    b = _find(segments, "Antony Blinken flew into China")
    candidates = _best(segments)
    assert candidates[(a.id, "004")].other == b.id
    assert candidates[(b.id, "002")].other == a.id
    assert candidates[(a.id, "004")].score >= DEFAULT_THRESHOLD
    terms = candidates[(a.id, "004")].terms
    assert "antony" in terms
    assert all(t in a.text.lower() and t in b.text.lower() for t in terms)


@pytest.mark.xfail(
    strict=True,
    reason="known miss of the MRPC-fitted matcher (issue 4 note): 002's quote scores below the threshold against "
    "003's rewording, and is matched, with its neighbour, to 003's next claim; the TF-IDF cosine it replaced found it",
)
def test_align_catches_the_reworded_xi_quote(corpus_dir):
    # 002: "The China-Russia relationship today is hard-earned ..."; 003: "We have worked hard for
    # the current China-Russia relationship ...": the same quote, translated differently.
    segments = _english_claims(corpus_dir)
    a = _find(segments, "need to cherish and nurture it,” Xi told Putin as the leaders met")
    b = _find(segments, "We have worked hard for the current China-Russia relationship")
    match = _best(segments)[(a.id, "003")]
    assert (match.other, match.score >= DEFAULT_THRESHOLD) == (b.id, True)


@pytest.mark.xfail(
    strict=True,
    reason="known false match of the MRPC-fitted matcher (issue 4 note): MRPC has no unrelated pairs, and the model "
    "scores this one 0.62; fitting with unrelated negatives fixed it but lost every true Norwegian-English match",
)
def test_align_does_not_match_sentences_that_only_share_names(corpus_dir):
    segments = _english_claims(corpus_dir)
    a = _find(segments, "Putin was given full military honors in Beijing.")
    assert _best(segments)[(a.id, "001")].score < DEFAULT_THRESHOLD


def test_align_does_not_depend_on_input_order(corpus_dir):
    segments = _english_claims(corpus_dir)
    assert align_claims(segments) == align_claims(list(reversed(segments)))


def test_align_scores_between_two_documents_ignore_a_third(corpus_dir):
    # IDF is counted per document pair, so adding a document changes nothing between the others.
    two = _english_claims(corpus_dir, ("002", "004"))
    three = two + [
        dataclasses.replace(s, document="999")
        for s in segment_document(load_corpus(corpus_dir)[1])
        if s.kind is Kind.CLAIM
    ]
    before = align_claims(two)
    after = align_claims(three)
    assert {k: v for k, v in after.items() if k[1] != "999" and not k[0].startswith("999")} == before


def test_align_document_compared_with_itself_is_all_matched(corpus_dir):
    segments = _english_claims(corpus_dir, ("004",))
    twin = [dataclasses.replace(s, document="copy") for s in segments]
    candidates = _best(segments + twin)
    for s in segments:
        if s.kind is Kind.CLAIM:
            match = candidates[(s.id, "copy")]
            assert match.other == f"copy.{s.index}" and match.score > 0.99


def test_align_gives_the_verdicts_of_exhaustive_scoring_on_the_seed_corpus(corpus_dir):
    # The sparse top-n product must pick, for every claim and document, what a dense
    # n x m cosine matrix with argmax picks: same counterpart, same score.
    from translate.align import pair_vectors

    segments = _english_claims(corpus_dir)
    found = {key: ranked[0] for key, ranked in nearest_claims(segments).items()}
    by_doc: dict[str, list] = {}
    for s in segments:
        if s.kind is Kind.CLAIM:
            by_doc.setdefault(s.document, []).append(s)
    checked = 0
    docs = sorted(by_doc)
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            va, vb = pair_vectors([content_terms(s.english) for s in by_doc[a]], [content_terms(s.english) for s in by_doc[b]])
            dense = (va @ vb.T).toarray()
            left_ids, right_ids = [s.id for s in by_doc[a]], [s.id for s in by_doc[b]]
            for x_ids, y_ids, y_doc, matrix in ((left_ids, right_ids, b, dense), (right_ids, left_ids, a, dense.T)):
                for row, claim in enumerate(x_ids):
                    column = int(matrix[row].argmax())
                    if matrix[row, column] <= 0:
                        assert (claim, y_doc) not in found
                        continue
                    assert found[(claim, y_doc)] == (y_ids[column], round(float(matrix[row, column]), 4))
                    checked += 1
    assert checked > 200  # 6 document pairs, both ways, about 20 claims each
