"""An exclusive lock on a target folder (``fcntl.flock``), waited for up to a timeout.

The kernel releases a flock when its process dies, so a publish killed with SIGKILL never
leaves a stale lock behind. A second publish waits; after ``timeout`` seconds it fails cleanly.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path


class LockTimeout(Exception):
    """Another publish held the lock for longer than we were willing to wait."""


@contextmanager
def file_lock(path: Path, timeout: float):
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # truncating it would truncate whatever it points to
            raise OSError(errno.ELOOP, "is a symlink; ccm does not write through symlinks (remove it)", str(path)) from None
        raise
    try:
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another publish holds the lock {path} (waited {timeout:g}s); try again when it has finished"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
