"""What the ``sqlite`` and ``postgres`` targets share: the tables and one-transaction apply.

::

    ccm_releases  (id PK, created_at, commit_sha, manifest)          one row per release, never updated
    ccm_artifacts (release_id, path, sha256, content)  PK (release_id, path)
    ccm_current   (name PK = 'current', release_id, switched_at)      the live release
    ccm_history   (seq, at, action, release_id, previous, commit_sha, branch, actor, reason)

Storing the release, switching ``current`` and logging the activation happen in one
transaction, under the database's lock: a publish killed at any point rolls back as a whole.
Subclasses supply the connection, the parameter style, the column types and the lock.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

from ..atomic import pause_point
from .base import Target, TargetError


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
        try:
            self.conn = self.connect(write, lock_timeout)
        except self.errors() as exc:
            raise TargetError(f"cannot open target {self.name} ({self.description}): {_first_line(exc)}") from None
        try:
            if write:
                self.lock(lock_timeout)
                pause_point("locked")
                self._create_tables()
            yield self
            self.conn.commit()
        except self.errors() as exc:
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

    # -- read
    def current_id(self) -> str | None:
        rows = self._rows("SELECT release_id FROM ccm_current WHERE name = 'current'")
        return rows[0][0] if rows else None

    def manifest(self, release_id: str) -> dict | None:
        rows = self._rows("SELECT manifest FROM ccm_releases WHERE id = ?", release_id)
        return json.loads(rows[0][0]) if rows else None

    def artifacts(self, release_id: str) -> dict[str, bytes]:
        return {path: bytes(content) for path, content in self._rows("SELECT path, content FROM ccm_artifacts WHERE release_id = ?", release_id)}

    def releases(self) -> list[dict]:
        rows = self._rows("SELECT manifest FROM ccm_releases ORDER BY created_at, id")
        return [json.loads(row[0]) for row in rows]

    def history(self) -> list[dict]:
        rows = self._rows("SELECT at, action, release_id, previous, commit_sha, branch, actor, reason FROM ccm_history ORDER BY seq")
        keys = ("at", "action", "release_id", "previous", "commit", "branch", "by", "reason")
        return [dict(zip(keys, row)) for row in rows]

    # -- write (inside session(write=True))
    def apply(self, release, event: dict) -> None:
        if self.manifest(release.id) is not None and not self._intact(release.id):
            raise TargetError(f"release {release.id} in target {self.name} is damaged; remove it before publishing again")
        if self.manifest(release.id) is None:
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

    def activate(self, release_id: str, event: dict) -> None:
        if not self._intact(release_id):
            raise TargetError(f"release {release_id} in target {self.name} is damaged (an artifact does not match the manifest)")
        self._switch(release_id, event)

    def _switch(self, release_id: str, event: dict) -> None:
        self.conn.execute("DELETE FROM ccm_current WHERE name = 'current'")
        self.conn.execute(self._q("INSERT INTO ccm_current (name, release_id, switched_at) VALUES ('current', ?, ?)"), (release_id, event["at"]))
        pause_point("switched")
        self.conn.execute(self._q(
            "INSERT INTO ccm_history (at, action, release_id, previous, commit_sha, branch, actor, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ), (event["at"], event["action"], release_id, event.get("previous"), event.get("commit"), event.get("branch"),
            event.get("by"), event.get("reason")))

    def _intact(self, release_id: str) -> bool:
        from ...runtime import Release, ReleaseError

        manifest = self.manifest(release_id)
        try:
            Release(manifest or {}, self.artifacts(release_id))
        except ReleaseError:
            return False
        return manifest is not None


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
