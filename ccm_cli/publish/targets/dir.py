"""The ``dir`` target: immutable release folders and an atomically switched ``current`` symlink.

::

    <path>/<release id>/manifest.json, render.json, comms/…   one folder per release, never edited
    <path>/current -> <release id>                              the live release (a symlink)
    <path>/history.jsonl                                        one line per activation
    <path>/.lock                                                fcntl.flock while publishing

Apply: write the release into ``.tmp-<id>-<pid>/`` (every file fsynced), rename it to ``<id>/``
(atomic), then replace ``current`` with a new symlink via ``rename`` (atomic). A publish killed
at any moment leaves ``current`` on the previous, intact release; the next publish removes
leftover temporary folders and reuses an already renamed, verified release folder.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from ..atomic import append_line, fsync_dir, pause_point, remove_tree, switch_symlink, write_tree
from ..lock import LockTimeout, file_lock
from .base import RELEASE_ID, Target, TargetError, now

CURRENT = "current"
HISTORY = "history.jsonl"
LOCK = ".lock"


class DirTarget(Target):
    kind = "dir"

    def __init__(self, name: str, path: Path, shown: str) -> None:
        self.name = name
        self.path = path
        self._shown = shown

    @property
    def description(self) -> str:
        return f"dir: {self._shown}"

    @contextmanager
    def session(self, write: bool, lock_timeout: float = 60.0):
        if not write:
            yield self
            return
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            with file_lock(self.path / LOCK, lock_timeout):
                pause_point("locked")
                self._clean_leftovers()
                self._reconcile_history()
                yield self
        except LockTimeout as exc:
            raise TargetError(str(exc)) from None

    # -- read
    def current_id(self) -> str | None:
        link = self.path / CURRENT
        if not link.is_symlink():
            return None
        target = os.readlink(link)
        return target if RELEASE_ID.fullmatch(target) else None

    def manifest(self, release_id: str) -> dict | None:
        file = self.path / release_id / "manifest.json"
        if not RELEASE_ID.fullmatch(release_id) or not file.is_file():
            return None
        return json.loads(file.read_text("utf-8"))

    def releases(self) -> list[dict]:
        found = []
        if self.path.is_dir():
            for child in self.path.iterdir():
                if RELEASE_ID.fullmatch(child.name) and (child / "manifest.json").is_file():
                    found.append(self.manifest(child.name))
        return sorted(found, key=lambda m: (m.get("created_at") or "", m["id"]))

    def history(self) -> list[dict]:
        file = self.path / HISTORY
        events = []
        if file.is_file():
            for line in file.read_text("utf-8").splitlines():
                try:
                    events.append(json.loads(line))
                except json.JSONDecodeError:
                    continue  # a line torn by a crash mid-append
        return events

    # -- write (inside session(write=True))
    def apply(self, release, event: dict) -> None:
        folder = self.path / release.id
        if folder.exists() and not self._intact(release.id):
            remove_tree(folder)  # cannot happen through ccm (rename is atomic); repair if tampered
        if not folder.exists():
            temp = self.path / f".tmp-{release.id}-{os.getpid()}"
            remove_tree(temp)
            write_tree(temp, release.files(), after_first=lambda: pause_point("writing"))
            pause_point("written")
            os.rename(temp, folder)
            fsync_dir(self.path)
        pause_point("stored")
        self._switch(release.id, event)

    def activate(self, release_id: str, event: dict) -> None:
        if not self._intact(release_id):
            raise TargetError(f"release {release_id} in {self._shown} is damaged (an artifact does not match the manifest)")
        self._switch(release_id, event)

    def _switch(self, release_id: str, event: dict) -> None:
        switch_symlink(self.path / CURRENT, release_id)
        pause_point("switched")
        append_line(self.path / HISTORY, json.dumps(event, ensure_ascii=False, sort_keys=True))

    def _intact(self, release_id: str) -> bool:
        from ...runtime import ReleaseError, load_dir

        try:
            load_dir(self.path, release_id)
        except (ReleaseError, OSError, ValueError):
            return False
        return True

    def _clean_leftovers(self) -> None:
        for child in self.path.iterdir():
            if child.name.startswith((".tmp-", f".{CURRENT}.tmp-")):
                remove_tree(child)

    def _reconcile_history(self) -> None:
        """A publish killed between switching ``current`` and logging it: log it now."""
        current = self.current_id()
        events = self.history()
        if current and (not events or events[-1].get("release_id") != current):
            manifest = self.manifest(current) or {}
            append_line(self.path / HISTORY, json.dumps({
                "at": now(), "action": "recovered", "release_id": current,
                "previous": events[-1].get("release_id") if events else None,
                "commit": (manifest.get("source") or {}).get("commit"), "by": None,
                "reason": "current was switched by a publish that stopped before logging it",
            }, ensure_ascii=False, sort_keys=True))


def open_dir(config, root: Path) -> DirTarget:
    raw = config.required("path")
    if not isinstance(raw, str):
        raise config.error("'path' must be a folder path")
    path = Path(raw) if os.path.isabs(raw) else root / raw
    return DirTarget(config.name, path, raw)


__all__ = ["DirTarget", "open_dir", "TargetError"]
