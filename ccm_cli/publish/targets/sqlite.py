"""The ``sqlite`` target: releases in one SQLite database file, applied in one transaction.

``publish: {archive: {type: sqlite, path: dist/ccm.db}}`` (relative to ccm.yaml, or
``path_env: CCM_SQLITE_PATH`` to name an environment variable). ``BEGIN IMMEDIATE`` takes the
database's write lock at the start of the transaction, so a second publish waits (up to
``--lock-timeout``) and then fails cleanly; a killed publish's transaction is rolled back by
SQLite's journal on the next open.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..integrity import ReleaseError
from .base import TargetError
from .sql import SqlTarget


class SqliteTarget(SqlTarget):
    kind = "sqlite"
    mark = "?"
    blob = "BLOB"
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, name: str, path: Path, shown: str) -> None:
        super().__init__(name)
        self.path = path
        self._shown = shown

    @property
    def description(self) -> str:
        return f"sqlite: {self._shown}"

    def errors(self) -> tuple:
        return (sqlite3.Error,)

    def connect(self, write: bool, lock_timeout: float):
        if not write and not self.path.is_file():
            if os.path.lexists(self.path):
                raise TargetError(f"target {self.name} ({self.description}): {self._shown} is not a file")
            return sqlite3.connect(":memory:")  # nothing published yet: an empty target
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=max(lock_timeout, 0.0), isolation_level=None)
        conn.text_factory = _text
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def lock(self, lock_timeout: float) -> None:
        pass  # BEGIN IMMEDIATE already holds the write lock

    def has_tables(self) -> bool:
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ccm_current'").fetchone()
        return row is not None

    def session(self, write: bool, lock_timeout: float = 60.0):
        return _friendly_lock_errors(super().session(write, lock_timeout), lock_timeout, self.path)


class _friendly_lock_errors:
    """Say "another publish holds the lock" instead of SQLite's "database is locked"."""

    def __init__(self, inner, lock_timeout: float, path: Path) -> None:
        self.inner, self.lock_timeout, self.path = inner, lock_timeout, path

    def __enter__(self):
        try:
            return self.inner.__enter__()
        except TargetError as exc:
            raise _translate(exc, self.lock_timeout, self.path) from None

    def __exit__(self, *exc_info):
        try:
            return self.inner.__exit__(*exc_info)
        except TargetError as exc:
            raise _translate(exc, self.lock_timeout, self.path) from None


def _translate(exc: TargetError, lock_timeout: float, path: Path) -> TargetError:
    if "database is locked" in str(exc):
        return TargetError(f"another publish holds the lock on {path} (waited {lock_timeout:g}s); try again when it has finished")
    return exc


def open_sqlite(config, root: Path) -> SqliteTarget:
    if config.options.get("path_env"):
        raw = config.env("path_env")
        shown = f"${config.options['path_env']}"
    else:
        raw = config.required("path")
        if not isinstance(raw, str):
            raise config.error("'path' must be a file path")
        shown = raw
    path = Path(raw) if os.path.isabs(raw) else root / raw
    return SqliteTarget(config.name, path, shown)


def read_release(path: Path, release_id: str | None = None):
    """(manifest, artifacts) of the current (or given) release in a sqlite target, every file
    checked against the manifest; None when there is no such release; ``ReleaseError`` when it
    cannot be read or trusted."""
    target = SqliteTarget("runtime", path, str(path))
    try:
        with target.session(write=False):
            wanted = release_id or target.current_id()
            if wanted is None or target.manifest(wanted) is None:
                return None
            return target.verified(wanted)
    except TargetError as exc:
        raise ReleaseError(str(exc)) from None


def _text(raw: bytes):
    """TEXT columns as str; bytes that are not UTF-8 stay bytes (the checks then name the row)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw
