"""Segments -> Segments with English: supplied translations first, then the cache, then the model.

The order matters to users: a sentence the user translated is never sent to a
model; a sentence translated before is never translated again; and the model
is only resolved (and torch only imported) when something is left over.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from ..english import without_invisible
from ..errors import MissingTranslationsError, ModelArgumentError, ModelUnavailableError
from ..records import BACKENDS, DEFAULT_BATCH_SIZE, DEFAULT_MODEL, DEFAULT_NUM_BEAMS, Document, Kind, Segment, TranslationInfo, TranslationSettings, UsedModel
from .cache import TranslationCache
from .cut import cut_translation
from .marian import MarianTranslator, ResolvedModel, resolve_model
from .models import FALLBACK, MODELS, model_for
from .supplied import SuppliedTranslations

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MODEL",
    "DEFAULT_NUM_BEAMS",
    "MarianTranslator",
    "ResolvedModel",
    "SuppliedTranslations",
    "TranslationCache",
    "TranslationSettings",
    "FALLBACK",
    "MODELS",
    "make_translator",
    "model_for",
    "resolve_model",
    "sentences_for_a_model",
    "translate_sentences",
    "translate_segments",
]

# Where a translation came from, as counted in the report header.
FROM_FILE, FROM_MODEL, FROM_CACHE = "supplied file", "model", "cache"

ProgressFactory = Callable[[int], Callable[[int], None]]


@dataclasses.dataclass(frozen=True, slots=True)
class Translated:
    english: dict[str, str]  # source sentence -> English
    source: dict[str, str]  # source sentence -> translation_source label
    info: TranslationInfo
    confidence: dict[str, float] = dataclasses.field(default_factory=dict)  # source sentence -> mean token log-probability
    # (model, revision, generation settings): where the model's translations are kept in the cache
    cache_key: tuple[str, str, str] | None = None


def translate_sentences(
    sentences: Sequence[str],
    settings: TranslationSettings = TranslationSettings(),
    *,
    language: str | None = None,
    supplied: SuppliedTranslations | None = None,
    cache: TranslationCache | None = None,
    progress: ProgressFactory | None = None,
) -> Translated:
    """Translate unique source sentences of one language, saying where each translation came from.

    The model is the one for ``language`` (translate/mt/models.py, or
    ``settings``' overrides). ``supplied`` is the parsed ``settings.translations``
    file (read it once with ``SuppliedTranslations.read``); ``cache`` defaults to
    the one in ``settings.cache_dir``.
    """
    unique = list(dict.fromkeys(sentences))
    english: dict[str, str] = {}
    source: dict[str, str] = {}
    confidence: dict[str, float] = {}
    counts = {FROM_FILE: 0, FROM_CACHE: 0, FROM_MODEL: 0}
    if supplied is not None:
        for sentence in unique:
            found = supplied.get(sentence)
            if found is not None:
                english[sentence] = found
                source[sentence] = f"file:{supplied.path}"
                counts[FROM_FILE] += 1
    missing = [s for s in unique if s not in english]
    used: tuple[UsedModel, ...] = ()
    key = None
    if missing:
        model = model_for(settings, language)
        try:
            resolved = resolve_model(model, settings.revision)
        except ModelArgumentError:
            raise  # a wrong --model is bad input, whatever the file covers
        except ModelUnavailableError as exc:
            if supplied is None:
                raise
            raise MissingTranslationsError(_missing_message(missing, supplied, exc)) from None
        cache = cache if cache is not None else TranslationCache(settings.cache_dir)
        translator = make_translator(resolved, settings, cache=cache)
        label = f"model:{resolved.name}@{resolved.revision}"
        key = (resolved.name, resolved.revision, translator.settings)
        cached = cache.get_scored(resolved.name, resolved.revision, translator.settings, missing)
        for sentence, (text, score) in cached.items():
            english[sentence], source[sentence] = text, label
            if score is not None:
                confidence[sentence] = score
        counts[FROM_CACHE] = len(cached)
        todo = [s for s in missing if s not in cached]
        if todo:
            tick = progress(len(todo), "Translating") if progress is not None else None
            # Translate and store a batch at a time, so an interrupted run keeps every batch it
            # finished. Longest first across all batches (character length, ties by text), so
            # each batch holds sentences of similar length, as the translators' own sorting would.
            todo.sort(key=lambda s: (-len(s), s))
            step = translator.batch_size
            for first in range(0, len(todo), step):
                chunk = todo[first : first + step]
                done = dict(zip(chunk, translator.translate_scored(chunk, progress=tick), strict=True))
                cache.put_many(
                    resolved.name, resolved.revision, translator.settings,
                    {k: text for k, (text, _) in done.items()}, confidence={k: score for k, (_, score) in done.items()},
                )
                for sentence, (text, score) in done.items():
                    english[sentence], source[sentence], confidence[sentence] = text, label, score
            counts[FROM_MODEL] = len(todo)
        languages = (language,) if language else ()
        used = (UsedModel(languages, resolved.name, resolved.revision, translator.settings.split(",")[0]),)
    info = TranslationInfo(
        models=used,
        supplied=supplied.path if supplied is not None else None,
        counts={k: v for k, v in counts.items() if v},
    )
    return Translated(english=english, source=source, info=info, confidence=confidence, cache_key=key)


def make_translator(resolved: ResolvedModel, settings: TranslationSettings, *, cache: TranslationCache):
    """The translator for ``settings.backend``; "auto" is CTranslate2 when its extra is installed.

    CTranslate2 int8 translated the seed article several times faster than
    transformers with the same model and beam size (docs/performance.md), so it
    is the default wherever it is installed.
    """
    from . import ct2

    backend = settings.backend
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    options = dict(device=settings.device, batch_size=settings.batch_size, num_beams=settings.num_beams, allow_pickle=settings.allow_pickle)
    if backend == "ct2" or (backend == "auto" and ct2.available()):
        return ct2.CT2Translator(resolved, converted_root=cache.directory / "ct2", **options)
    return MarianTranslator(resolved, **options)


def translate_segments(
    documents: Sequence[Document],
    segments: Sequence[Segment],
    settings: TranslationSettings = TranslationSettings(),
    *,
    supplied: SuppliedTranslations | None = None,
    cache: TranslationCache | None = None,
    progress: ProgressFactory | None = None,
) -> tuple[tuple[Segment, ...], TranslationInfo]:
    """Give every claim of a non-English document its English, translating whole sentences.

    The unit of translation is the sentence: a claim cut from a longer sentence
    gets its part of the sentence's translation (``cut.py``), and keeps the whole
    translation beside it. A supplied file is looked up by sentence; where it has
    no line for a sentence but one for each of its claims (files written claim by
    claim), those are used. Headings and boilerplate are not translated: they
    are set aside anyway.
    """
    language = {d.id: d.language for d in documents}
    sentences, source, by_claims, wanted = _plan(documents, segments, supplied)
    results: dict[str, Translated] = {}
    for lang, found in wanted.items():
        results[lang] = translate_sentences(found, settings, language=lang, supplied=supplied, cache=cache, progress=progress)
    counts: dict[str, int] = {}
    for found in results.values():
        for kind, n in found.info.counts.items():
            counts[kind] = counts.get(kind, 0) + n
    if by_claims:  # counted, like every other source, in sentences
        counts[FROM_FILE] = counts.get(FROM_FILE, 0) + len(by_claims)
    info = TranslationInfo(
        models=_merged(u for found in results.values() for u in found.info.models),
        supplied=supplied.path if supplied is not None else None,
        counts=counts,
    )
    english: dict[str, tuple[str, str, str | None]] = {}  # claim id -> (English, where from, whole sentence when cut)
    scores: dict[str, float | None] = {}
    for key, parts in sentences.items():
        if key in by_claims:
            whole = " ".join(by_claims[key])
            for part, found in zip(parts, by_claims[key], strict=True):
                english[part.id] = (found, f"file:{supplied.path}", whole)
            continue
        result = results[language[key[0]]]
        whole = result.english[source[key]]
        pieces = cut_translation([p.text for p in parts], whole)
        for part, piece in zip(parts, pieces, strict=True):
            english[part.id] = (piece, result.source[source[key]], whole if len(parts) > 1 else None)
            scores[part.id] = result.confidence.get(source[key])
    out = []
    for segment in segments:
        if segment.id in english:
            piece, where, whole = english[segment.id]
            segment = dataclasses.replace(
                segment, english=piece, translation_source=where, sentence_english=whole, translation_confidence=scores.get(segment.id)
            )
        out.append(segment)
    return tuple(out), info


def _plan(documents: Sequence[Document], segments: Sequence[Segment], supplied: SuppliedTranslations | None):
    """(claims by sentence, each sentence's source text, sentences the file gives claim by claim or
    by paragraph, the source sentences still to look up per language)."""
    text = {d.id: d.text for d in documents}
    language = {d.id: d.language for d in documents}
    sentences: dict[tuple[str, tuple[int, int]], list[Segment]] = {}
    for segment in segments:
        if segment.kind is Kind.CLAIM and language[segment.document] != "en":
            span = segment.sentence or (segment.start, segment.end)
            sentences.setdefault((segment.document, span), []).append(segment)
    source = {key: without_invisible(text[key[0]][key[1][0] : key[1][1]]) for key in sentences}  # what the model reads
    by_claims: dict[tuple[str, tuple[int, int]], list[str]] = {}
    if supplied is not None:
        for key, parts in sentences.items():
            found = [supplied.get(p.text) for p in parts]
            if len(parts) > 1 and supplied.get(source[key]) is None and all(found):
                by_claims[key] = [f for f in found if f is not None]  # a file written claim by claim
        by_claims |= _by_paragraph(sentences, source, text, supplied)
    wanted = {
        lang: [source[key] for key in sentences if key not in by_claims and language[key[0]] == lang]
        for lang in sorted({language[key[0]] for key in sentences})
    }
    return sentences, source, by_claims, wanted


def sentences_for_a_model(
    documents: Sequence[Document], segments: Sequence[Segment], supplied: SuppliedTranslations | None = None
) -> dict[str, list[str]]:
    """Per language, the source sentences ``translate_segments`` would ask a model (or the cache) for:
    what the supplied file does not give. ``translate-compare batch`` translates them ahead."""
    _, _, _, wanted = _plan(documents, segments, supplied)
    out = {lang: list(dict.fromkeys(s for s in found if supplied is None or supplied.get(s) is None)) for lang, found in wanted.items()}
    return {lang: found for lang, found in out.items() if found}


def _merged(used) -> tuple[UsedModel, ...]:
    """One entry per model, with every language it translated."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for u in used:
        out.setdefault((u.model, u.revision, u.backend), []).extend(u.languages)
    return tuple(UsedModel(tuple(langs), m, r, b) for (m, r, b), langs in out.items())


def _by_paragraph(sentences, source, text, supplied: SuppliedTranslations) -> dict:
    """Claims whose sentence the file lacks, but whose whole line (a paragraph) it has: cut from the paragraph's English."""
    lines: dict[tuple[str, int, int], list[tuple[str, tuple[int, int]]]] = {}
    for key in sentences:
        if supplied.get(source[key]) is not None:
            continue
        document, (start, end) = key
        first = text[document].rfind("\n", 0, start) + 1
        last = text[document].find("\n", end)
        lines.setdefault((document, first, len(text[document]) if last < 0 else last), []).append(key)
    out = {}
    for (document, first, last), keys in lines.items():
        whole = supplied.get(text[document][first:last])
        if whole is None:
            continue
        inside = sorted((k for k in sentences if k[0] == document and first <= k[1][0] < last), key=lambda k: k[1])
        parts = [p for k in inside for p in sentences[k]]
        pieces = iter(cut_translation([p.text for p in parts], whole))
        for k in inside:
            out[k] = [next(pieces) for _ in sentences[k]]
    return out


def _missing_message(missing: list[str], supplied: SuppliedTranslations, exc: ModelUnavailableError) -> str:
    shown = "; ".join(f"«{s if len(s) <= 100 else s[:97] + '...'}»" for s in missing[:10])
    more = f" (and {len(missing) - 10} more)" if len(missing) > 10 else ""
    return (
        f"{len(missing)} sentence(s) are not in {supplied.path} and no model can translate them: "
        f"{shown}{more}. Add them to the translations file, or make a model available. {exc}"
    )
