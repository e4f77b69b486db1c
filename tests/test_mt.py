from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sizes import examples

from tiny_marian import install_in_hub_cache
from translate.errors import MissingTranslationsError, ModelUnavailableError, TranslationsFileError
from translate.mt import FROM_CACHE, FROM_FILE, FROM_MODEL, MarianTranslator, SuppliedTranslations, TranslationCache, TranslationSettings, resolve_model, translate_sentences
from translate.mt.marian import token_bounded_batches


def test_marian_translator_gives_one_output_per_input_in_input_order(tiny_model, norwegian_sentences):
    translator = MarianTranslator(resolve_model(str(tiny_model)), device="cpu", batch_size=3, num_beams=2)
    forward = translator.translate(norwegian_sentences)
    backward = translator.translate(list(reversed(norwegian_sentences)))
    assert len(forward) == len(norwegian_sentences)
    assert all(isinstance(t, str) and t for t in forward)
    # Batches are formed by length, not by input order, so each sentence must come back
    # to its own place whichever order it was given in.
    assert backward == list(reversed(forward))
    # Different inputs do not all collapse onto one output (a mix-up would tend to).
    assert len(set(forward)) > 1


def test_translate_sentences_second_call_is_served_from_the_cache(tiny_model, norwegian_sentences, monkeypatch, tmp_path):
    cache = TranslationCache(tmp_path / "c")
    settings = TranslationSettings(model=str(tiny_model), device="cpu", num_beams=1)
    first = translate_sentences(norwegian_sentences, settings, cache=cache)
    assert first.info.counts == {FROM_MODEL: len(norwegian_sentences)}

    def model_must_not_run(self, *args, **kwargs):
        raise AssertionError("the model was called although every sentence is cached")

    monkeypatch.setattr(MarianTranslator, "translate_scored", model_must_not_run)
    monkeypatch.setattr(MarianTranslator, "load", model_must_not_run)
    second = translate_sentences(norwegian_sentences, settings, cache=TranslationCache(tmp_path / "c"))
    assert second.info.counts == {FROM_CACHE: len(norwegian_sentences)}
    assert second.english == first.english
    assert set(second.source.values()) == {f"model:{tiny_model}@{first.info.revision}"}


def test_cache_key_includes_the_generation_settings(tiny_model, norwegian_sentences, tmp_path):
    cache = TranslationCache(tmp_path / "c")
    translate_sentences(norwegian_sentences[:2], TranslationSettings(model=str(tiny_model), device="cpu", num_beams=1), cache=cache)
    other = translate_sentences(norwegian_sentences[:2], TranslationSettings(model=str(tiny_model), device="cpu", num_beams=2), cache=cache)
    assert other.info.counts == {FROM_MODEL: 2}


def test_missing_model_folder_gives_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailableError, match="The model folder '.*nope' does not exist. Pass --model"):
        resolve_model(str(tmp_path / "nope"))


