"""The claim matcher: score_pairs, typed differences, the word diff, the MT-error guard, and its figures.

Expected values come from reading the sentences: which details differ, which
words the two versions share. The seed and MRPC figures are asserted a little
below the measured ones (docs/evaluation.md), so a regression fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import translate
from evaluate import MRPC, matching_scores, mrpc_scores
from translate.compare.differences import differences, word_diff
from translate.compare.guard import translation_issues
from translate.english import core
from translate.lang import rules_for
from translate.match import MATCH_THRESHOLD
from translate.report.markdown import markdown_word_diff


def test_score_pairs_is_public_and_gives_probabilities():
    assert translate.MATCH_THRESHOLD == MATCH_THRESHOLD and 0.0 < MATCH_THRESHOLD < 1.0
    same = "Putin's visit comes weeks after US Secretary of State Antony Blinken flew to China."
    pairs = [
        (same, "Putin's visit comes weeks after US Secretary of State Antony Blinken flew into China."),
        (same, "Russia has become one of the leaders when it comes to oil exports to China."),
    ]
    near, far = translate.score_pairs(pairs)
    assert 0.0 <= far < MATCH_THRESHOLD <= near <= 1.0


def test_score_pairs_scores_each_pair_as_the_pipeline_does_whatever_order():
    pairs = [("Xi told Putin the relationship is hard-earned.", "Xi said ties were hard-earned."), ("Putin landed.", "Xi left.")]
    assert translate.score_pairs(pairs) == translate.score_pairs(pairs[::-1])[::-1]


_WORDS = (
    "Putin Xi Beijing Moscow landed arrived on Friday Thursday morning the two leaders criticised condemned US West "
    "14,000 1.5 troops not never said that relationship strategic partnership stabilising role in world 'quote' of a"
).split()
_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=18).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_SENTENCE, _SENTENCE), min_size=1, max_size=4))
def test_every_feature_is_symmetric_so_a_pair_met_from_both_sides_is_scored_once(pairs):
    # align_claims scores a pair met from both documents once; that is only right if
    # swapping the two texts changes no feature, in either view.
    from translate.match import Text, feature_matrix, idf_table

    for view in ("same", "core"):
        texts = {t: Text.of(t, view) for pair in pairs for t in pair}
        idf = idf_table(list(texts.values()))
        forward = feature_matrix([(texts[a], texts[b]) for a, b in pairs], idf)
        backward = feature_matrix([(texts[b], texts[a]) for a, b in pairs], idf)
        assert forward == pytest.approx(backward, abs=1e-12)


def test_core_cuts_the_attribution_off():
    assert core("According to the Russian state news agency RIA, Putin landed in Beijing around lunchtime on Friday.") == (
        "Putin landed in Beijing around lunchtime on Friday."
    )
    assert core("He said that Russian-Chinese cooperation is the “main stabilizing factor”.") == (
        "Russian-Chinese cooperation is the “main stabilizing factor”."
    )


def test_differences_find_the_friday_thursday_arrival_as_a_conflict():
    found = differences(
        "According to RIA, Putin landed in Beijing around lunchtime on Friday.",
        "Vladimir Putin, who arrived in Beijing on Thursday morning for a two-day visit, met with Xi Jinping.",
    )
    dates = [(d.here, d.there, d.conflict) for d in found if d.kind == "date"]
    assert dates == [(("friday",), ("thursday",), True), (("lunchtime",), ("morning",), True)]


def test_differences_numbers_speaker_and_negation():
    found = {d.kind: d for d in differences("Trade rose to $240 billion, Xi said.", "Trade did not rise to $200 billion.", here_speaker="Xi", there_speaker="Lavrov")}
    assert (found["number"].here, found["number"].there, found["number"].conflict) == (("240",), ("200",), True)
    assert found["speaker"].conflict and found["negation"].conflict
    # The same speaker spelt two ways, or a description instead of a name, is no conflict.
    assert not differences("Ties are strong.", "Ties are strong.", here_speaker="Usjakov", there_speaker="Yuri Ushakov")
    assert not differences("Ties are strong.", "Ties are strong.", here_speaker="the Chinese leader", there_speaker="Xi")


def test_a_detail_only_one_version_gives_is_not_a_conflict():
    (found,) = differences("Putin arrived on Thursday.", "Putin arrived.")
    assert (found.kind, found.here, found.there, found.conflict) == ("date", ("thursday",), (), False)


def test_word_diff_bolds_what_each_version_lacks():
    diff = word_diff("Putin landed in Beijing on Friday.", "Putin arrived in Beijing on Thursday.")
    assert diff.here == (("Putin", False), ("landed", True), ("in Beijing on", False), ("Friday.", True))
    a, b = markdown_word_diff(diff)
    assert a == "Putin **landed** in Beijing on **Friday.**"
    assert b == "Putin **arrived** in Beijing on **Thursday.**"


def test_word_diff_escapes_markdown_in_article_text():
    a, _ = markdown_word_diff(word_diff("A *bold* claim | with a pipe", "A claim"))
    assert "\\*bold\\*" in a and "\\|" in a


def test_guard_flags_what_the_translation_lost_and_accepts_what_it_kept():
    nb = rules_for("nb")
    assert translation_issues(
        "Ifølge RIA landet Putin i Beijing ved lunsjtider fredag.", "According to RIA, Putin landed in Beijing on Thursday morning.", nb
    ) == ("date: lunsjtider (lunchtime)", "date: fredag (friday)")
    assert translation_issues("Handelen økte med 14 000 tonn, eller 1,5 prosent, sier Usjakov.", "Trade rose by 14,000 tonnes, or 1.5 per cent, says Ushakov.", nb) == ()
    assert translation_issues("Handelen økte med 14 000 tonn.", "Trade rose by 1,400 tonnes.", nb) == ("number: 14000",)
    assert translation_issues("Kina støtter Russlands krav.", "China supports the demand.", nb) == ("name: Russlands",)


def test_the_reference_translation_loses_nothing(corpus_dir):
    lines = [line.split("\t") for line in (corpus_dir / "reference" / "000.en.tsv").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(lines) == 19  # 17 claims and 2 headings
    assert [translation_issues(source, english, rules_for("nb")) for source, english in lines] == [()] * 19


def test_seed_matching_figures_do_not_regress():
    scores = matching_scores()
    precision, recall, f1 = scores["only_here"]
    # Measured (docs/evaluation.md): P 0.818, R 0.750, F1 0.783; the issue's target, 0.90, is not met.
    assert f1 >= 0.75 and precision >= 0.78 and recall >= 0.70
    # Both labelled divergences are found, the Friday/Thursday arrival among them.
    assert sorted(scores["divergences found"]) == ["000.16 (speaker)", "000.6 (date)"]
    found, total = scores["english pairs"]
    assert (found, total) >= (8, 16) and total == 16


@pytest.mark.skipif(not (MRPC / "msr_paraphrase_dev.txt").is_file(), reason=f"MRPC is read from {MRPC}, which this checkout does not have")
def test_mrpc_dev_figures_do_not_regress():
    scores = mrpc_scores(Path(MRPC))
    accuracy, f1 = scores["model"]
    # Measured: 76.0% / 82.9 (target 78%, not met); baselines 67.0% (majority), 71.0% (token_set_ratio).
    assert accuracy >= 0.745 and f1 >= 0.815
    assert accuracy > scores["token_set"][0] > scores["majority"][0]
