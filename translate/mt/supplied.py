"""Translations the user brings: a UTF-8 TSV of source sentence, tab, English.

Lines starting with ``#`` are comments. Lookup ignores differences in
whitespace (line breaks, double spaces, non-breaking spaces), so a sentence
copied from a web page still finds its translation.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from ..english import without_invisible
from ..errors import TranslationsFileError

log = logging.getLogger("translate")


def lookup_key(sentence: str) -> str:
    """The form under which a sentence is looked up: NFC, whitespace collapsed, soft hyphens and zero-width characters dropped."""
    return " ".join(unicodedata.normalize("NFC", without_invisible(sentence)).split())


class SuppliedTranslations:
    """A --translations file, parsed once."""

    def __init__(self, path: str | Path, table: dict[str, str]) -> None:
        self.path = str(path)
        self._table = table

    @classmethod
    def read(cls, path: str | Path) -> SuppliedTranslations:
        file = Path(path)
        what = "a UTF-8 TSV file with one line per source sentence: the sentence, a tab, its English translation"
        if file.is_dir():
            raise TranslationsFileError(f"--translations {path} is a folder. Pass {what}.")
        if not file.exists():
            raise TranslationsFileError(f"The translations file '{path}' does not exist. Pass {what}.")
        try:
            text = file.read_text(encoding="utf-8-sig")  # a pipe (<(...)) or /dev/null reads too: no translations
        except OSError as exc:
            raise TranslationsFileError(f"Cannot read the translations file {path}: {exc.strerror or exc}. Pass {what}.") from None
        except UnicodeDecodeError as exc:
            line = file.read_bytes()[: exc.start].count(b"\n") + 1
            raise TranslationsFileError(
                f"{path}, line {line}: not UTF-8 text. Save the translations file as UTF-8."
            ) from None
        table: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            source, tab, english = line.partition("\t")
            if not tab or not source.strip() or not english.strip() or "\t" in english:
                raise TranslationsFileError(
                    f"{path}, line {number}: expected the source sentence, one tab, and its English "
                    f"translation, but got {line[:80]!r}. Fix or remove that line."
                )
            key = lookup_key(source)
            if key in table and table[key] != english.strip():
                log.warning("%s, line %d: a second translation of the same sentence; the first is kept.", path, number)
                continue
            table[key] = english.strip()
        return cls(path, table)

    def get(self, sentence: str) -> str | None:
        return self._table.get(lookup_key(sentence))

    def __len__(self) -> int:
        return len(self._table)
