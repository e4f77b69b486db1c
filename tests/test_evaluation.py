"""The segmenter against the labelled seed corpus (tests/data/seed_segments.toml, written by reading the articles).

The thresholds are the issue's targets; the measured figures are in docs/evaluation.md.
"""

from __future__ import annotations

import pytest

from translate.corpus import load_corpus
import evaluate
from evaluate import CORPUS, SEGMENT_LABELS, load_segment_labels, main, same_speaker, segmentation_scores
from translate.records import Kind


@pytest.fixture(scope="module")
def scores():
    documents = load_corpus(CORPUS)
    return segmentation_scores(documents, load_segment_labels(SEGMENT_LABELS, documents))


def test_labels_cover_every_document_of_the_seed_corpus(corpus_dir):
    documents = load_corpus(corpus_dir)
    labels = load_segment_labels(SEGMENT_LABELS, documents)
    assert {label.document for label in labels} == {d.id for d in documents}
    kinds = {label.kind for label in labels}
    assert kinds == {Kind.CLAIM, Kind.HEADING, Kind.BOILERPLATE}


def test_sentence_boundary_f1(scores):
    assert scores["boundary"][2] >= 0.97


def test_boilerplate_recall_and_precision(scores):
    precision, recall, _ = scores["boilerplate"]
    assert recall == 1.0
    assert precision >= 0.9


def test_speaker_accuracy(scores):
    assert scores["speaker"] >= 0.9
    assert scores["speaker, attributed claims"] >= 0.9


@pytest.mark.parametrize(
    "expected, found, same",
    [("Jurij Usjakov", "Usjakov", True), ("Putin", "putin", True), (None, None, True), ("Xi", None, False), (None, "Xi", False), ("Xi", "Putin", False)],
)
def test_speakers_agree_by_their_last_name(expected, found, same):
    assert same_speaker(expected, found) is same


def test_evaluate_command_prints_the_table(capsys):
    assert main(["segmentation"]) == 0
    out = capsys.readouterr().out
    assert "| Segment boundaries" in out and "| Speaker, all claims" in out


# ---- matching: the figures of docs/evaluation.md, asserted a little below what was measured ----------

import matching  # noqa: E402  (scripts/matching.py, on the path conftest.py sets)


@pytest.fixture(scope="module")
def seed():
    return matching.seed_outcome()


def test_seed_events_are_the_three_the_articles_report(seed):
    assert sorted(map(sorted, seed.events_found)) == [["000"], ["001"], ["002", "003", "004"]]


def test_seed_links_within_the_state_visit_are_precise_and_find_most_sure_pairs(seed):
    # Measured: precision 14/15, recall 11/15 (docs/evaluation.md); the targets 0.9 and 0.5.
    assert seed.same_event["right"] / seed.same_event["links"] >= 0.9
    assert seed.same_event["sure found"] / seed.same_event["sure"] >= 0.65


def test_seed_tells_nothing_differently(seed):
    # No pair of the state visit's reports tells a detail differently, and two visits never contradict.
    assert seed.diverging_across_events == 0
    assert seed.diverging == []


@pytest.mark.skipif(not matching.ntrex_available(), reason=f"NTREX is read from {matching.NTREX}, which this checkout does not have")
def test_ntrex_stories_links_are_precise_and_the_rebounds_are_told_differently(tmp_path):
    outcomes = matching.ntrex_outcomes(tmp_path)
    links = sum(o.same_event["links"] for o in outcomes)
    right = sum(o.same_event["right"] for o in outcomes)
    sure, found = sum(o.same_event["sure"] for o in outcomes), sum(o.same_event["sure found"] for o in outcomes)
    # Measured: precision 14/15, recall 8/18.
    assert right / links >= 0.85 and found / sure >= 0.35
    # 2.6 rebounds a game (CBS) against 2.9 (Reuters): the one labelled conflict.
    assert sum(o.conflicts_found > 0 for o in outcomes) == sum(o.conflicts_expected for o in outcomes) == 1
    palin = next(o for o in outcomes if "Palin" in o.name)
    assert sorted(map(sorted, palin.events_found)) == [["cnn.304478"], ["newsweek.51339"]]  # two arrests, 2016 and 2018


@pytest.mark.skipif(not matching.claimdiff_available(), reason=f"ClaimDiff is read from {matching.CLAIMDIFF}, which this checkout does not have")
def test_claimdiff_different_claims_of_one_story_are_rarely_linked():
    scores = matching.claimdiff_scores()
    # Measured: 2 of 256 (0.8%); the target: under 3%.
    assert scores["different"] > 200 and scores["different linked"] / scores["different"] < 0.02


@pytest.mark.skipif(not (evaluate.NTREX / "newstest2019-ref.nob.txt").is_file(), reason=f"NTREX is read from {evaluate.NTREX}, which this checkout does not have")
def test_held_out_sentence_boundaries_are_as_good_as_plain_sentencex():
    # Measured (docs/evaluation.md): F1 0.917 against 0.915 (English), 0.871 against 0.859 (Bokmål).
    scores = evaluate.held_out_boundaries()
    for language in ("en", "nb"):
        ours, plain = scores[language]["translate-compare"], scores[language]["sentencex"]
        assert ours[0] >= plain[0] and ours[2] >= plain[2], language
        assert ours[1] >= plain[1] - 0.005, language  # one boundary each: "Sept." (cut off), "eksportvare? i alle fall"
