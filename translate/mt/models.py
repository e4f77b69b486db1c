"""Which model translates which language into English: one table, overridden by ``--model``.

The best OPUS-MT model into English for each language that has a rules record
(translate/lang/): the "tc-big" models where Helsinki-NLP published one (its
model card's figures: opus-mt-tc-big-gmq-en FLORES-200 nob->eng 44.2 BLEU /
COMET 0.79, against 35.9 / 0.65 for opus-mt-gmq-en; opus-mt-tc-big-fr-en
FLORES-101 fra->eng 46.0 BLEU), the bilingual base models otherwise
(opus-mt-de-en, opus-mt-es-en). A language with rules but no entry falls back
to ``FALLBACK``, opus-mt-mul-en: one Marian model for many languages into
English, which the same loader reads, so the tool never stops for want of a
model; its model card reports much lower scores than the bilingual models
(per language, on Tatoeba), and the report names it, so a reader knows. NLLB-200
distilled 600M translates better but needs a tokenizer told the source
language and a different architecture; ``--model LANG=ID`` brings any MarianMT
model for a language.
"""

from __future__ import annotations

from ..records import DEFAULT_MODEL, TranslationSettings

MODELS = {
    **{code: DEFAULT_MODEL for code in ("nb", "nn", "no", "da", "sv", "is", "fo")},
    "fr": "Helsinki-NLP/opus-mt-tc-big-fr-en",
    "de": "Helsinki-NLP/opus-mt-de-en",
    "es": "Helsinki-NLP/opus-mt-es-en",
}
FALLBACK = "Helsinki-NLP/opus-mt-mul-en"


def model_for(settings: TranslationSettings, language: str | None) -> str:
    """The model that translates ``language``: ``--model LANG=ID``, else ``--model ID``, else the table."""
    chosen = dict(settings.models)
    if language is not None and language in chosen:
        return chosen[language]
    if settings.model is not None:
        return settings.model
    if language is None:
        return DEFAULT_MODEL
    return MODELS.get(language, FALLBACK)
