"""Crash-safe file operations: write, fsync, rename.

A reader (or a crash) sees either the old state or the new one, never a half-written file:
files are written into a temporary folder, fsynced, and moved into place with ``rename``,
which POSIX makes atomic; the folder holding the renamed entry is fsynced so the rename itself
survives a power loss. ``current`` is a symlink replaced with ``os.replace`` — also atomic.

``pause_point(step)`` lets the crash tests stop the publisher at a named step
(``CCM_TEST_PAUSE_AT=<step>``) and kill it there with SIGKILL.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import time
from pathlib import Path

PAUSE_ENV = "CCM_TEST_PAUSE_AT"
PAUSE_SECONDS_ENV = "CCM_TEST_PAUSE_SECONDS"


def pause_point(step: str) -> None:
    """Test hook: sleep at ``step`` when ``CCM_TEST_PAUSE_AT`` names it (a no-op otherwise)."""
    wanted = os.environ.get(PAUSE_ENV)
    if not wanted or step not in wanted.split(","):
        return
    print(f"ccm-test-paused:{step}", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "3600")))


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file and fsync it (the caller renames the folder into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_tree(folder: Path, files: dict[str, bytes], after_first=None) -> None:
    """Write every file under ``folder`` and fsync each folder bottom-up."""
    folders: set[Path] = {folder}
    for index, (rel, data) in enumerate(sorted(files.items())):
        target = folder / rel
        write_file(target, data)
        parent = target.parent
        while parent != folder and parent not in folders:
            folders.add(parent)
            parent = parent.parent
        if index == 0 and after_first is not None:
            after_first()
    for path in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        fsync_dir(path)


def replace_file(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data`` (temp file in the same folder, fsync, rename)."""
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if temp.exists():
        temp.unlink()
    write_file(temp, data)
    os.replace(temp, path)
    fsync_dir(path.parent)


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync (the history log). Never through a symlink; a torn last line
    (no newline: a crash mid-append, or damage) is ended first, so this line stays whole."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "is a symlink; ccm does not write through symlinks", str(path)) from None
        raise
    try:
        data = line.rstrip("\n").encode("utf-8") + b"\n"
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        while data:
            data = data[os.write(fd, data):]
        os.fsync(fd)
    finally:
        os.close(fd)


def switch_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` atomically: a new symlink renamed over the old one."""
    temp = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    os.symlink(target, temp)
    os.replace(temp, link)
    fsync_dir(link.parent)


def remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
