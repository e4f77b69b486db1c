"""Corpus folder -> Documents: read the files and the manifest, identify languages.

A corpus is a folder of ``.txt``/``.md`` articles, optionally with a manifest
``corpus.toml`` that gives each document an id, its file, its language and a
title. Without a manifest (or for an entry without a language) the language is
identified with lingua, which tells Bokmål from Nynorsk and Danish and needs no
download: its models ship inside the wheel.

lingua runs in its low-accuracy mode over all its languages. For a text of 120
characters or more (any article) that mode reads the same trigram models as
the high-accuracy one and gives the same answer; on a five-word text the
high-accuracy mode loads every language's one- to five-gram models and took
11 s, which every run without a manifest would pay. Measured on the seed
corpus and on the 116 NTREX articles (58 English, 58 Bokmål): no document
wrong in either mode (docs/performance.md).
"""

from __future__ import annotations

import logging
import tomllib
from functools import lru_cache
from pathlib import Path

from .errors import CorpusError
from .records import Document

log = logging.getLogger("translate")

MANIFEST_NAME = "corpus.toml"
ARTICLE_SUFFIXES = (".txt", ".md")

def load_corpus(path: str | Path) -> tuple[Document, ...]:
    """Read every document of the corpus folder at ``path``, in a stable order.

    With a manifest, its order and ids are used; without one, the article files
    sorted by name, each identified by its file name without the suffix.
    """
    root = Path(path)
    if not root.exists():
        raise CorpusError(
            f"The corpus folder '{path}' does not exist. Pass the folder that holds the "
            "articles (.txt or .md files, optionally with a corpus.toml manifest), "
            "for example: translate-compare run corpus"
        )
    if not root.is_dir():
        raise CorpusError(
            f"'{path}' is a file, not a corpus folder. Put the articles in a folder and pass "
            "the folder; to look at one file, use 'translate-compare claims FILE'."
        )
    manifest = root / MANIFEST_NAME
    if manifest.is_file():
        documents = _load_with_manifest(root, manifest)
    else:
        documents = _load_plain_folder(root)
    if not documents:
        raise CorpusError(
            f"The corpus folder '{path}' holds no articles: add .txt or .md files "
            "(UTF-8 text, one article per file)."
        )
    return documents


def _load_plain_folder(root: Path) -> tuple[Document, ...]:
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
    documents = []
    for file in files:
        text = read_article(file)
        if not text.strip():
            log.warning("%s is empty; it is left out of the comparison.", file)
            continue
        language = identify_language(text)
        documents.append(
            Document(
                id=file.stem,
                path=file.name,
                language=language,
                title=_title_from_text(text, file.stem),
                text=text,
                language_source="detected",
            )
        )
    return tuple(documents)


def _load_with_manifest(root: Path, manifest: Path) -> tuple[Document, ...]:
    try:
        data = tomllib.loads(read_article(manifest))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"The manifest {manifest} is not valid TOML: {exc}. Fix the line it names.") from None
    entries = data.get("documents")
    if not isinstance(entries, list) or not entries:
        raise CorpusError(
            f"The manifest {manifest} lists no documents. Add one [[documents]] table per "
            'article with at least file = "name.txt" (id, language and title are optional).'
        )
    documents: list[Document] = []
    seen: set[str] = set()
    listed: set[Path] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise CorpusError(f"Document {number} in {manifest} has no file = \"...\" entry; every document needs one.")
        file = (root / entry["file"]).resolve()
        if not file.is_relative_to(root.resolve()):
            raise CorpusError(
                f"Document {number} in {manifest} points outside the corpus folder ({entry['file']}). "
                "Keep the articles inside the folder and name them relative to it."
            )
        if not file.is_file():
            raise CorpusError(
                f"Document {number} in {manifest} names {entry['file']}, which is not in {root}. "
                "Fix the file name or remove the entry."
            )
        doc_id = str(entry.get("id") or file.stem)
        if doc_id in seen:
            raise CorpusError(f"Two documents in {manifest} have the id '{doc_id}'; ids must be unique.")
        seen.add(doc_id)
        listed.add(file)
        text = read_article(file)
        if "language" in entry:
            language, source = check_language(str(entry["language"]), where=f"document '{doc_id}' in {manifest}"), "manifest"
        else:
            language, source = identify_language(text), "detected"
        documents.append(
            Document(
                id=doc_id,
                path=file.relative_to(root.resolve()).as_posix(),
                language=language,
                title=str(entry.get("title") or _title_from_text(text, doc_id)),
                text=text,
                language_source=source,
                outlet=entry.get("outlet"),
                date=str(entry["date"]) if "date" in entry else None,
                url=entry.get("url"),
                event=str(entry["event"]) if "event" in entry else None,
            )
        )
    unlisted = sorted(
        p.name for p in root.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and p.resolve() not in listed
    )
    if unlisted:
        log.warning("%s does not list %s; left out of the comparison.", manifest, ", ".join(unlisted))
    return tuple(documents)


# A news article is tens of kilobytes. Above LARGE the run warns; above MAX it refuses,
# since the comparison grows with the product of the documents' claim counts.
LARGE_ARTICLE_BYTES = 1_000_000
MAX_ARTICLE_BYTES = 10_000_000


def read_article(path: Path) -> str:
    """Read a text file as UTF-8 (a BOM is dropped); refuse binary files."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise CorpusError(
            f"{path} is {size / 1e6:.1f} MB; an article is rarely over 100 kB, and translate-compare "
            f"reads at most {MAX_ARTICLE_BYTES / 1e6:.0f} MB a file. Split it into one file per article, "
            "or remove it from the corpus folder."
        )
    if size > LARGE_ARTICLE_BYTES:
        log.warning("%s is %.1f MB, much longer than a news article; the comparison will be slow.", path, size / 1e6)
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise CorpusError(f"{path} is not a text file (it holds binary data). Remove it from the corpus folder.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Web copies saved on Windows are usually cp1252; say so rather than guess silently.
        log.warning("%s is not UTF-8; read it as Windows-1252 (cp1252). Save it as UTF-8 to silence this.", path)
        return data.decode("cp1252", errors="replace")


def _title_from_text(text: str, fallback: str) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 80 else line[:77].rstrip() + "..."
    return fallback


@lru_cache(maxsize=1)
def _detector():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=1)
def known_languages() -> frozenset[str]:
    """ISO 639-1 codes lingua can identify, plus the macro-language code 'no'."""
    from lingua import Language

    return frozenset({lang.iso_code_639_1.name.lower() for lang in Language.all()} | {"no"})


def identify_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in ("nb", "en", ...)."""
    language = _detector().detect_language_of(text)
    if language is None:
        raise CorpusError(
            "Could not tell which language a document is written in. Give it a language in "
            'corpus.toml (language = "nb").'
        )
    return language.iso_code_639_1.name.lower()


def check_language(code: str, *, where: str) -> str:
    """Normalise a manifest language tag ("nb", "NB", "nb-NO" -> "nb") or explain why not."""
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    if primary not in known_languages():
        raise CorpusError(
            f"Unknown language '{code}' for {where}. Use a two-letter ISO 639-1 code "
            "such as en, nb, nn, da, sv."
        )
    return primary
