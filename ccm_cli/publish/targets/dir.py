"""The ``dir`` target: immutable release folders and an atomically switched ``current`` symlink.

::

    <path>/<release id>/manifest.json, render.json, comms/…   one folder per release, never edited
    <path>/current -> <release id>                              the live release (a symlink)
    <path>/history.jsonl                                        one line per activation
    <path>/.lock                                                fcntl.flock while publishing

Apply: write the release into ``.tmp-<id>-<pid>/`` (every file fsynced), rename it to ``<id>/``
(atomic), then replace ``current`` with a new symlink via ``rename`` (atomic). A publish killed
at any moment leaves ``current`` on the previous, intact release; the next publish removes
leftover temporary folders and reuses an already renamed, verified release folder. A damaged
copy of the release being published is moved aside to ``.damaged-<id>-<time>/`` (kept for
whoever investigates) and written again.

Reading never follows a symlink out of the target: ``current`` must name a release folder
beside it, a release folder and everything in it must be real folders and regular files, and
``history.jsonl`` and ``.lock`` are opened without following symlinks. A release folder is
trusted only when it holds exactly the files its manifest lists, each matching its sha256.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from contextlib import contextmanager
from pathlib import Path

from ..atomic import append_line, fsync_dir, pause_point, remove_tree, switch_symlink, write_tree
from ..integrity import (
    MANIFEST, MAX_FILE_BYTES, ReleaseError, check_files, check_manifest, is_release_id, parse_json, read_event, shown,
)
from ..lock import LockTimeout, file_lock
from .base import Stored, Target, TargetError, now

CURRENT = "current"
HISTORY = "history.jsonl"
LOCK = ".lock"
MAX_HISTORY_LINE = 1024 * 1024  # an event is a few hundred bytes


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
        if os.path.lexists(self.path) and not self.path.is_dir():
            raise TargetError(f"target {self.name}: {self._shown} is not a folder (a dir target keeps its releases in a folder)")
        try:
            if not write:
                yield self
                return
            self.path.mkdir(parents=True, exist_ok=True)
            with file_lock(self.path / LOCK, lock_timeout):
                pause_point("locked")
                self._check_history_file()
                self._clean_leftovers()
                self._reconcile_history()
                yield self
        except LockTimeout as exc:
            raise TargetError(str(exc)) from None
        except OSError as exc:  # no permission, a folder where a file should be, a full disk…
            raise TargetError(f"target {self.name} ({self.description}): {_os_problem(exc, self.path, self._shown)}") from None

    # -- read
    def current_id(self) -> str | None:
        return read_current(self.path, self._shown)

    def manifest(self, release_id: str) -> dict | None:
        if not is_release_id(release_id) or not os.path.lexists(self.path / release_id):
            return None
        return read_manifest(self.path, release_id, self._shown)

    def verify(self, release_id: str) -> dict:
        return read_release(self.path, release_id, self._shown)[0]

    def verified(self, release_id: str) -> tuple[dict, dict[str, bytes]]:
        return read_release(self.path, release_id, self._shown)

    def releases(self) -> list[Stored]:
        found = []
        if self.path.is_dir():
            for child in self.path.iterdir():
                if not is_release_id(child.name):
                    continue
                try:
                    found.append(Stored(child.name, read_manifest(self.path, child.name, self._shown)))
                except ReleaseError as exc:
                    found.append(Stored(child.name, None, str(exc)))
        return sorted(found, key=lambda s: ((s.manifest or {}).get("created_at") or "", s.id))

    def history(self) -> tuple[list[dict], list[str]]:
        return read_history(self.path / HISTORY, f"{self._shown}/{HISTORY}")

    # -- write (inside session(write=True))
    def apply(self, release, event: dict, stored: bool) -> None:
        folder = self.path / release.id
        if not stored:
            if os.path.lexists(folder):  # damaged or tampered (ccm's rename is atomic): keep it for
                aside = self.path / f".damaged-{release.id}-{now().replace(':', '')}"  # whoever investigates
                remove_tree(aside)
                os.rename(folder, aside)
            temp = self.path / f".tmp-{release.id}-{os.getpid()}"
            remove_tree(temp)
            write_tree(temp, release.files(), after_first=lambda: pause_point("writing"))
            pause_point("written")
            os.rename(temp, folder)
            fsync_dir(self.path)
        pause_point("stored")
        self._switch(release.id, event)

    def activate(self, release_id: str, event: dict) -> None:
        self._switch(release_id, event)

    def _switch(self, release_id: str, event: dict) -> None:
        link = self.path / CURRENT
        if link.is_dir() and not link.is_symlink():  # not ccm's: keep it for whoever investigates
            os.rename(link, self.path / f".damaged-{CURRENT}-{now().replace(':', '')}")
        switch_symlink(link, release_id)
        pause_point("switched")
        append_line(self.path / HISTORY, json.dumps(event, ensure_ascii=False, sort_keys=True))

    def _check_history_file(self) -> None:
        """Refuse before changing anything when the history cannot be appended to safely."""
        file = self.path / HISTORY
        if file.is_symlink() or (os.path.lexists(file) and not file.is_file()):
            what = "a symlink" if file.is_symlink() else "not a regular file"
            raise TargetError(f"{self._shown}/{HISTORY} is {what}; ccm appends every activation to it and does not "
                              "write through symlinks: replace it with a regular file (the file it points to, if that "
                              "is the history) and publish again")

    def _clean_leftovers(self) -> None:
        for child in self.path.iterdir():
            if child.name.startswith((".tmp-", f".{CURRENT}.tmp-")):
                remove_tree(child)

    def _reconcile_history(self) -> None:
        """A publish killed between switching ``current`` and logging it: log it now."""
        try:
            current = self.current_id()
        except ReleaseError:
            return  # the publish reports it and replaces it
        events, _ = self.history()
        if current and (not events or events[-1].get("release_id") != current):
            try:
                manifest = self.manifest(current) or {}
            except ReleaseError:
                manifest = {}
            append_line(self.path / HISTORY, json.dumps({
                "at": now(), "action": "recovered", "release_id": current,
                "previous": events[-1].get("release_id") if events else None,
                "commit": (manifest.get("source") or {}).get("commit"), "by": None,
                "reason": "current was switched by a publish that stopped before logging it",
            }, ensure_ascii=False, sort_keys=True))


# ---------------------------------------------------------------- reading a dir target
def read_current(path: Path, shown_path: str) -> str | None:
    """The release ``<path>/current`` names; None when there is no ``current``."""
    link = Path(path) / CURRENT
    where = f"{shown_path}/{CURRENT}"
    try:
        target = os.readlink(link)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.EINVAL:  # not a symlink
            raise ReleaseError(f"{where}: is not a symlink to a release (ccm keeps a symlink there)") from None
        raise ReleaseError(f"{where}: cannot be read ({exc.strerror})") from None
    if not is_release_id(target):
        raise ReleaseError(f"{where}: points to {shown(target)}, not to a release folder beside it")
    return target


def read_manifest(path: Path, release_id: str, shown_path: str) -> dict:
    """The checked manifest of release folder ``<path>/<release_id>``."""
    folder = _release_folder(Path(path), release_id, shown_path)
    where = f"{shown_path}/{release_id}/{MANIFEST}"
    return check_manifest(parse_json(_read(folder / MANIFEST, where), where), where, release_id)


def read_release(path: Path, release_id: str, shown_path: str) -> tuple[dict, dict[str, bytes]]:
    """(manifest, artifacts) of ``<path>/<release_id>``, every file checked against the manifest."""
    folder = _release_folder(Path(path), release_id, shown_path)
    base = f"{shown_path}/{release_id}"
    manifest = read_manifest(path, release_id, shown_path)
    present = _files(folder, base)
    present.discard(MANIFEST)
    listed = manifest["artifacts"]
    files = {rel: _read(folder / rel, f"{base}/{rel}") for rel in listed if rel in present}
    check_files(manifest, files, lambda rel: f"{base}/{shown(rel, 200)}", others=present - set(listed))
    return manifest, files


def read_history(file: Path, where: str) -> tuple[list[dict], list[str]]:
    """The events of ``history.jsonl`` and one problem per line that is not an event.

    Read line by line (a line is cut at 1 MB), never following a symlink."""
    events: list[dict] = []
    problems: list[str] = []
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return events, problems
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return events, [f"{where}: is a symlink; ccm neither reads nor appends to it (remove it)"]
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return events, [f"{where}: is not a regular file"]
    with os.fdopen(fd, "rb") as handle:
        number = 0
        while True:
            line = handle.readline(MAX_HISTORY_LINE)
            if not line:
                break
            number += 1
            if not line.endswith(b"\n") and len(line) == MAX_HISTORY_LINE:
                while True:  # skip the rest of an overlong line
                    more = handle.readline(MAX_HISTORY_LINE)
                    if not more or more.endswith(b"\n"):
                        break
                problems.append(f"{where}: line {number}: longer than {MAX_HISTORY_LINE} bytes; not an event")
                continue
            event, problem = read_event(line, where, number)
            if event is not None:
                events.append(event)
            elif problem:
                problems.append(problem)
    return events, problems


def _release_folder(path: Path, release_id: str, shown_path: str) -> Path:
    if not is_release_id(release_id):
        raise ReleaseError(f"{shown(release_id)} is not a release id (16 hex digits)")
    folder = path / release_id
    where = f"{shown_path}/{release_id}"
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        raise ReleaseError(f"{shown_path} has no release {release_id}") from None
    if stat.S_ISLNK(mode):
        raise ReleaseError(f"{where}: is a symlink; a release is a folder inside the target")
    if not stat.S_ISDIR(mode):
        raise ReleaseError(f"{where}: is not a release folder")
    return folder


def _files(folder: Path, base: str) -> set[str]:
    """Every file under ``folder`` (relative paths); a symlink or a special file is damage."""
    found: set[str] = set()
    stack = [("", folder)]
    while stack:
        rel, here = stack.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                name = rel + entry.name
                if entry.is_symlink():
                    raise ReleaseError(f"{base}/{shown(name, 200)}: is a symlink; a release holds only regular files")
                if entry.is_dir(follow_symlinks=False):
                    stack.append((name + "/", Path(entry.path)))
                elif entry.is_file(follow_symlinks=False):
                    found.add(name)
                else:
                    raise ReleaseError(f"{base}/{shown(name, 200)}: is not a regular file")
    return found


def _read(file: Path, where: str) -> bytes:
    """A regular file's bytes, without following a symlink or blocking on a FIFO."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise ReleaseError(f"{where}: is missing") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReleaseError(f"{where}: is a symlink; a release holds only regular files") from None
        raise ReleaseError(f"{where}: cannot be read ({exc.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReleaseError(f"{where}: is not a regular file")
        raise ReleaseError(f"{where}: {info.st_size} bytes, more than ccm ever writes ({MAX_FILE_BYTES} bytes)")
    with os.fdopen(fd, "rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def _os_problem(exc: OSError, path: Path, shown_path: str) -> str:
    name = str(exc.filename) if exc.filename else ""
    try:
        rel = Path(name).relative_to(path).as_posix() if name else "."
        name = shown_path if rel == "." else f"{shown_path}/{rel}"
    except ValueError:
        pass
    return f"{shown(name, 200)}: {exc.strerror or exc}"


def open_dir(config, root: Path) -> DirTarget:
    raw = config.required("path")
    if not isinstance(raw, str):
        raise config.error("'path' must be a folder path")
    path = Path(raw) if os.path.isabs(raw) else root / raw
    return DirTarget(config.name, path, raw)


__all__ = ["DirTarget", "open_dir", "read_current", "read_history", "read_manifest", "read_release", "TargetError"]
