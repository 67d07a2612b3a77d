"""A content-hash cache of per-comm lint results, in ``.ccm-cache/`` (safe in CI too).

A comm's findings depend on the comm file, its ``<field>_file`` templates, and everything
shared: ccm.yaml, brand/, policies/ (clauses included), every snippet, CODEOWNERS, Vale style
folders, the enabled rules, the date the run pretends it is (clause expiry), the base ref, and
the ccm version. The key hashes all of them, so a wrong hit would need a sha256 collision: the
cache is keyed by content, never by modification time. Cross-comm rules (caps, exclusivity,
duplicates) are not cached; they run on every lint. ``--base`` is not part of the key: only
project-scope rules (never cached) may read the base project.

Storage is one SQLite file; a corrupt or unreadable cache is ignored and rebuilt, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from . import __version__
from .findings import Finding, Severity
from .model import Comm, FileOrigin, Project

CACHE_DIR = ".ccm-cache"
SCHEMA_VERSION = "2"


class ResultCache:
    """Per-comm findings keyed by the hash of everything they depend on."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / "lint.sqlite"
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        self._pending_docs: list[tuple[str, str]] = []

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                gitignore = self.path.parent / ".gitignore"
                if not gitignore.exists():
                    gitignore.write_text("*\n")
                self._db = sqlite3.connect(self.path, timeout=30)
                self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, findings TEXT NOT NULL)")
                self._db.execute("CREATE TABLE IF NOT EXISTS docs (sha TEXT PRIMARY KEY, doc TEXT NOT NULL)")
            except (sqlite3.Error, OSError):
                self._db = None
        return self._db

    def get_many(self, keys: list[str]) -> dict[str, tuple[list[Finding], dict]]:
        """key -> (findings, digests of cross-comm rules)."""
        db = self._connect()
        found: dict[str, tuple[list[Finding], dict]] = {}
        if db is None or not keys:
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, payload in db.execute(f"SELECT key, findings FROM results WHERE key IN ({marks})", chunk):
                    stored = json.loads(payload)
                    found[key] = ([finding_from_json(item) for item in stored["findings"]], stored["digests"])
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return {}
        return found

    def put_many(self, items: dict[str, tuple[list[Finding], dict]]) -> None:
        db = self._connect()
        if db is None or not items:
            return
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO results (key, findings) VALUES (?, ?)",
                    [(key, json.dumps({"findings": [f.to_json() for f in findings], "digests": digests}, ensure_ascii=False))
                     for key, (findings, digests) in items.items()],
                )
        except sqlite3.Error:
            pass

    # -- parsed YAML documents, keyed by the sha256 of their text (see yamlio.parse_cached)
    def get_doc(self, sha: str):
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT doc FROM docs WHERE sha = ?", (sha,)).fetchone()
            if row is None:
                return None
            stored = json.loads(row[0])
            return stored["data"], bool(stored["duplicates"])
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def put_doc(self, sha: str, data, has_duplicates: bool) -> None:
        try:
            payload = json.dumps({"data": data, "duplicates": has_duplicates}, ensure_ascii=False)
        except (TypeError, ValueError):
            return
        self._pending_docs.append((sha, payload))

    def flush(self) -> None:
        db = self._connect()
        if db is None or not self._pending_docs:
            self._pending_docs.clear()
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO docs (sha, doc) VALUES (?, ?)", self._pending_docs)
        except sqlite3.Error:
            pass
        self._pending_docs.clear()

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None


def finding_from_json(item: dict) -> Finding:
    data = dict(item)
    data["severity"] = Severity.parse(data["severity"])
    return Finding(**data)


def shared_key(project: Project, rule_ids: list[str], today: str) -> str:
    """The hash of everything every comm's findings depend on (besides the comm itself)."""
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
        folders = ["comms/_snippets"]
        styles = project.guidelines.get("styles") if isinstance(project.guidelines, dict) else None
        folders += [str(s) for s in styles] if isinstance(styles, list) else []
        for folder in folders:
            for rel in source.files(folder):
                try:
                    add(rel, source.read_bytes(rel))
                except Exception:  # unreadable: its problem is reported elsewhere
                    add(rel, b"<unreadable>")
    return digest.hexdigest()


def comm_key(shared: str, comm: Comm) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update(comm.doc.rel.encode() + b"\0" + comm.doc.text.encode("utf-8"))
    for tfield in comm.fields:
        if isinstance(tfield.origin, FileOrigin):
            digest.update(b"\0file\0" + tfield.origin.file.encode() + b"\0" + tfield.source.encode("utf-8"))
    return digest.hexdigest()
