"""Write ccm's own output (``--output`` reports, the preview site) without following a symlink
that the content under review put in the way.

CI runs ccm in a checkout of the pull request, and the pull request can commit a symlink
exactly where CI writes: ``ccm.sarif -> ~/.bashrc`` (``pr.yml`` runs ``ccm lint --output
ccm.sarif``), a ``site`` folder for ``ccm preview --html site`` that leads elsewhere, a
``reports/`` folder leading into ``.git/``. The rule here: **a symlink inside the checkout is
never followed when ccm writes.**

* A report file is written to a temporary file in the same folder and moved into place with
  :func:`os.replace`, which replaces a symlink at that name instead of following it; the
  folders on the way must not be symlinks inside the checkout (an error says which one is), and
  the file is never written inside ``.git/``.
* Symlinks outside the checkout are the CI machine's own (``$RUNNER_TEMP``, ``/tmp`` on macOS,
  ``/dev/stdout``) and are followed as usual; a path there that is not a regular file (a FIFO,
  ``/dev/stdout``) is written in place.

"The checkout" is the nearest folder at or above the current one that holds ``.git`` (a folder,
or a file for a worktree), else one holding ``ccm.yaml``.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Callable, TextIO

from .errors import CcmError
from .repo_files import has_git_part

CONFIG_NAME = "ccm.yaml"


def checkout_root(start: str | None = None) -> str | None:
    """The real path of the checkout holding ``start`` (default: the current folder)."""
    here = os.path.realpath(start or os.getcwd())
    for marker in (".git", CONFIG_NAME):
        folder = here
        while True:
            if os.path.lexists(os.path.join(folder, marker)):
                return folder
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return None


def _inside(path: str, root: str | None) -> bool:
    return root is not None and (path == root or path.startswith(root.rstrip(os.sep) + os.sep))


def resolve_for_writing(path: Path | str, what: str, protected: str | None = None) -> str:
    """The path to write ``path`` at: its folder resolved — a symlink inside the checkout on the
    way is an error naming it, one outside is followed — and its last name kept, not followed.
    ``what`` names the path in errors ("--output ccm.sarif")."""
    protected = protected if protected is not None else checkout_root()
    absolute = os.path.join(os.getcwd(), os.fspath(path))
    parts = Path(absolute).parts
    name = parts[-1] if len(parts) > 1 else ""
    if name in ("", ".", "..") or os.fspath(path).endswith(("/", os.sep)):
        raise CcmError(f"{what}: needs a file or folder name, not {os.fspath(path)!r}")
    current = parts[0]
    for part in parts[1:-1]:
        if part in ("", "."):
            continue
        if part == "..":
            current = os.path.dirname(current)
            continue
        candidate = os.path.join(current, part)
        if os.path.islink(candidate):
            if _inside(current, protected):
                shown = os.path.relpath(candidate, protected)
                raise CcmError(f"{what}: the folder {shown} is a symlink inside the repository; ccm does not write through it",
                               hint="write somewhere else, or make it a real folder")
            candidate = os.path.realpath(candidate)
        current = candidate
    target = os.path.join(current, name)
    if _inside(target, protected) and has_git_part(os.path.relpath(target, protected).split(os.sep)):
        raise CcmError(f"{what}: ccm does not write inside .git/", hint="write somewhere else")
    return target


def write_text_file(path: Path | str, write: Callable[[TextIO], None], what: str | None = None) -> None:
    """Write ``path`` with ``write(handle)``, atomically, never through a symlink inside the
    checkout (see the module's docstring). OSError is left to the caller."""
    what = what or os.fspath(path)
    protected = checkout_root()
    target = resolve_for_writing(path, what, protected)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise CcmError(f"cannot write {what}: it is a folder", hint="name a file")
    if info is not None and not stat.S_ISREG(info.st_mode) and not _inside(os.path.dirname(target), protected):
        with open(target, "w", encoding="utf-8") as handle:  # the machine's own symlink or FIFO (/dev/stdout)
            write(handle)
        return
    folder, name = os.path.split(target)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name[:100]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            write(handle)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)  # replaces a symlink at target, never follows it
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def output_folder(path: Path | str, what: str) -> Path:
    """The real folder to write a folder of output into (the preview site): refused when it,
    or a folder on its way, is a symlink inside the checkout, or when it is inside ``.git/``."""
    protected = checkout_root()
    target = resolve_for_writing(path, what, protected)
    if os.path.islink(target):
        if _inside(os.path.dirname(target), protected):
            raise CcmError(f"{what}: {os.path.relpath(target, protected)} is a symlink inside the repository; ccm does not write through it",
                           hint="remove the symlink or choose another folder")
        target = os.path.realpath(target)
    return Path(target)


__all__ = ["checkout_root", "output_folder", "resolve_for_writing", "write_text_file"]
