"""The paraphrase model (score_pairs), typed differences, the word diff and the MT-error guard.

Expected values come from reading the sentences: which details differ, and
whether they are told about the same thing. The MRPC figure is asserted a
little below the measured one (docs/evaluation.md), so a regression fails;
the matching figures are in tests/test_evaluation.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sizes import examples

import translate
from evaluate import MRPC, mrpc_scores
from translate.compare.differences import differences, word_diff
from translate.compare.guard import translation_issues
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


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.tuples(_SENTENCE, _SENTENCE), min_size=1, max_size=4))
def test_every_feature_is_symmetric_so_a_pair_met_from_both_sides_is_scored_once(pairs):
    # The probability of a pair must not depend on which document it was met from.
    from translate.match import Text, feature_matrix, idf_table

    texts = {t: Text.of(t) for pair in pairs for t in pair}
    idf = idf_table(list(texts.values()))
    forward = feature_matrix([(texts[a], texts[b]) for a, b in pairs], idf)
    backward = feature_matrix([(texts[b], texts[a]) for a, b in pairs], idf)
    assert forward == pytest.approx(backward, abs=1e-12)


def test_a_weekday_in_the_same_place_conflicts_and_a_time_of_day_elsewhere_does_not():
    found = differences(
        "According to RIA, Putin landed in Beijing around lunchtime on Friday.",
        "Vladimir Putin, who arrived in Beijing on Thursday morning for a two-day visit, met with Xi Jinping.",
    )
    dates = [(d.here, d.there, d.conflict) for d in found if d.kind == "date"]
    # "on Friday" / "on Thursday": the day of the arrival, in both. "around lunchtime" / "Thursday morning":
    # two times of day, but not in the same place, so not asserted as a conflict.
    assert dates == [(("friday",), ("thursday",), True), (("lunchtime",), ("morning",), False)]


def test_weekdays_of_two_different_acts_do_not_conflict():
    # Wayde Sims' death (NTREX): the coroner's report came out on Friday, the police chief spoke on Saturday.
    found = differences(
        "The East Baton Rouge Parish Coroner's Office released a preliminary report Friday, saying the cause of death is a gunshot wound to the head into the neck.",
        '"Wayde Sims suffered a gunshot wound to the head and ultimately died as a result," police chief Murphy J. Paul told the media Saturday, per 247sports.',
    )
    assert [(d.kind, d.conflict) for d in found if d.kind == "date"] == [("date", False)]


@pytest.mark.parametrize(
    "here, there, conflict",
    [
        # A count and a bound that reports it: "more than 800" for 832 is the same toll, rounded.
        ("The quake killed 832 people.", "More than 800 people were killed by the quake.", None),
        ("More than 20 million people watched the hearing.", "Nielsen reported 20.4 million people watched it.", None),
        # A lower bound far below a later count: the toll told differently (a day apart).
        ("At least 384 people were killed in the quake.", "The quake killed 832 people.", True),
        # Two statistics in one sentence: the rebounds differ, the points agree (NTREX, Wayde Sims).
        ("He averaged 5.6 points and 2.6 rebounds a game last season.", "He averaged 17.4 minutes, 5.6 points and 2.9 rebounds per game.", True),
    ],
)
def test_numbers_are_compared_as_quantities_told_about_the_same_thing(here, there, conflict):
    numbers = [d for d in differences(here, there) if d.kind == "number"]
    if conflict is None:
        assert numbers == []
    else:
        assert numbers and numbers[0].conflict is conflict


def test_differences_numbers_speaker_and_negation():
    found = {d.kind: d for d in differences("Trade rose to $240 billion, Xi said.", "Trade did not rise to $200 billion.", here_speaker="Xi", there_speaker="Lavrov")}
    # "to $240 billion" / "to $200 billion": the same place, so a conflict.
    assert (found["number"].here, found["number"].there, found["number"].conflict) == (("240",), ("200",), True)
    assert found["speaker"].conflict and found["negation"].conflict
    # The same speaker spelt two ways, or a description instead of a name, is no conflict.
    assert not differences("Ties are strong.", "Ties are strong.", here_speaker="Usjakov", there_speaker="Yuri Ushakov")
    assert not differences("Ties are strong.", "Ties are strong.", here_speaker="the Chinese leader", there_speaker="Xi")


def test_no_limits_is_no_negation():
    assert not [d for d in differences("They reaffirmed their “no-limits” partnership.", "They reaffirmed their partnership.") if d.kind == "negation"]


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
    assert len(lines) == 15  # 13 sentences and 2 headings
    assert [translation_issues(source, english, rules_for("nb")) for source, english in lines] == [()] * 15


@pytest.mark.skipif(not (MRPC / "msr_paraphrase_dev.txt").is_file(), reason=f"MRPC is read from {MRPC}, which this checkout does not have")
def test_mrpc_dev_figures_do_not_regress():
    scores = mrpc_scores(Path(MRPC))
    accuracy, f1 = scores["model"]
    # Measured: 76.0% / 82.9 (target 78%, not met); baselines 67.0% (majority), 71.0% (token_set_ratio).
    assert accuracy >= 0.745 and f1 >= 0.815
    assert accuracy > scores["token_set"][0] > scores["majority"][0]


def test_numbers_with_both_marks_read_the_last_as_the_decimal_one():
    # MRPC: "The technology-laced Nasdaq Composite Index was down 25.36 points, or 1.53 percent, at 1,628.26."
    from translate.english import numbers

    assert numbers("was down 25.36 points, or 1.53 percent, at 1,628.26.") == {"25.36", "1.53", "1628.26"}
    assert numbers("steg til 1.628,26 poeng og 14 000 tonn") == {"1628.26", "14000"}


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet="0123456789 ,.-a", max_size=30))
def test_every_number_read_is_a_value(text):
    from translate.english import numbers

    for value in numbers(text):
        float(value)  # the number comparison divides and compares them: "1.628.26" once crashed a run
