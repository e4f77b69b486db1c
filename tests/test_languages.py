"""Any language with a rules record, a model per language, all-English corpora, and the model's confidence.

The mixed corpus (tests/data/mixed) was written for these tests: one event told
in Norwegian, German, French and English. Tiny models with random weights
translate; the assertions are about the contract (which model translated
which language, that the run completes, what the report says), never about
the wording of random output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tiny_marian import build_tiny_marian
from translate.cli import app
from translate.lang import known_codes, rules_for
from translate.mt.models import FALLBACK, MODELS, model_for
from translate.records import TranslationSettings

MIXED = Path(__file__).resolve().parent / "data" / "mixed"
runner = CliRunner()


@pytest.fixture(scope="session")
def second_model(tmp_path_factory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-2") / "model", seed=1)


def test_every_language_the_issue_names_has_a_rules_record_and_a_model():
    for code in ("nb", "nn", "da", "sv", "de", "fr", "es"):
        rules = rules_for(code)
        assert rules.weekdays and rules.months and rules.speech_verbs and rules.abbreviations
        assert model_for(TranslationSettings(), code) in MODELS.values()
    assert set(known_codes()) >= {"en", "nb", "nn", "da", "sv", "de", "fr", "es"}


def test_model_overrides_by_language_then_for_all_then_the_table():
    settings = TranslationSettings(model="./all", models=(("de", "./german"),))
    assert model_for(settings, "de") == "./german"
    assert model_for(settings, "fr") == "./all"
    assert model_for(TranslationSettings(), "fr") == "Helsinki-NLP/opus-mt-tc-big-fr-en"
    assert model_for(TranslationSettings(), "it") == FALLBACK


def test_a_mixed_corpus_of_four_languages_runs_with_a_model_per_language(tiny_model, second_model, tmp_path):
    result = tmp_path / "r.json"
    outcome = runner.invoke(
        app,
        ["run", str(MIXED), "--model", f"nb={tiny_model}", "--model", f"de={second_model}", "--model", f"fr={second_model}",
         "--num-beams", "1", "--device", "cpu", "--json", str(result), "-o", str(tmp_path / "r.md")],
    )
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(result.read_text(encoding="utf-8"))
    used = {tuple(u["languages"]): u["model"] for u in data["translation"]["models"]}
    assert used == {("nb",): str(tiny_model), ("de", "fr"): str(second_model)}
    for claim in [c for c in data["claims"] if c["kind"] == "claim"]:
        language = claim["document"]
        if language == "en":
            assert claim["translation_source"] is None and claim["english"] == claim["text"]
        else:
            expected = tiny_model if language == "nb" else second_model
            assert claim["translation_source"].startswith(f"model:{expected}@")
            assert claim["translation_confidence"] is not None and claim["translation_confidence"] <= 0.0
    assert f"nb={tiny_model}@" in data["signature"] and f"de+fr={second_model}@" in data["signature"]
    # The German and French sentences joining two statements are cut; each part has its share of the English.
    cut = [c for c in data["claims"] if c["document"] in ("de", "fr") and c["sentence"]]
    assert len(cut) == 4 and all(c["english"] and c["english"] in c["sentence_english"] for c in cut)


def test_the_model_flags_its_least_confident_sentences_and_not_its_most(tiny_model, tmp_path, monkeypatch):
    import statistics

    import translate.compare as compare

    first = tmp_path / "a.json"
    args = ["run", str(MIXED), "--model", str(tiny_model), "--num-beams", "1", "--device", "cpu"]
    assert runner.invoke(app, [*args, "--json", str(first)]).exit_code == 0
    scores = {c["id"]: c["translation_confidence"] for c in json.loads(first.read_text(encoding="utf-8"))["claims"] if c["translation_confidence"] is not None}
    cut = statistics.median(sorted(set(scores.values())))
    monkeypatch.setattr(compare, "DOUBTFUL_TRANSLATION", cut)  # between the most and the least confident
    second, report = tmp_path / "b.json", tmp_path / "b.md"
    assert runner.invoke(app, [*args, "--json", str(second), "-o", str(report)]).exit_code == 0
    flagged = {c["id"] for c in json.loads(second.read_text(encoding="utf-8"))["claims"] if c["doubtful_translation"]}
    least, most = min(scores, key=scores.get), max(scores, key=scores.get)
    assert least in flagged and most not in flagged
    assert flagged == {c for c, s in scores.items() if s < cut}
    markdown = report.read_text(encoding="utf-8")
    assert f"*Doubtful translation:* the model's confidence is {scores[least]:.2f}." in markdown


def test_a_language_without_rules_is_one_paragraph_naming_the_known_ones(tmp_path):
    (tmp_path / "a.txt").write_text("Il presidente russo è arrivato giovedì a Pechino per una visita di stato di due giorni.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Russian President Vladimir Putin arrived in Beijing on Thursday for a two-day state visit.", encoding="utf-8")
    outcome = runner.invoke(app, ["run", str(tmp_path)])
    assert outcome.exit_code == 2
    assert "a.txt is in Italian (it)" in outcome.output
    assert "it knows da, de, en, es, fr, nb, nn, no, sv" in outcome.output and "translate/lang/" in outcome.output
    assert outcome.output.count("\n") == 1 and "Traceback" not in outcome.output
