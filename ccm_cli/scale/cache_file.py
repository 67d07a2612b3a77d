"""The SQLite file behind the disk store: ``.ccm-cache/lint.sqlite`` (safe in CI too).

Two tables: ``results`` — per comm, under a key of :mod:`.keys`: its findings, the digests of
the cross-comm rules and the templates it included — and ``docs`` — parsed YAML data, keyed by
the sha256 of the text (see :mod:`.parsing`). A key hashes everything a result depends on, so a
wrong hit would need a sha256 collision: the file is keyed by content, never by modification
time.

A corrupt or unreadable file is ignored and rebuilt, never fatal. A cache that ccm did not write
itself — files in it tracked by git (committed in a pull request), a symlinked folder or file —
is neither read nor written (:mod:`.trust`). It does not grow without bound: every row notes the
last day it was written or read, and rows unused for :data:`KEEP_DAYS` days (a comm edited
since, rules or guidelines changed) are deleted when the file is closed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from ..findings import Finding, Severity
from . import trust

CACHE_DIR = ".ccm-cache"
SCHEMA_VERSION = "6"
STORE_VERSION = 6  # the SQLite layout (PRAGMA user_version); another layout is dropped and rebuilt
KEEP_DAYS = 14  # a row unused this many days is deleted at close
REMARK_DAYS = 7  # a row read is marked used again once its mark is this old: re-marking
# 10,000 rows costs 0.2 s, so a warm run pays it once a week, not once a day
_KEY_COLUMN = {"results": "key", "docs": "sha"}
_PAYLOAD = {"results": "findings", "docs": "doc, duplicates, summary"}


class CacheFile:
    """The rows of ``.ccm-cache/lint.sqlite``: results by key, parsed documents by sha."""

    def __init__(self, root: Path, day: int | None = None) -> None:
        self.path = root / CACHE_DIR / "lint.sqlite"
        self.refused = trust.refusal(self.path.parent)  # committed, symlinked: never read nor written
        if self.refused is not None:
            trust.refuse(self.path.parent, self.refused)
        self._db: sqlite3.Connection | None = None
        self._pending_docs: list[tuple] = []
        self._results: dict[str, tuple | None] = {}  # what get_many read or put_many wrote, this run
        self.day = int(time.time() // 86400) if day is None else day  # days since 1970 (UTC), for pruning

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and self.refused is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                _create(self.path.parent / ".gitignore", b"*\n")
                self._db = self._open()
            except sqlite3.OperationalError:  # locked, read-only folder: run without the cache
                self._db = None
            except sqlite3.DatabaseError:  # not a database (a torn or foreign file): start afresh
                try:
                    self.path.unlink()
                    self._db = self._open()
                except (sqlite3.Error, OSError):
                    self._db = None
            except OSError:
                self._db = None
        return self._db

    def _open(self) -> sqlite3.Connection:
        """The database in this version's layout; a file in another layout is emptied first,
        in one transaction, so two ccm processes upgrading at once do not drop each other's
        tables."""
        db = sqlite3.connect(self.path, timeout=30)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != STORE_VERSION:
                db.execute("BEGIN IMMEDIATE")
                if db.execute("PRAGMA user_version").fetchone()[0] != STORE_VERSION:  # still, now that we hold the lock
                    db.execute("DROP TABLE IF EXISTS results")
                    db.execute("DROP TABLE IF EXISTS docs")
                    db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, used INTEGER NOT NULL, findings TEXT NOT NULL)")
                    db.execute("CREATE TABLE docs (sha TEXT PRIMARY KEY, used INTEGER NOT NULL, doc TEXT NOT NULL,"
                               " duplicates INTEGER NOT NULL, summary TEXT)")
                    db.execute("CREATE INDEX results_used ON results (used)")
                    db.execute("CREATE INDEX docs_used ON docs (used)")
                    db.execute(f"PRAGMA user_version = {STORE_VERSION}")
                db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def _optional_write(self, statements) -> None:
        """Run ``statements(db)`` in one transaction if the database is free right now: marking
        and pruning rows can wait for another run, a warm lint should not wait for them."""
        db = self._db
        if db is None:
            return
        try:
            db.execute("PRAGMA busy_timeout = 0")
            with db:
                statements(db)
        except sqlite3.Error:  # busy or read-only: the rows just age
            pass
        finally:
            try:
                db.execute("PRAGMA busy_timeout = 30000")
            except sqlite3.Error:
                pass

    def _rows(self, table: str, keys: list[str]):
        """(key, *payload columns) of the rows of ``table`` with these keys, in batches of 500
        (a cold project asks for thousands); a row read is marked used today (see
        :data:`REMARK_DAYS`)."""
        db = self._db
        column = _KEY_COLUMN[table]
        stale: list[str] = []
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, used, *payload in db.execute(f"SELECT {column}, used, {_PAYLOAD[table]} FROM {table} WHERE {column} IN ({marks})", chunk):
                if used < self.day - REMARK_DAYS:
                    stale.append(key)
                yield key, *payload
        if stale:
            def mark(db: sqlite3.Connection) -> None:
                for start in range(0, len(stale), 500):
                    chunk = stale[start : start + 500]
                    db.execute(f"UPDATE {table} SET used = ? WHERE {column} IN ({','.join('?' * len(chunk))})", [self.day, *chunk])

            self._optional_write(mark)

    def get_many(self, keys: list[str]) -> dict[str, tuple[list[Finding], dict, dict | None]]:
        """key -> (findings or None for a row of digests only, digests of cross-comm rules, the templates the comm included:
        repository path -> sha256 or None when missing; see :class:`.keys.CommKeys`). A row is
        read once per run: ``--changed-only`` asks for every comm's row twice (which comms are
        affected, then their digests)."""
        db = self._connect()
        if db is None or not keys:
            return {}
        known = self._results
        missing = [key for key in dict.fromkeys(keys) if key not in known]
        found: dict[str, tuple[list[Finding], dict, dict | None]] = {}
        try:
            for key, payload in self._rows("results", missing):
                stored = json.loads(payload)
                findings = stored["findings"]  # None: a row of digests only (see store.StoredResults.keep_cross)
                found[key] = (None if findings is None else [finding_from_json(item) for item in findings],
                              stored["digests"], stored.get("includes"))
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return {}
        known.update({key: found.get(key) for key in missing})
        return {key: known[key] for key in keys if known[key] is not None}

    def put_many(self, items: dict[str, tuple]) -> None:
        """key -> (findings or None, digests[, includes])."""
        db = self._connect()
        if db is None or not items:
            return
        self._results.update({key: (value[0], value[1], value[2] if len(value) > 2 else None) for key, value in items.items()})
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO results (key, used, findings) VALUES (?, ?, ?)",
                    [(key, self.day, json.dumps({"findings": None if value[0] is None else [f.to_json() for f in value[0]], "digests": value[1],
                                                 "includes": value[2] if len(value) > 2 else None}, ensure_ascii=False))
                     for key, value in items.items()],
                )
        except sqlite3.Error:
            pass

    # -- parsed YAML documents, keyed by the sha256 of their text (see parsing.parse_many)
    def get_docs(self, shas: list[str]) -> dict[str, tuple]:
        """sha -> (the data as JSON text, has_duplicates, summary or None) for the texts parsed
        before (in batches: one query per 500, where a cold project has thousands). The data
        is left as text for the caller to decode when it needs it (see ccm_cli.yamlio.YamlDoc)."""
        db = self._connect()
        found: dict[str, tuple] = {}
        if db is None or not shas:
            return found
        try:
            for sha, data_json, duplicates, summary in self._rows("docs", shas):
                if not isinstance(data_json, str):
                    raise TypeError("not a JSON text")
                found[sha] = (data_json, bool(duplicates), json.loads(summary) if summary is not None else None)
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return {}
        return found

    def put_doc(self, sha: str, data, has_duplicates: bool, summary=None) -> None:
        try:
            data_json = json.dumps(data, ensure_ascii=False)
            summary_json = json.dumps(summary, ensure_ascii=False) if summary is not None else None
        except (TypeError, ValueError, RecursionError):
            return
        self._pending_docs.append((sha, self.day, data_json, bool(has_duplicates), summary_json))

    def flush(self) -> None:
        db = self._connect()
        if db is None or not self._pending_docs:
            self._pending_docs.clear()
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO docs (sha, used, doc, duplicates, summary) VALUES (?, ?, ?, ?, ?)", self._pending_docs)
        except sqlite3.Error:
            pass
        self._pending_docs.clear()

    def prune(self) -> None:
        """Delete the rows nobody used for :data:`KEEP_DAYS` (a read first: most runs find
        none and write nothing)."""
        db = self._db
        if db is None:
            return
        oldest = self.day - KEEP_DAYS
        try:
            tables = [t for t in _KEY_COLUMN if db.execute(f"SELECT 1 FROM {t} WHERE used < ? LIMIT 1", (oldest,)).fetchone()]
        except sqlite3.Error:
            return
        if tables:
            self._optional_write(lambda db: [db.execute(f"DELETE FROM {t} WHERE used < ?", (oldest,)) for t in tables])

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self.prune()
            self._db.close()
            self._db = None


def _create(path: Path, data: bytes) -> None:
    """Write a new file; an existing one (or a symlink at its name) is left alone."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def finding_from_json(item: dict) -> Finding:
    data = dict(item)
    data["severity"] = Severity.parse(data["severity"])
    return Finding(**data)
