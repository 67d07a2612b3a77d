"""Whether the result cache in ``.ccm-cache/`` may be used: only a cache ccm itself wrote.

The cache decides what a warm run reports: a pull request that commits
``.ccm-cache/lint.sqlite`` with a finding deleted would make ``ccm lint`` print "✓ 0 problems".
So the cache folder is used (read or written) only when

* ``.ccm-cache`` is a real folder, not a symlink, and everything in it is a regular file (no
  symlink: SQLite would follow ``lint.sqlite-journal -> …`` and write through it);
* nothing at or under it is tracked by git (``git ls-files``, the index: committed or staged).
  Content under review reaches a checkout only through git, so a tracked cache file is content,
  never ccm's own output; a cache restored by ``actions/cache`` is untracked and was written by
  CI's own earlier run (main saves it, pull requests restore it), so it stays usable;
* it never held such files: when ccm refuses a real cache folder it leaves the file
  ``untrusted`` in it, so the folder stays refused even after ``actions/cache`` saved it and a
  later commit restores it untracked (deleting the folder starts afresh).

A refused cache is neither read nor written: the run lints everything, as ``--no-cache``
does, after a one-line note on standard error.

Why not sign the rows: a key kept outside the checkout (``~/.cache``) does not travel with the
cache ``actions/cache`` restores on a fresh runner, so CI would never hit; a key inside the
folder would be committed along with the forged rows. What git tracks is what the pull request
wrote; that line holds without any cost per row.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

MARKER = "untrusted"
_noted: set[str] = set()


def refusal(folder: Path) -> str | None:
    """Why the cache folder may not be used, or None (it may; it may also not exist yet)."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot read it ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "it is a symlink"
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    try:
        entries = list(os.scandir(folder))
    except OSError as error:
        return f"cannot read it ({error.strerror})"
    for entry in entries:
        if entry.name == MARKER:
            return "it once held files committed to the repository (delete the folder to start afresh)"
        if not entry.is_file(follow_symlinks=False):
            return f"{entry.name} in it is {'a symlink' if entry.is_symlink() else 'not a regular file'}"
    if entries and _tracked(folder):
        return "files in it are tracked by git: a committed cache is never trusted (git rm -r --cached it)"
    return None


def _tracked(folder: Path) -> bool:
    """Does git track anything at or under ``folder``? When git cannot tell (it failed inside
    a git checkout), the answer is yes: the cache is not trusted."""
    try:
        done = subprocess.run(["git", "-c", "core.fsmonitor=false", "ls-files", "-z", "--", folder.name],
                              cwd=folder.parent, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return _in_git_checkout(folder.parent)
    if done.returncode != 0:
        return _in_git_checkout(folder.parent)
    return bool(done.stdout)


def _in_git_checkout(folder: Path) -> bool:
    return any(os.path.lexists(parent / ".git") for parent in (folder, *folder.parents))


def refuse(folder: Path, reason: str) -> None:
    """Note on standard error (once per run) that the cache is not used, and mark a real
    folder so that it stays refused wherever it is saved and restored."""
    if str(folder) not in _noted:
        _noted.add(str(folder))
        try:
            sys.stderr.write(f"ccm: note: not using the cache {folder.name}/: {reason}; running without it\n")
        except (OSError, ValueError):
            pass
    try:
        if stat.S_ISDIR(os.lstat(folder).st_mode):
            os.close(os.open(folder / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644))
    except OSError:
        pass


__all__ = ["refusal", "refuse", "MARKER"]
