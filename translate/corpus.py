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
import os
import re
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
    documents = []
    for file in _article_files(root):
        text = read_article(file)
        if not text.strip():
            log.warning("%s is empty; it is left out of the comparison.", file)
            continue
        if written_by_us(text):
            log.warning("%s is a report or translation that translate-compare wrote; it is not read as an article.", file)
            continue
        language = identify_language(text, where=str(file))
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


def _article_files(root: Path) -> list[Path]:
    """The article files of a folder without a manifest, by name; what looks like one but cannot be read
    as one is named in a warning. A link is followed only to a file inside the folder, as a manifest's
    entries must be."""
    files = []
    inside = root.resolve()
    for entry in sorted(root.iterdir()):
        if entry.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        _check_name(entry)
        try:
            target = entry.resolve(strict=True)
        except (OSError, RuntimeError):
            log.warning("%s is a link that leads nowhere (missing, or a loop); it is left out.", entry)
            continue
        if entry.is_symlink() and not target.is_relative_to(inside):
            raise CorpusError(
                f"{entry} is a link to {target}, outside the corpus folder. Keep the articles inside the "
                "folder (copy the file in), as the manifest requires too."
            )
        if target.is_dir():
            log.warning("%s is a folder, not an article; it is left out.", entry)
        elif not target.is_file():
            log.warning("%s is not a regular file (a pipe, socket or device); it is left out.", entry)
        else:
            files.append(entry)
    return files


def _check_name(path: Path) -> None:
    """Refuse, before anything runs, a file name that cannot be written into the report (not UTF-8)."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise CorpusError(
            f"The name of a file in {path.parent} is not valid UTF-8 ({os.fsencode(path.name)!r}), so it cannot "
            "be written into the report. Rename it (for example with a UTF-8 name, or plain ASCII)."
        ) from None


# What translate-compare writes, recognised: the report (its title and its last section) and the
# `translate` command's TSV (its header, then sentence, tab, English). A report saved into the corpus
# folder (-o corpus/report.md) must not be read as an article on the next run.
_TSV_HEADER = re.compile(r"# .+: English by .+\n[^\n\t]+\t")
_JSON_HEAD = re.compile(r'\A\{\s*"version": "[^"]*",\s*"schema": \d+,')
_HTML_HEAD = '<meta name="generator" content="translate-compare '


def is_our_output(path: Path) -> bool:
    """Whether the file at ``path`` is a report, JSON result, HTML page or translation TSV that
    translate-compare wrote (a run may write over it again: it is no input)."""
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:  # no run of ours writes that much over a corpus it can read
            return False
        suffix = path.suffix.lower()
        if suffix in ARTICLE_SUFFIXES or suffix == ".tsv":
            return written_by_us(path.read_text(encoding="utf-8"))
        if suffix in (".json", ".html"):
            with path.open(encoding="utf-8") as handle:
                head = handle.read(4096)
            return _JSON_HEAD.match(head) is not None if suffix == ".json" else _HTML_HEAD in head
    except (OSError, UnicodeDecodeError):
        return False
    return False


def written_by_us(text: str) -> bool:
    """Whether ``text`` is a Markdown report or a translation TSV that translate-compare wrote."""
    if text.startswith("# What each version says: "):
        return "\n## How this report was made\n" in text and "| Tool | translate-compare " in text
    return _TSV_HEADER.match(text) is not None


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
        _check_name(root / entry["file"])
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
        if file in listed:
            raise CorpusError(
                f"Document {number} in {manifest} names {entry['file']}, which an earlier document lists already; "
                "a file compared with itself says nothing. Remove one of the two entries."
            )
        doc_id = str(entry.get("id") or file.stem)
        if doc_id in seen:
            raise CorpusError(f"Two documents in {manifest} have the id '{doc_id}'; ids must be unique.")
        seen.add(doc_id)
        listed.add(file)
        text = read_article(file)
        if written_by_us(text):
            raise CorpusError(
                f"Document {number} in {manifest} ({entry['file']}) is a report or translation that translate-compare "
                "wrote, not an article. Remove the entry."
            )
        if "language" in entry:
            language, source = check_language(str(entry["language"]), where=f"document '{doc_id}' in {manifest}"), "manifest"
            _check_label(text, language, where=f"Document '{doc_id}' in {manifest}")
        else:
            language, source = identify_language(text, where=str(file)), "detected"
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
    unlisted = []
    for p in root.iterdir():
        try:
            if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file() and p.resolve() not in listed:
                unlisted.append(p.name)
        except (OSError, RuntimeError):  # a link loop: not an article either way
            continue
    unlisted.sort()
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"Cannot read {path}: {exc.strerror or exc}. Check that it is a file you may read, or remove it from the corpus folder.") from None
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):  # UTF-16 and UTF-32 (Windows' "Unicode" in Notepad) say so in their first bytes
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise CorpusError(f"{path} starts as {encoding.upper()} text but is not valid {encoding.upper()}. Save it again as UTF-8.") from None
    nul = data.find(b"\x00")
    if 0 <= nul < 8192:
        raise CorpusError(f"{path} is not a text file (it holds binary data). Remove it from the corpus folder.")
    if nul >= 0:
        raise CorpusError(
            f"{path} holds NUL bytes (the first at byte {nul:,}), which text never does: it is damaged, or not text "
            "after that point. Remove them (or the file) and run again."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Web copies saved on Windows are usually cp1252; say so rather than guess silently.
        log.warning("%s is not UTF-8; read it as Windows-1252 (cp1252). Save it as UTF-8 to silence this.", path)
        return data.decode("cp1252", errors="replace")


# Byte-order marks, longest first (UTF-32's little-endian mark begins with UTF-16's).
_UNICODE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


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


def identify_language(text: str, where: str = "a document") -> str:
    """The ISO 639-1 code of the language ``text`` (the file ``where``) is written in ("nb", "en", ...)."""
    language = _detector().detect_language_of(text)
    if language is None:
        raise CorpusError(
            f"Could not tell which language {where} is written in (too little text, or no letters). Give it a "
            'language in a corpus.toml manifest (language = "nb"; README), or remove it from the folder.'
        )
    return language.iso_code_639_1.name.lower()


# Languages a manifest label is checked against, beside the label itself: English and those with rules.
_CHECKED = ("en", "nb", "nn", "da", "sv", "de", "fr", "es")
# Told apart by lingua less surely than the label can be trusted: a label among them is never doubted for another.
_CLOSE = frozenset({"nb", "nn", "no", "da"})
_SURE, _DOUBTFUL = 0.9, 0.05
_LABEL_SAMPLE = 600


@lru_cache(maxsize=16)
def _label_detector(label: str):
    """A lingua detector over ``label`` and ``_CHECKED`` (None: lingua does not know the label)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    def language(code: str):
        try:
            return Language.from_iso_code_639_1(IsoCode639_1.from_str("nb" if code == "no" else code))
        except (ValueError, AttributeError):
            return None

    wanted = {language(c) for c in (*_CHECKED, label)} - {None}
    if language(label) is None or len(wanted) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*wanted).with_low_accuracy_mode().build()


