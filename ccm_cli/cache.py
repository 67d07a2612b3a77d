"""A content-hash cache of per-comm lint results, in ``.ccm-cache/`` (safe in CI too).

A comm's findings depend on the comm file, its ``<field>_file`` templates, the templates it
includes (``{% include %}``, ``{% import %}``, ``{% extends %}``, transitively, also through
the clauses it inserts; an include with a computed name depends on every template under
``comms/``), and everything shared: ccm.yaml, brand/, policies/ (clauses included),
CODEOWNERS, Vale style folders, the enabled rules, which clauses are in force on the date the
run pretends it is (:func:`date_state`: a result stays valid from one day to the next) and the
ccm version. The key hashes all of them, so a wrong hit would need a sha256
collision: the cache is keyed by content, never by modification time. Editing a snippet
re-lints the comms that include it, not every comm. ``--base`` is not part of a comm's key:
only project-scope rules may read the base project. The cross-comm findings are cached under
the keys of every comm (see ``linter._cross_key``).

What a comm includes is found by parsing its templates after linting it and is stored with its
results; a lookup only compares the recorded templates' hashes, so a warm run parses nothing.

Storage is one SQLite file; a corrupt or unreadable cache is ignored and rebuilt, never fatal.
A cache that ccm did not write itself — files in it tracked by git (committed in a pull
request), a symlinked folder or file — is neither read nor written (:mod:`.cache_trust`).
It does not grow without bound: every row notes the last day it was written or read, and rows
unused for :data:`KEEP_DAYS` days (a comm edited since, rules or guidelines changed) are
deleted when the cache is closed.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

from . import __version__, cache_trust
from .findings import Finding, Severity
from .model import Comm, FileOrigin, Project
from .yamlio import text_sha

CACHE_DIR = ".ccm-cache"
SCHEMA_VERSION = "6"
STORE_VERSION = 6  # the SQLite layout (PRAGMA user_version); another layout is dropped and rebuilt
KEEP_DAYS = 14  # a row unused this many days is deleted at close
REMARK_DAYS = 7  # a row read is marked used again once its mark is this old: re-marking
# 10,000 rows costs 0.2 s, so a warm run pays it once a week, not once a day
_KEY_COLUMN = {"results": "key", "docs": "sha"}
_PAYLOAD = {"results": "findings", "docs": "doc, duplicates, summary"}


class ResultCache:
    """Per-comm findings keyed by the hash of everything they depend on."""

    def __init__(self, root: Path, day: int | None = None) -> None:
        self.path = root / CACHE_DIR / "lint.sqlite"
        self.refused = cache_trust.refusal(self.path.parent)  # committed, symlinked: never read nor written
        if self.refused is not None:
            cache_trust.refuse(self.path.parent, self.refused)
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
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
        repository path -> sha256 or None when missing; see :class:`CommKeys`). A row is read
        once per run: ``--changed-only`` asks for every comm's row twice (which comms are
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
                findings = stored["findings"]  # None: a row of digests only (see linter._digest_rows)
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

    # -- parsed YAML documents, keyed by the sha256 of their text (see yamlio.parse_cached)
    def get_docs(self, shas: list[str]) -> dict[str, tuple]:
        """sha -> (the data as JSON text, has_duplicates, summary or None) for the texts parsed
        before (in batches: one query per 500, where a cold project has thousands). The data
        is left as text for the caller to decode when it needs it (see yamlio.YamlDoc)."""
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


def date_state(project: Project, today: _dt.date) -> str:
    """What the lint date means to findings: for each clause, whether it is effective and
    whether it has not expired on ``today``. Rules compare the date with clause dates only
    (tests/test_scale.py checks which modules read the lint date), so a result cached on
    another day stays right until a clause comes into force or expires."""
    from .rules.clause._dates import effective, expires

    states = []
    for clause_id in sorted(project.clauses):
        start, end = effective(project.clauses[clause_id]), expires(project.clauses[clause_id])
        states.append(f"{clause_id}:{start is None or start <= today:d}{end is None or end >= today:d}")
    return "\n".join(states)


def shared_key(project: Project, rule_ids: list[str], today: str) -> str:
    """The hash of everything every comm's findings depend on (besides the comm itself and
    the templates it includes); ``today`` is the :func:`date_state` of the lint date."""
    digest = hashlib.sha256()

    def add(label: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("version", f"{__version__}/{SCHEMA_VERSION}")
    add("today", today)
    add("rules", "\n".join(sorted(rule_ids)))
    for name, doc in project.documents:
        if name != "comm":
            add(doc.rel, doc.text)
    if project.codeowners:
        add(*project.codeowners)
    source = project.source
    if source is not None:
        styles = project.guidelines.get("styles") if isinstance(project.guidelines, dict) else None
        for folder in [str(s) for s in styles] if isinstance(styles, list) else []:
            for rel in source.files(folder):
                try:
                    add(rel, source.read_bytes(rel))
                except Exception:  # unreadable: its problem is reported elsewhere
                    add(rel, b"<unreadable>")
    return digest.hexdigest()


def comm_key(shared: str, comm: Comm) -> str:
    """The key of one comm's results: ``shared``, the comm file and its own template files
    (what it includes is checked separately: :meth:`CommKeys.still_valid`)."""
    digest = hashlib.sha256(shared.encode())
    digest.update(comm.doc.rel.encode() + b"\0" + comm.doc.sha.encode())
    for tfield in comm.fields if comm.names_files() else ():
        if isinstance(tfield.origin, FileOrigin):
            digest.update(b"\0file\0" + tfield.origin.file.encode() + b"\0" + tfield.source.encode("utf-8"))
    return digest.hexdigest()


class CommKeys:
    """The cache keys of a project's comms, and the templates each comm includes.

    A result is stored under :func:`comm_key` (shared files, the comm file, its own template
    files) with the templates the comm included, transitively, also through the clauses it
    inserts — found from the renderer's analysis of each text after linting the comm, so
    looking results up parses nothing — and is used only while each of those still has the
    same sha256 (:meth:`still_valid`). A comm with an include whose name is computed records
    every template under ``comms/`` (a new one invalidates it too)."""

    EVERY = "*every template*"  # recorded by a computed include: the set of templates counts too

    def __init__(self, project: Project, rule_ids: list[str], today: _dt.date) -> None:
        self.project = project
        self.shared = shared_key(project, rule_ids, date_state(project, today))
        self._shas: dict[str, str | None] = {}
        self._every_template: dict[str, str | None] | None = None

    def keys(self, comms: list[Comm]) -> list[str]:
        return [comm_key(self.shared, comm) for comm in comms]

    def still_valid(self, includes: dict | None, ignoring: frozenset[str] = frozenset()) -> bool:
        """Do the templates a stored result recorded still hold the same texts (those in
        ``ignoring`` left out: files known to have changed)?"""
        if not isinstance(includes, dict):
            return False
        if self.EVERY in includes and set(includes) - {self.EVERY} != set(self._all_templates()):
            return False
        return all(self._sha(rel) == sha for rel, sha in includes.items() if rel != self.EVERY and rel not in ignoring)

    def includes(self, comm: Comm, renderer) -> dict[str, str | None]:
        """Repository path -> sha256 of every template the comm may include (``renderer``: a
        :class:`ccm_cli.render.Renderer` of the project, whose analysis is cached by text)."""
        from .render import reach

        try:
            found = reach(self.project, [tfield.source for tfield in comm.fields], renderer.direct_usage, every_clause=True)
        except Exception:  # the analysis fails (the lint reports it): assume anything
            return self._every()
        if found.any_file:
            return self._every()
        return {rel: self._sha(rel) for rel in found.files}

    def _every(self) -> dict[str, str | None]:
        return {**self._all_templates(), self.EVERY: None}

    def _sha(self, rel: str) -> str | None:
        if rel not in self._shas:
            from .render import read_snippet

            text = read_snippet(self.project, rel[len("comms/"):])
            self._shas[rel] = None if text is None else text_sha(text)
        return self._shas[rel]

    def _all_templates(self) -> dict[str, str | None]:
        if self._every_template is None:
            from .incremental import is_comm_file

            source = self.project.source
            names = source.files("comms") if source is not None else []
            self._every_template = {rel: self._sha(rel) for rel in names if not is_comm_file(rel)}
        return self._every_template
