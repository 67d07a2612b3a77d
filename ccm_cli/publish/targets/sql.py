"""What the ``sqlite`` and ``postgres`` targets share: the tables and one-transaction apply.

::

    ccm_releases  (id PK, created_at, commit_sha, manifest)          one row per release, never updated
    ccm_artifacts (release_id, path, sha256, content)  PK (release_id, path)
    ccm_current   (name PK = 'current', release_id, switched_at)      the live release
    ccm_history   (seq, at, action, release_id, previous, commit_sha, branch, actor, reason)

Storing the release, switching ``current`` and logging the activation happen in one
transaction, under the database's lock: a publish killed at any point rolls back as a whole.
Subclasses supply the connection, the parameter style, the column types and the lock.

Every value read back is checked before it is used (see :mod:`..integrity`): a manifest that
is not what ccm wrote, an artifact that does not match it, a row of the wrong type — each is a
one-line problem naming the table and the release.
"""

from __future__ import annotations

from contextlib import contextmanager

from ..atomic import pause_point
from ..integrity import (
    EVENT_FIELDS, MANIFEST, ReleaseError, check_files, check_manifest, event_problem, is_release_id, kind, parse_json, shown,
)
from .base import Stored, Target, TargetError


class SqlTarget(Target):
    mark = "?"  # DB-API parameter marker
    blob = "BLOB"
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, name: str) -> None:
        self.name = name
        self.conn = None

    # -- subclass hooks
    def connect(self, write: bool, lock_timeout: float):
        raise NotImplementedError

    def lock(self, lock_timeout: float) -> None:
        """Take the publish lock inside the open transaction."""

    def has_tables(self) -> bool:
        raise NotImplementedError

    def errors(self) -> tuple:
        return ()

    # -- session
    @contextmanager
    def session(self, write: bool, lock_timeout: float = 60.0):
        errors = self.errors() + (OSError,)
        try:
            self.conn = self.connect(write, lock_timeout)
        except TargetError:
            raise
        except errors as exc:
            raise TargetError(f"cannot open target {self.name} ({self.description}): {_first_line(exc)}") from None
        try:
            if write:
                self.lock(lock_timeout)
                pause_point("locked")
                self._create_tables()
            yield self
            self.conn.commit()
        except errors as exc:
            self._rollback()
            raise TargetError(f"target {self.name} ({self.description}): {_first_line(exc)}") from None
        except BaseException:
            self._rollback()
            raise
        finally:
            try:
                self.conn.close()
            finally:
                self.conn = None

    def _rollback(self) -> None:
        try:
            self.conn.rollback()
        except Exception:  # the connection may already be gone
            pass

    def _create_tables(self) -> None:
        for statement in (
            "CREATE TABLE IF NOT EXISTS ccm_releases (id TEXT PRIMARY KEY, created_at TEXT, commit_sha TEXT, manifest TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS ccm_artifacts (release_id TEXT NOT NULL REFERENCES ccm_releases(id), path TEXT NOT NULL, "
            f"sha256 TEXT NOT NULL, content {self.blob} NOT NULL, PRIMARY KEY (release_id, path))",
            "CREATE TABLE IF NOT EXISTS ccm_current (name TEXT PRIMARY KEY, release_id TEXT NOT NULL REFERENCES ccm_releases(id), switched_at TEXT)",
            f"CREATE TABLE IF NOT EXISTS ccm_history (seq {self.serial}, at TEXT NOT NULL, action TEXT NOT NULL, release_id TEXT NOT NULL, "
            "previous TEXT, commit_sha TEXT, branch TEXT, actor TEXT, reason TEXT)",
        ):
            self.conn.execute(statement)

    def _q(self, sql: str) -> str:
        return sql.replace("?", self.mark)

    def _rows(self, sql: str, *params) -> list:
        if not self.has_tables():
            return []
        return list(self.conn.execute(self._q(sql), params).fetchall())

    def _where(self, table: str, *key: str) -> str:
        return f"{self.description} ({' '.join((table,) + tuple(shown(k) for k in key))})"

    # -- read
    def current_id(self) -> str | None:
        rows = self._rows("SELECT release_id FROM ccm_current WHERE name = 'current'")
        if not rows:
            return None
        value = rows[0][0]
        if not is_release_id(value):
            raise ReleaseError(f"{self._where('ccm_current')}: names {shown(value) if isinstance(value, str) else kind(value)}, not a release id")
        return value

    def manifest(self, release_id: str) -> dict | None:
        raw = self._manifest_text(release_id)
        if raw is None:
            return None
        where = self._where("ccm_releases", release_id)
        return check_manifest(parse_json(raw, where), where, release_id)

    def _manifest_text(self, release_id: str):
        if not is_release_id(release_id):
            return None
        rows = self._rows("SELECT manifest FROM ccm_releases WHERE id = ?", release_id)
        return rows[0][0] if rows else None

    def artifacts(self, release_id: str) -> dict[str, bytes]:
        """The stored files of a release (``manifest.json`` included), unchecked but of the right types."""
        files: dict[str, bytes] = {}
        for path, content in self._rows("SELECT path, content FROM ccm_artifacts WHERE release_id = ?", release_id):
            if not isinstance(path, str):
                raise ReleaseError(f"{self._where('ccm_artifacts', release_id)}: a path is {kind(path)}, not text")
            if not isinstance(content, (bytes, bytearray, memoryview)):
                raise ReleaseError(f"{self._where('ccm_artifacts', release_id, path)}: content is {kind(content)}, not bytes")
            files[path] = bytes(content)
        return files

    def verify(self, release_id: str) -> dict:
        return self.verified(release_id)[0]

    def verified(self, release_id: str) -> tuple[dict, dict[str, bytes]]:
        """(manifest, artifacts without ``manifest.json``), every stored file checked."""
        manifest = self.manifest(release_id)
        if manifest is None:
            raise ReleaseError(f"no release {shown(release_id)} in target {self.name} ({self.description})")
        files = self.artifacts(release_id)
        stored = files.pop(MANIFEST, None)
        raw = self._manifest_text(release_id)
        text = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        if stored != text:
            problem = "is missing" if stored is None else "differs from the manifest in ccm_releases"
            raise ReleaseError(f"{self._where('ccm_artifacts', release_id, MANIFEST)}: {problem}")
        check_files(manifest, files, lambda path: self._where("ccm_artifacts", release_id, path))
        return manifest, files

    def releases(self) -> list[Stored]:
        found = []
        for rid, raw in self._rows("SELECT id, manifest FROM ccm_releases ORDER BY created_at, id"):
            where = self._where("ccm_releases", rid if isinstance(rid, str) else kind(rid))
            if not is_release_id(rid):
                found.append(Stored(where, None, f"{where}: not a release id (16 hex digits)"))
                continue
            try:
                found.append(Stored(rid, check_manifest(parse_json(raw, where), where, rid)))
            except ReleaseError as exc:
                found.append(Stored(rid, None, str(exc)))
        return found

    def history(self) -> tuple[list[dict], list[str]]:
        rows = self._rows("SELECT seq, at, action, release_id, previous, commit_sha, branch, actor, reason FROM ccm_history ORDER BY seq")
        events, problems = [], []
        for row in rows:
            event = dict(zip(EVENT_FIELDS, row[1:]))
            problem = event_problem(event)
            if problem:
                problems.append(f"{self._where('ccm_history', 'seq', str(row[0]))}: {problem}")
            else:
                events.append(event)
        return events, problems

    # -- write (inside session(write=True))
    def apply(self, release, event: dict, stored: bool) -> None:
        if not stored:
            self._remove(release.id)  # a damaged copy (nothing when it was never stored)
            manifest = release.manifest
            self.conn.execute(self._q("INSERT INTO ccm_releases (id, created_at, commit_sha, manifest) VALUES (?, ?, ?, ?)"), (
                release.id, manifest.get("created_at"), (manifest.get("source") or {}).get("commit"),
                release.manifest_bytes().decode("utf-8"),
            ))
            for index, (path, data) in enumerate(sorted(release.files().items())):
                self.conn.execute(self._q("INSERT INTO ccm_artifacts (release_id, path, sha256, content) VALUES (?, ?, ?, ?)"),
                                  (release.id, path, _sha(data), data))
                if index == 0:
                    pause_point("writing")
            pause_point("written")
        pause_point("stored")
        self._switch(release.id, event)

    def _remove(self, release_id: str) -> None:
        self.conn.execute(self._q("DELETE FROM ccm_current WHERE release_id = ?"), (release_id,))
        self.conn.execute(self._q("DELETE FROM ccm_artifacts WHERE release_id = ?"), (release_id,))
        self.conn.execute(self._q("DELETE FROM ccm_releases WHERE id = ?"), (release_id,))

    def activate(self, release_id: str, event: dict) -> None:
        self._switch(release_id, event)

    def _switch(self, release_id: str, event: dict) -> None:
        self.conn.execute("DELETE FROM ccm_current WHERE name = 'current'")
        self.conn.execute(self._q("INSERT INTO ccm_current (name, release_id, switched_at) VALUES ('current', ?, ?)"), (release_id, event["at"]))
        pause_point("switched")
        self.conn.execute(self._q(
            "INSERT INTO ccm_history (at, action, release_id, previous, commit_sha, branch, actor, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ), (event["at"], event["action"], release_id, event.get("previous"), event.get("commit"), event.get("branch"),
            event.get("by"), event.get("reason")))


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
