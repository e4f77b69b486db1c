"""The translation cache: one SQLite file in the user cache directory.

A translation is keyed by model id, resolved revision, generation settings and
the source sentence, so a second run with the same model translates nothing,
and a new revision or a new beam size never reuses stale output. Every batch is
committed as soon as it is done: an interrupted run keeps what it finished.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

log = logging.getLogger("translate")

CACHE_ENV = "TRANSLATE_COMPARE_CACHE"
CACHE_FILE = "translations.sqlite3"


def default_cache_dir() -> Path:
    """``$TRANSLATE_COMPARE_CACHE``, else the platform's user cache directory."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("translate-compare", appauthor=False))


def damaged_name(path: Path) -> Path:
    """Where a damaged file or folder is set aside: ``NAME.damaged-N``, the first N free."""
    number = 1
    while (aside := path.with_name(f"{path.name}.damaged-{number}")).exists():
        number += 1
    return aside


def _unwritable(exc: sqlite3.Error) -> bool:
    """Whether SQLite could not open or write the file (as opposed to finding it damaged or locked)."""
    text = str(exc).lower()
    return any(m in text for m in ("unable to open", "readonly", "read-only", "disk i/o", "database or disk is full", "disk is full"))


def cache_key(model: str, revision: str, settings: str, source: str) -> str:
    return hashlib.sha256(json.dumps([model, revision, settings, source], ensure_ascii=False).encode()).hexdigest()


class TranslationCache:
    """Stored translations, looked up and added many at a time."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / CACHE_FILE
        self._connection: sqlite3.Connection | None = None
        self.timeout = 30.0  # seconds to wait for another run's write to finish

    def _open(self, target: Path | str) -> sqlite3.Connection:
        connection = sqlite3.connect(target, timeout=self.timeout)
        try:
            # WAL lets a second run read while this one writes.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " key TEXT PRIMARY KEY, model TEXT NOT NULL, revision TEXT NOT NULL,"
                " settings TEXT NOT NULL, source TEXT NOT NULL, translation TEXT NOT NULL, confidence REAL)"
            )
            # Caches written before translations carried the model's confidence lack the column.
            columns = {row[1] for row in connection.execute("PRAGMA table_info(translations)")}
            if "confidence" not in columns:
                connection.execute("ALTER TABLE translations ADD COLUMN confidence REAL")
            (status,) = connection.execute("PRAGMA quick_check").fetchone()
            if status != "ok":
                raise sqlite3.DatabaseError(status)
            connection.commit()
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                self._connection = self._open_patiently()
            except OSError as exc:  # a file where the folder should be, a read-only disk, no permission
                self._in_memory(f"cannot be written ({exc.strerror or exc})")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    # Another program holds the file: run without it rather than wait forever or break it.
                    self._in_memory(f"is locked by another program ({exc})")
                elif _unwritable(exc):
                    self._in_memory(f"cannot be written ({exc})")
                else:
                    raise
            except sqlite3.DatabaseError as exc:
                aside = self._set_aside()
                log.warning(
                    "The translation cache %s is damaged (%s); it was moved to %s and a new one was started.",
                    self.path, exc, aside,
                )
                self._connection = self._open(self.path)
        return self._connection

    def _in_memory(self, why: str) -> None:
        log.warning("The translation cache %s %s; this run keeps its translations in memory only.", self.path, why)
        self._connection = self._open(":memory:")

    def _open_patiently(self) -> sqlite3.Connection:
        """Open the file, retrying while another run sets it up: SQLite answers "locked" at once, without
        waiting for its busy timeout, when two connections would deadlock (both upgrading to write)."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return self._open(self.path)
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _set_aside(self) -> Path:
        """Move a damaged cache file (and its WAL files) out of the way; never delete it."""
        aside = damaged_name(self.path)
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(self.path) + suffix)
            if part.exists():
                part.rename(Path(str(aside) + suffix))
        return aside

    def get_many(self, model: str, revision: str, settings: str, sources: Iterable[str]) -> dict[str, str]:
        """The cached translation of each source sentence that has one."""
        return {source: text for source, (text, _) in self.get_scored(model, revision, settings, sources).items()}

    def get_scored(self, model: str, revision: str, settings: str, sources: Iterable[str]) -> dict[str, tuple[str, float | None]]:
        """The cached translation of each source sentence that has one, with the model's confidence (or None)."""
        keys = {cache_key(model, revision, settings, s): s for s in sources}
        if not keys or not self.path.exists():
            return {}
        found: dict[str, tuple[str, float | None]] = {}
        connection = self._connect()
        items = list(keys)
        for i in range(0, len(items), 500):  # stay under SQLite's bound-parameter limit
            chunk = items[i : i + 500]
            rows = connection.execute(
                f"SELECT key, translation, confidence FROM translations WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )
            for key, translation, confidence in rows:
                found[keys[key]] = (translation, confidence)
        return found

    def put_many(
        self, model: str, revision: str, settings: str, translations: Mapping[str, str], confidence: Mapping[str, float] | None = None
    ) -> None:
        confidence = confidence or {}
        rows = [(cache_key(model, revision, settings, s), model, revision, settings, s, t, confidence.get(s)) for s, t in translations.items()]
        connection = self._connect()
        try:
            with connection:
                connection.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.OperationalError as exc:
            if not _unwritable(exc):
                raise
            connection.close()  # the disk filled up, or became read-only, during the run: go on without it
            self._in_memory(f"cannot be written any more ({exc})")
            with self._connection:
                self._connection.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
