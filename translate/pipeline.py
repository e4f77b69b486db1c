"""compare_corpus(): load -> segment -> translate -> align -> compare, in that order.

The one function the CLI calls for a run; each stage lives in its own module
and takes the previous stage's objects. The settings object is built once by
the caller, resolved here (the threshold, the models' revisions) and stored on
the Comparison, which the renderers read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .corpus import check_language, identify_language, load_corpus, read_article
from .errors import CorpusError
from .lang import has_rules, known_codes, language_name, rules_for
from .mt import SuppliedTranslations, TranslationCache, translate_segments, translate_sentences
from .records import Comparison, Document, Kind, RunSettings, Segment, TranslationSettings
from .segment import segment_document
from .version import __version__

# The matching stages (align, compare, and the pair model they read) are imported inside
# compare_corpus: ``claims FILE`` and ``translate FILE`` never pay for numpy and scipy.


def compare_corpus(path: str | Path, settings: RunSettings | None = None, *, progress=None, jobs: int | None = None) -> Comparison:
    """Compare every claim of every document of the corpus at ``path`` with the others.

    ``settings`` (default ``RunSettings()``) says how to translate and match;
    ``progress`` is a factory of progress callbacks, ``progress(total, stage)``
    (the CLI's tqdm bars); ``jobs``: threads for the comparison (default: one
    per core), which never change the result.
    """
    from .compare import describe_decision
    from .match import MODEL_NAME

    settings = settings or RunSettings()
    documents, segments = load_and_cut(path, progress=progress)
    translation, match = settings.translation, settings.match
    supplied = SuppliedTranslations.read(translation.translations) if translation.translations is not None else None
    # Models are loaded before translating: a wrong one fails in seconds, not after the translation.
    embedder = verifier = None
    if match.embeddings is not None:
        from .embed import load_embedder

        embedder = load_embedder(match.embeddings, device=translation.device, allow_pickle=translation.allow_pickle)
    if match.verifier is not None:
        from .embed import load_verifier

        verifier = load_verifier(match.verifier, device=translation.device, allow_pickle=translation.allow_pickle)
    segments, info = translate_segments(
        documents, segments, translation, supplied=supplied, cache=TranslationCache(translation.cache_dir), progress=progress
    )
    settings = replace(
        settings,
        match=replace(
            match,
            matcher=describe_decision(MODEL_NAME, embedder, verifier),
            matcher_name=MODEL_NAME,
            embeddings_revision=embedder.revision if embedder else None,
            verifier_revision=verifier.revision if verifier else None,
        ),
    )
    verdicts, groups, events = match_claims(
        documents, segments, embedder=embedder, verifier=verifier, one_event=match.one_event, jobs=jobs, progress=progress
    )
    return Comparison(
        corpus=str(path),
        documents=documents,
        segments=segments,
        verdicts=verdicts,
        groups=groups,
        events=events,
        settings=settings,
        translation=info,
        version=__version__,
    )


def load_and_cut(path: str | Path, *, progress=None) -> tuple[tuple[Document, ...], tuple[Segment, ...]]:
    """The documents of the corpus at ``path`` (their languages checked) and their segments."""
    documents = load_corpus(path)
    _check_languages(documents, path)
    tick = progress(len(documents), "Cutting into claims") if progress is not None else None
    segments = []
    for document in documents:
        segments += segment_document(document)
        if tick is not None:
            tick(1)
    return documents, tuple(segments)


def align_within_events(documents, segments, *, embedder=None, one_event: bool = False, jobs: int | None = None, progress=None):
    """(the candidates, the events): retrieval over one index of the corpus finds which documents
    report one event (translate/align.py, translate/compare/events.py), and within each event every
    pair of documents is then scored in full."""
    from .align import align_claims
    from .compare import find_events

    alignment = align_claims(segments, embedder, jobs=jobs, progress=progress)
    events = find_events(documents, segments, alignment, one_event=one_event)
    return alignment.within([e.documents for e in events], progress=progress), events


def match_claims(documents, segments, *, embedder=None, verifier=None, one_event: bool = False, jobs: int | None = None, progress=None):
    """(the verdicts, with the evidence a reader sees; the groups; the events)."""
    from .compare import decide_verdicts

    alignment, events = align_within_events(documents, segments, embedder=embedder, one_event=one_event, jobs=jobs, progress=progress)
    verdicts, groups, events = decide_verdicts(documents, segments, alignment, events=events, verifier=verifier, progress=progress)
    return alignment.explain(verdicts), groups, events


def _check_languages(documents: tuple[Document, ...], path) -> None:
    if len(documents) < 2:
        raise CorpusError(
            f"The corpus {path} holds one article ({documents[0].path}); translate-compare compares articles "
            "with each other: add at least one more (any language), or look at this one with "
            "'translate-compare claims FILE'."
        )
    for document in documents:
        if not has_rules(document.language):
            raise CorpusError(
                f"{document.path} is in {language_name(document.language)} ({document.language}), and "
                f"translate-compare has no rules for that language (sentences, attribution, dates): it knows "
                f"{', '.join(known_codes())}. Correct its language in corpus.toml if it is one of those, or add a "
                "rules module for the language under translate/lang/ (en.py is the model to copy) and, if no "
                "OPUS-MT model into English covers it, pass --model LANG=ID with one."
            )


def segment_file(path: str | Path, *, language: str | None = None) -> tuple[Document, tuple[Segment, ...]]:
    """Segments of one file, as ``claims FILE`` prints them."""
    document = _read_one(path, language)
    return document, segment_document(document)


def translate_file(
    path: str | Path, settings: TranslationSettings | None = None, *, language: str | None = None, progress=None
) -> list[tuple[str, str, str]]:
    """(source sentence, English, where it came from) for each sentence and heading of one file, in order.

    Whole sentences, as a translator cuts them: the lines ``--translations`` reads back.
    """
    settings = settings or TranslationSettings()
    document, segments = segment_file(path, language=language)
    wanted = [s for s in segments if s.kind is not Kind.BOILERPLATE]
    spans = list(dict.fromkeys(s.sentence or (s.start, s.end) for s in wanted))
    if document.language == "en":
        return [(document.text[a:b], document.text[a:b], "original") for a, b in spans]
    supplied = SuppliedTranslations.read(settings.translations) if settings.translations is not None else None
    claims, _ = translate_segments([document], segments, settings, supplied=supplied, progress=progress)
    english = {s.sentence or (s.start, s.end): (s.sentence_english or s.english, s.translation_source) for s in claims if s.english}
    headings = [document.text[a:b] for a, b in spans if (a, b) not in english]
    if headings:
        result = translate_sentences(headings, settings, language=document.language, supplied=supplied, progress=progress)
        for a, b in spans:
            if (a, b) not in english:
                english[(a, b)] = (result.english[document.text[a:b]], result.source[document.text[a:b]])
    return [(document.text[a:b], *english[(a, b)]) for a, b in spans]


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
    rules_for(code)  # a language without rules is explained before anything else
    return Document(id=file.stem, path=file.name, language=code, title=file.stem, text=text, language_source=source)
