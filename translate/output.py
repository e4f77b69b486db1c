"""Writing what a run makes: never over an input, never half a file, never over a device.

Every output is checked before the run starts (``plan_outputs``): against
every input and every other output, by resolved path, and by what is there
now. A regular file (or a path that does not exist yet) is written through a
temporary file in the same folder and renamed over it, keeping the old file's
permissions (a new file gets the ones the umask allows). A character device
or a FIFO (``-o /dev/null``, ``-o /dev/stdout``, a named pipe) is written
directly, since renaming over it would replace the device with a file. A
symbolic link is followed: the file it points to is written, the link stays.
Anything else (a folder, a socket) is refused. All the outputs of a run are
written to temporary files first and renamed together at the end
(``write_together``), so the report and the JSON never come from two runs.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError, WriteError


@dataclass(frozen=True)
class Target:
    """Where one output goes: ``given`` as the user typed it, ``path`` the file written, ``direct``: a device or FIFO."""

    given: Path
    path: Path
    direct: bool


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output(given: Path, protected: set[Path]) -> Target:
    """Where ``given`` can be written, or an ``OutputError`` saying why not."""
    path = given.expanduser()
    target = path.resolve()  # follows links, a dangling one to where it points
    if target in protected:
        raise OutputError(f"Refusing to write the output to {given}: it is one of the inputs of this run. Choose another file name.")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"Cannot write {given}: {exc.strerror or exc}. Choose another path.") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{given} is a folder; give a file name for the output, e.g. {given}/report.md.")
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        return Target(given, target, direct=True)
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(f"Cannot write {given}: it is neither a regular file nor a device or pipe (a socket?). Choose another path.")
    if not target.parent.is_dir():
        raise OutputError(f"Cannot write {given}: the folder {target.parent} does not exist. Create it first or choose another path.")
    return Target(given, target, direct=False)


def plan_outputs(outputs: Sequence[tuple[str, Path]], protected: set[Path]) -> list[Target]:
    """Check every output (option, path) before anything runs: writable, no input, no two the same file."""
    targets: list[tuple[str, Target]] = []
    for option, given in outputs:
        target = check_output(given, protected)
        same = next(((o, t) for o, t in targets if t.path == target.path and not t.direct), None)
        if same is not None:
            names = f"both name {given}" if str(same[1].given) == str(given) else f"name the same file ({same[1].given}, {given})"
            raise OutputError(f"{same[0]} and {option} {names}: the second would replace the first. Give each output its own file name.")
        targets.append((option, target))
    return [t for _, t in targets]


def write_together(items: Iterable[tuple[Target, str]]) -> None:
    """Write each text to its target: first every regular file to a temporary file beside it, then
    all renamed over their targets, then devices and pipes written. On any failure (or an interrupt)
    the temporary files are removed and the files already there are untouched."""
    items = list(items)
    pending: list[tuple[Target, str]] = []
    try:
        for target, text in items:
            if target.direct:
                continue
            try:
                handle, temporary = tempfile.mkstemp(prefix=f".{target.path.name}.", suffix=".tmp", dir=target.path.parent)
            except OSError as exc:  # a read-only file system, a folder one may not write to
                raise _write_error(target.given, exc) from None
            pending.append((target, temporary))
            try:
                existing = target.path.stat().st_mode if target.path.exists() else None
                os.fchmod(handle, stat.S_IMODE(existing) if existing is not None else 0o666 & ~_umask())
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                    out.write(text)
            except OSError as exc:
                raise _write_error(target.given, exc) from None
        for target, temporary in pending:
            try:
                os.replace(temporary, target.path)
            except OSError as exc:
                raise _write_error(target.given, exc) from None
        pending = []
    finally:
        for _, temporary in pending:
            Path(temporary).unlink(missing_ok=True)
    for target, text in items:
        if target.direct:
            try:
                with open(target.path, "w", encoding="utf-8", newline="\n") as out:
                    out.write(text)
            except OSError as exc:
                raise _write_error(target.given, exc) from None


def write_atomically(path: Path, text: str, protected: set[Path]) -> None:
    """Write one output (see ``write_together``)."""
    write_together([(check_output(path, protected), text)])


_HINTS = {
    errno.ENOSPC: "the disk is full; free some space, or write elsewhere, and run again",
    errno.EDQUOT: "the disk quota is used up; free some space, or write elsewhere, and run again",
    errno.EROFS: "the file system is read-only; write the output elsewhere",
    errno.EACCES: "permission denied; write the output to a folder you may write to",
    errno.EPERM: "the operation is not permitted; write the output elsewhere",
}


def _write_error(given: Path, exc: OSError) -> WriteError:
    reason = _HINTS.get(exc.errno or 0) or f"{exc.strerror or exc}; check the path and the disk, and run again"
    return WriteError(f"Could not write {given}: {reason}. Nothing was written: files already there are as they were.")


def describe_os_error(exc: OSError) -> str:
    """One sentence for an operating-system error the code did not expect: what failed, where, and what to do."""
    where = f" ({exc.filename})" if exc.filename else ""
    reason = _HINTS.get(exc.errno or 0) or (exc.strerror or str(exc))
    return f"The operating system reported an error{where}: {reason}."


def inputs_of(corpus: Path, translations: str | None, ours: Callable[[Path], bool] = lambda path: False) -> set[Path]:
    """The files a run may read, resolved: every file in the corpus folder and its subfolders (a manifest
    may list articles there) but those ``ours`` recognises as an earlier run's output, and the
    translations file. Outputs may not overwrite them."""
    protected: set[Path] = set()
    if corpus.is_dir():
        for folder, _, files in os.walk(corpus):  # links to folders are not followed: no loops
            for name in files:
                path = Path(folder) / name
                if not path.is_file() or ours(path):  # a pipe or device is never read; an earlier report may be written again
                    continue
                try:
                    protected.add(path.resolve())
                except (OSError, RuntimeError):  # a link loop: nothing to protect there
                    continue
    if translations is not None:
        protected.add(Path(translations).expanduser().resolve())
    return protected
