"""The CTranslate2 backend: the same tiny model, converted once, agrees with transformers."""

from __future__ import annotations

import pytest

from translate.mt import MarianTranslator, TranslationCache, TranslationSettings, resolve_model, translate_sentences
from translate.mt.ct2 import CT2Translator

pytest.importorskip("ctranslate2")


def test_greedy_translations_agree_between_backends(tiny_model, norwegian_sentences, tmp_path):
    resolved = resolve_model(str(tiny_model))
    hf = MarianTranslator(resolved, device="cpu", batch_size=4, num_beams=1).translate(norwegian_sentences)
    ct2 = CT2Translator(resolved, converted_root=tmp_path, device="cpu", batch_size=4, num_beams=1)
    # int8 rounds the weights; compare at float32 so a difference means a tokenisation or length bug.
    ct2.compute_type = "float32"
    out = ct2.translate(norwegian_sentences)
    assert out == hf
    assert len(set(out)) > 1  # the tiny model's output depends on its input


def test_conversion_happens_once_and_is_reused(tiny_model, norwegian_sentences, tmp_path, caplog):
    resolved = resolve_model(str(tiny_model))
    first = CT2Translator(resolved, converted_root=tmp_path, device="cpu", num_beams=1)
    first.translate(norwegian_sentences[:2])
    folder = first.converted_folder()
    assert (folder / "model.bin").exists()
    stamp = (folder / "model.bin").stat().st_mtime_ns
    caplog.clear()
    CT2Translator(resolved, converted_root=tmp_path, device="cpu", num_beams=1).translate(norwegian_sentences[:2])
    assert (folder / "model.bin").stat().st_mtime_ns == stamp
    assert "Converting" not in caplog.text
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no scratch folder left behind


def test_each_backend_has_its_own_cache_entries(tiny_model, norwegian_sentences, tmp_path):
    cache = TranslationCache(tmp_path / "cache")
    ct2 = TranslationSettings(model=str(tiny_model), device="cpu", num_beams=1, backend="ct2")
    hf = TranslationSettings(model=str(tiny_model), device="cpu", num_beams=1, backend="transformers")
    a = translate_sentences(norwegian_sentences[:3], ct2, cache=cache)
    b = translate_sentences(norwegian_sentences[:3], hf, cache=cache)
    assert a.info.counts == {"model": 3} and b.info.counts == {"model": 3}
    assert (a.info.backend, b.info.backend) == ("ct2-int8", "transformers")
    again = translate_sentences(norwegian_sentences[:3], ct2, cache=cache)
    assert again.info.counts == {"cache": 3}
