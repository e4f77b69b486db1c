"""compare_corpus(): load -> segment -> translate -> align -> compare, in that order.

The one function the CLI calls for a run; each stage lives in its own module.
"""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .align import align_claims
from .match import MODEL_NAME, threshold_for
from .compare import decide_verdicts
from .corpus import check_language, identify_language, language_name, load_corpus, read_article
from .errors import CorpusError
from .mt import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MODEL,
    DEFAULT_NUM_BEAMS,
    SuppliedTranslations,
    TranslationCache,
    translate_segments,
    translate_sentences,
)
from .mt.marian import DEFAULT_MODEL_LANGUAGES
from .records import Comparison, Document, Kind, Segment
from .segment import segment_document

MATCHER = (
    f"{MODEL_NAME}: logistic model fitted on MRPC over rapidfuzz, rarity-weighted (IDF) stem overlap, "
    f"MT-metric and detail features; candidates by TF-IDF cosine, windows of two"
)
EMBEDDINGS_OFF = "sentence embeddings off (--embeddings MODEL turns them on)"


def compare_corpus(
    path: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    revision: str | None = None,
    translations: str | Path | None = None,
    threshold: float | None = None,
    embeddings: str | None = None,
    device: str = "auto",
    batch_size: int = DEFAULT_BATCH_SIZE,
    num_beams: int = DEFAULT_NUM_BEAMS,
    cache_dir: str | Path | None = None,
    allow_pickle: bool = False,
    backend: str = "auto",
    timestamp: str | None = None,
    progress=None,
) -> Comparison:
    """Compare every claim of every document of the corpus at ``path`` with the others.

    ``threshold`` defaults to the matcher's own (``MATCH_THRESHOLD``, or the
    embedding model's with ``embeddings``, a sentence-transformers hub id or folder).
    """
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise CorpusError(f"--threshold must be between 0 and 1 (a probability), not {threshold}.")
    documents = load_corpus(path)
    _check_languages(documents, path)
    supplied = SuppliedTranslations.read(translations) if translations is not None else None
    segments = tuple(s for d in documents for s in segment_document(d))
    _check_model_covers(documents, segments, model, supplied)
    embedder = None
    if embeddings is not None:  # before translating: a wrong model fails in seconds, not after the translation
        from .embed import load_embedder

        embedder = load_embedder(embeddings, device=device, allow_pickle=allow_pickle)
    segments, info = translate_segments(
        documents,
        segments,
        model=model,
        revision=revision,
        supplied=supplied,
        cache=TranslationCache(cache_dir),
        device=device,
        batch_size=batch_size,
        num_beams=num_beams,
        allow_pickle=allow_pickle,
        backend=backend,
        progress=progress,
    )
    if threshold is None:
        threshold = threshold_for(embedder)
    candidates = align_claims(segments, threshold, embedder)
    verdicts, groups = decide_verdicts(documents, segments, candidates)
    settings = {
        "threshold": threshold,
        "matcher": f"{MATCHER}; {embedder.describe() if embedder else EMBEDDINGS_OFF}",
        "embeddings": embeddings,
        "embeddings_revision": embedder.revision if embedder else None,
        "model": model,
        "revision": revision,
        "translations": str(translations) if translations is not None else None,
        "device": device,
        "batch_size": batch_size,
        "num_beams": num_beams,
        "backend": backend,
    }
    if timestamp is not None:  # only when asked for: the same inputs must give the same bytes
        settings["timestamp"] = timestamp
    return Comparison(
        corpus=str(path),
        documents=documents,
        segments=segments,
        verdicts=verdicts,
        groups=groups,
        settings=settings,
        translation=info,
        version=__version__,
    )


def _check_languages(documents: tuple[Document, ...], path) -> None:
    languages = {d.language for d in documents}
    listing = ", ".join(f"{d.path} ({d.language})" for d in documents)
    if "en" not in languages:
        raise CorpusError(
            f"The corpus {path} has no English document ({listing}). translate-compare compares "
            "articles in other languages with English reports: add at least one English article, "
            'or correct a language in corpus.toml (language = "en").'
        )
    if languages == {"en"}:
        raise CorpusError(
            f"Every document in {path} is English ({listing}); there is nothing to translate and "
            "compare across languages. Add the non-English article, or correct its language in "
            'corpus.toml (language = "nb").'
        )


def _check_model_covers(documents, segments, model: str, supplied: SuppliedTranslations | None) -> None:
    if model != DEFAULT_MODEL:
        return  # the user chose the model, and with it the languages
    for document in documents:
        if document.language in ("en", *DEFAULT_MODEL_LANGUAGES):
            continue
        claims = [s for s in segments if s.document == document.id and s.kind is Kind.CLAIM]
        if supplied is not None and all(supplied.get(c.text) is not None for c in claims):
            continue
        raise CorpusError(
            f"{document.path} is in {language_name(document.language)} ({document.language}), and no "
            f"translation model is configured for it: the default model translates "
            f"{', '.join(sorted(DEFAULT_MODEL_LANGUAGES))}. Pass --model with a MarianMT model for "
            f"{document.language}->en (for example Helsinki-NLP/opus-mt-{document.language}-en), "
            "bring translations with --translations, or correct its language in corpus.toml."
        )


def segment_file(path: str | Path, *, language: str | None = None) -> tuple[Document, tuple[Segment, ...]]:
    """Segments of one file, as ``claims FILE`` prints them."""
    document = _read_one(path, language)
    return document, segment_document(document)


def translate_file(
    path: str | Path,
    *,
    language: str | None = None,
    model: str = DEFAULT_MODEL,
    revision: str | None = None,
    translations: str | Path | None = None,
    device: str = "auto",
    batch_size: int = DEFAULT_BATCH_SIZE,
    num_beams: int = DEFAULT_NUM_BEAMS,
    cache_dir: str | Path | None = None,
    allow_pickle: bool = False,
    backend: str = "auto",
    progress=None,
) -> list[tuple[Segment, str, str]]:
    """(segment, English, where it came from) for each claim and heading of one file."""
    document, segments = segment_file(path, language=language)
    wanted = [s for s in segments if s.kind is not Kind.BOILERPLATE]
    if document.language == "en":
        return [(s, s.text, "original") for s in wanted]
    supplied = SuppliedTranslations.read(translations) if translations is not None else None
    result = translate_sentences(
        [s.text for s in wanted],
        model=model,
        revision=revision,
        supplied=supplied,
        cache=TranslationCache(cache_dir),
        device=device,
        batch_size=batch_size,
        num_beams=num_beams,
        allow_pickle=allow_pickle,
        backend=backend,
        progress=progress,
    )
    return [(s, result.english[s.text], result.source[s.text]) for s in wanted]


def _read_one(path: str | Path, language: str | None) -> Document:
    file = Path(path)
    if not file.is_file():
        raise CorpusError(f"'{path}' is not a file. Pass the path of one article (.txt or .md).")
    text = read_article(file)
    if not text.strip():
        raise CorpusError(f"{path} is empty: there is nothing to segment.")
    if language is not None:
        code, source = check_language(language, where=str(path)), "manifest"
    else:
        code, source = identify_language(text), "detected"
    return Document(id=file.stem, path=file.name, language=code, title=file.stem, text=text, language_source=source)