def test_folder_without_a_marian_model_is_refused(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(ModelUnavailableError, match="is a 'bert' model"):
        resolve_model(str(tmp_path))


def test_hub_id_while_offline_gives_the_paragraph_on_what_to_do():
    with pytest.raises(ModelUnavailableError) as caught:
        resolve_model("Helsinki-NLP/opus-mt-tc-big-gmq-en")
    message = str(caught.value)
    assert "is not available: HF_HUB_OFFLINE is set" in message
    for advice in ("download it once on a networked machine", "set HF_HOME", "--model PATH", "--translations FILE"):
        assert advice in message
    assert "\n" not in message


def test_hub_id_resolves_from_the_hf_cache_with_its_commit(tiny_model, tmp_path):
    commit = "0123456789abcdef0123456789abcdef01234567"
    snapshot = install_in_hub_cache(tiny_model, tmp_path / "hf", "tiny/marian-nb-en", commit)
    resolved = resolve_model("tiny/marian-nb-en")
    assert resolved.revision == commit
    assert resolved.path == snapshot
    assert MarianTranslator(resolved, device="cpu", num_beams=1).translate(["Kina har gjort det klart."])[0]


def test_local_folder_fingerprint_changes_when_the_weights_do(tiny_model, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(tiny_model, copy)
    before = resolve_model(str(copy)).revision
    assert before == resolve_model(str(tiny_model)).revision  # content, not path
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    assert resolve_model(str(copy)).revision != before


def test_supplied_translations_lookup_ignores_whitespace(tmp_path):
    tsv = tmp_path / "t.tsv"
    tsv.write_text("# a comment\nKina har  gjort det\u00a0klart.\tChina has made it clear.\n\n", encoding="utf-8")
    supplied = SuppliedTranslations.read(tsv)
    assert supplied.get("Kina har gjort det klart.") == "China has made it clear."
    assert supplied.get("Kina har gjort\ndet klart.") == "China has made it clear."
    assert supplied.get("Kina har gjort det.") is None


@pytest.mark.parametrize("content", ["only a source\n", "a\tb\tc\n", "\tmissing source\n"])
def test_malformed_translations_file_names_the_line(tmp_path, content):
    tsv = tmp_path / "t.tsv"
    tsv.write_text("# header\ngood\tline\n" + content, encoding="utf-8")
    with pytest.raises(TranslationsFileError, match=r"t.tsv, line 3: expected the source sentence, one tab"):
        SuppliedTranslations.read(tsv)


def test_supplied_sentences_are_not_sent_to_the_model(tiny_model, norwegian_sentences, tmp_path, monkeypatch):
    tsv = tmp_path / "t.tsv"
    tsv.write_text(f"{norwegian_sentences[0]}\tHuman translation.\n", encoding="utf-8")
    sent: list[str] = []
    original = MarianTranslator.translate_scored

    def spy(self, sentences, progress=None):
        sent.extend(sentences)
        return original(self, sentences, progress)

    monkeypatch.setattr(MarianTranslator, "translate_scored", spy)
    settings = TranslationSettings(model=str(tiny_model), device="cpu", num_beams=1, backend="transformers")
    result = translate_sentences(norwegian_sentences[:3], settings, supplied=SuppliedTranslations.read(tsv))
    assert result.english[norwegian_sentences[0]] == "Human translation."
    assert result.source[norwegian_sentences[0]] == f"file:{tsv}"
    assert sent == norwegian_sentences[1:3] or sorted(sent) == sorted(norwegian_sentences[1:3])
    assert result.info.counts == {FROM_FILE: 1, FROM_MODEL: 2}


def test_uncovered_sentences_without_a_model_are_listed(norwegian_sentences, tmp_path):
    tsv = tmp_path / "t.tsv"
    tsv.write_text(f"{norwegian_sentences[0]}\tHuman translation.\n", encoding="utf-8")
    with pytest.raises(MissingTranslationsError) as caught:
        translate_sentences(norwegian_sentences[:3], supplied=SuppliedTranslations.read(tsv))
    message = str(caught.value)
    assert message.startswith(f"2 sentence(s) are not in {tsv}")
    assert norwegian_sentences[1][:60] in message and norwegian_sentences[2][:60] in message
    assert norwegian_sentences[0][:60] not in message


@settings(max_examples=examples(200), deadline=None)
@given(lengths=st.lists(st.integers(1, 400), max_size=60), size=st.integers(1, 40), budget=st.integers(1, 2048))
def test_batches_keep_every_sentence_once_within_their_budget(lengths, size, budget):
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches = token_bounded_batches(order, lengths, size, budget)
    assert [i for b in batches for i in b] == order  # every sentence, once, in order
    for batch in batches:
        assert 1 <= len(batch) <= size
        # Padded to its longest (first) sentence; only a sentence alone may exceed the budget.
        assert len(batch) == 1 or lengths[batch[0]] * len(batch) <= budget
