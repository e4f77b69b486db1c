"""Writing what a run makes: never over an input, never half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomically(path: Path, text: str, protected: set[Path]) -> None:
    """Write ``text`` to ``path`` through a temporary file, never over an input."""
    target = path.expanduser()
    if target.resolve() in protected:
        raise OutputError(
            f"Refusing to write the output to {path}: it is one of the inputs of this run. Choose another file name."
        )
    if target.is_dir():
        raise OutputError(f"{path} is a folder; give a file name for the output, e.g. {path}/report.md.")
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"Cannot write {path}: the folder {folder} does not exist. Create it first or choose another path.")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def inputs_of(corpus: Path, translations: str | None) -> set[Path]:
    """The files a run reads: outputs may not overwrite them."""
    protected = {p.resolve() for p in corpus.glob("*") if p.is_file()} if corpus.is_dir() else set()
    if translations is not None:
        protected.add(Path(translations).resolve())
    return protected