def _check_label(text: str, label: str, where: str) -> None:
    """Warn when the manifest's language is plainly not the text's (an English article labelled nb would be
    sent to the Norwegian model): lingua, over the label and the languages it is likeliest confused with,
    gives the label almost nothing and another language almost everything. The first
    ``_LABEL_SAMPLE`` characters tell: a whole article costs more and says no more."""
    detector = _label_detector(label)
    if detector is None:
        return
    text = text[:_LABEL_SAMPLE]
    values = {v.language.iso_code_639_1.name.lower(): v.value for v in detector.compute_language_confidence_values(text)}
    best = max(values, key=values.get)
    if best == label or (label in _CLOSE and best in _CLOSE):
        return
    if values[best] >= _SURE and values.get("nb" if label == "no" else label, 0.0) <= _DOUBTFUL:
        log.warning(
            "%s is labelled %s, but its text reads as %s (lingua: %.2f against %.2f); it is translated as %s. "
            "Correct language = in the manifest if the label is wrong.",
            where, label, best, values[best], values.get(label, 0.0), label,
        )


def check_language(code: str, *, where: str) -> str:
    """Normalise a manifest language tag ("nb", "NB", "nb-NO" -> "nb") or explain why not."""
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    if primary not in known_languages():
        raise CorpusError(
            f"Unknown language '{code}' for {where}. Use a two-letter ISO 639-1 code "
            "such as en, nb, nn, da, sv."
        )
    return primary
