"""Which files of a content repository differ between two versions (a git ref, the working tree).

Only the files ccm reads are compared: ``ccm.yaml``, CODEOWNERS, everything under ``comms/``,
``brand/`` and ``policies/``, and the Vale style folders the guidelines name. A file is named by
its git blob id, computed for working-tree files the way ``git hash-object`` does, so a file
that is the same in both versions is never read twice.
"""

from __future__ import annotations

import hashlib
import os

from ..errors import CcmError
from ..sources import DirSource, GitSource, Source, clean

TOP_FILES = ("ccm.yaml", "CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS")
FOLDERS = ("comms", "brand", "policies")


def blob_id(data: bytes) -> str:
    """The git blob id of ``data`` (what ``git hash-object`` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def wanted_file(rel: str, folders: tuple[str, ...]) -> bool:
    """Is ``rel`` a file ccm reads (a top file, or under one of ``folders``)?"""
    if rel in TOP_FILES:
        return True
    return any(rel.startswith(folder + "/") for folder in folders)


def file_ids(source: Source, extra_folders: tuple[str, ...] = ()) -> dict[str, str]:
    """repository path -> blob id, for every file ccm reads in ``source``."""
    folders = FOLDERS + tuple(f for f in extra_folders if f)
    if isinstance(source, GitSource):
        return {rel: sha for rel, sha in source.blob_ids().items() if wanted_file(rel, folders)}
    found: dict[str, str] = {}
    candidates = [rel for rel in TOP_FILES if source.is_file(rel)]
    for folder in folders:
        candidates.extend(_walk(source, folder) if isinstance(source, DirSource) else source.files(folder))
    for rel in candidates:
        try:
            found[rel] = blob_id(source.read_bytes(rel))
        except Exception:  # unreadable now: it differs from whatever the other side holds
            found[rel] = "unreadable"
    return found


def _walk(source: DirSource, folder: str) -> list[str]:
    base = source.path(folder)
    if base is None or not base.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), source.root).replace(os.sep, "/")
            if clean(rel) == rel and source.path(rel) is not None and os.path.isfile(os.path.join(dirpath, name)):
                found.append(rel)
    return sorted(found)


def style_folders(*guidelines: dict) -> tuple[str, ...]:
    """The folders of Vale-format styles named by ``styles:`` in the guidelines."""
    folders: list[str] = []
    for data in guidelines:
        styles = data.get("styles") if isinstance(data, dict) else None
        for entry in styles if isinstance(styles, list) else []:
            rel = clean(str(entry)) if entry is not None else None
            if rel and rel not in folders:
                folders.append(rel)
    return tuple(folders)


def changed_files(base: Source, head: Source, extra_folders: tuple[str, ...] = ()) -> set[str]:
    """Paths added, removed or edited between ``base`` and ``head``."""
    before, after = file_ids(base, extra_folders), file_ids(head, extra_folders)
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


def changed_since(source: GitSource) -> set[str]:
    """Paths (relative to the content repository) whose working-tree version differs from
    ``source``'s commit: git's own comparison (``git diff``, which trusts the index's file
    stats, plus untracked and ignored files), so nothing unchanged is read or hashed."""
    import subprocess

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(["git", "-C", str(source.root), *args], capture_output=True, check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            raise CcmError(f"git could not compare the working tree with {source.label}: {detail.decode('utf-8', 'replace').strip() or exc}") from None
        return [name for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name]

    tracked = git("diff", "--name-only", "-z", "--no-renames", "--relative", source.commit.hexsha, "--", ".")
    untracked = git("ls-files", "--others", "-z", "--", ".")
    return {rel for rel in tracked + untracked if clean(rel) == rel}
