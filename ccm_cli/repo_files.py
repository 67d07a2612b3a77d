"""The one gate for reading a file on behalf of the content under review.

Content is hostile: a pull request's ``body_file:``, ``{% include %}``, ``styles:`` and
symlinks may be written to read the CI machine's secrets (the checkout token in
``.git/config``, ``/proc/self/environ``) into a preview, a diff comment or a lint message, or to
read ``/dev/zero`` until memory runs out. Every read ccm does on behalf of content goes through
:class:`RepoFiles` (the working tree's :class:`ccm_cli.sources.DirSource`, the Vale loader,
loose prose files). A repository path may be read only when

1. it is a relative path that stays inside the repository (no absolute path, no ``..`` out of
   it, no NUL);
2. resolved after every symlink, it is inside the content repository's root;
3. it is not inside a git directory: no folder of its resolved path below the root is named
   ``.git`` (in any case: case-insensitive file systems), and it is not inside the checkout's
   real git directory, also when ``.git`` is a *file* naming it elsewhere (a worktree, a
   submodule, ``--separate-git-dir``);
4. the opened file is a regular file — checked with ``fstat`` on the open descriptor, so not a
   FIFO, a device, a socket or a folder — and at most ``limit`` bytes are read from it, whatever
   its size said when it was opened.

A refusal is a :class:`Refused` error naming the path and why ("is a symlink to outside the
repository; not read"); it never quotes the file, which was never opened.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import CcmError
from .yamlio import MAX_FILE_BYTES, check_size, decode_text

GIT = ".git"
MAX_ANY_BYTES = 64 * 1024 * 1024  # read_bytes() of files that are hashed, not parsed (diff, cache keys)
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

OUTSIDE = "path leaves the repository; not read"
SYMLINK_OUT = "is a symlink to outside the repository; not read"
FOLDER_OUT = "is in a folder that is a symlink to outside the repository; not read"
IN_GIT = "is inside .git/ (git's own files); not read"
SYMLINK_GIT = "is a symlink into .git/ (git's own files); not read"
NOT_REGULAR = "is not a regular file (a FIFO, a device, a socket or a folder); not read"


class Refused(CcmError):
    """A path the content may not read (the message says why, never what the file holds)."""


def clean(rel: str) -> str | None:
    """A normalised repository path, or None when it is absolute, climbs out with ``..`` or
    holds a NUL character (no file system accepts it) or a backslash."""
    if not rel or rel.startswith(("/", "\\")) or os.path.isabs(rel) or "\\" in rel or "\x00" in rel:
        return None
    parts: list[str] = []
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts) if parts else None


def has_git_part(parts) -> bool:
    """Is one of these path components ``.git`` (in any case)?"""
    return any(len(part) == 4 and part.casefold() == GIT for part in parts)


def git_dirs(start: str) -> frozenset[str]:
    """The real paths of the git directories of the checkout holding ``start``: the first
    ``.git`` folder upward, or the folder a ``.git`` file names (``gitdir: …``) and its
    ``commondir``; ``$GIT_DIR`` and ``$GIT_COMMON_DIR`` too."""
    found = {os.path.realpath(os.environ[name]) for name in ("GIT_DIR", "GIT_COMMON_DIR") if os.environ.get(name)}
    folder = start
    while True:
        dotgit = os.path.join(folder, GIT)
        if os.path.isdir(dotgit):
            found.add(os.path.realpath(dotgit))
            break
        if os.path.isfile(dotgit):
            target = _pointer(dotgit, "gitdir:")
            if target:
                gitdir = os.path.realpath(os.path.join(folder, target))
                found.add(gitdir)
                common = _pointer(os.path.join(gitdir, "commondir"), "")
                if common:
                    found.add(os.path.realpath(os.path.join(gitdir, common)))
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return frozenset(found)


def _pointer(path: str, prefix: str) -> str | None:
    """The path written in a small git pointer file (``.git`` of a worktree, ``commondir``)."""
    try:
        raw = read_regular(path, path, 4096, nofollow=False)
    except CcmError:
        return None
    line = raw.decode("utf-8", "replace").strip()
    return line[len(prefix):].strip() if line.startswith(prefix) and line[len(prefix):].strip() else None


def read_regular(path: str, rel: str, limit: int, nofollow: bool = True) -> bytes:
    """The bytes of the regular file at ``path`` (``rel`` names it in errors): opened without
    blocking (a FIFO) and without following a last-component symlink, checked with fstat, at
    most ``limit`` bytes read."""
    try:
        fd = os.open(path, _OPEN_FLAGS | (_NOFOLLOW if nofollow else 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP and nofollow:
            raise Refused("is a symlink; not read", rel) from None
        raise CcmError(f"cannot read file: {exc.strerror}", rel) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(NOT_REGULAR, rel)
        check_size(info.st_size, rel, limit)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, max(info.st_size + 1, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise CcmError(f"cannot read file: {exc.strerror}", rel) from None
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    check_size(len(data), rel, limit)  # it grew after fstat
    return data


class RepoFiles:
    """Reads the files of the content repository at ``root`` on behalf of its content."""

    def __init__(self, root: Path | str) -> None:
        self.root = os.path.realpath(root)
        self._prefix = self.root.rstrip(os.sep) + os.sep
        self._git_dirs = tuple(git_dirs(self.root))

    # -- the decision
    def refusal(self, rel: str) -> str | None:
        """Why ``rel`` may not be read, or None (it may, or it does not exist)."""
        try:
            real = self.locate(rel)
        except Refused as refused:
            return refused.message
        try:
            mode = os.stat(real).st_mode
        except (OSError, ValueError):
            return None
        return None if stat.S_ISREG(mode) else NOT_REGULAR

    def locate(self, rel: str) -> str:
        """The real path ``rel`` leads to, once it passed rules 1-3; raises :class:`Refused`."""
        cleaned = clean(rel)
        if cleaned is None:
            raise Refused(OUTSIDE, rel)
        lexical = os.path.join(self.root, *cleaned.split("/"))
        real = os.path.realpath(lexical)
        if real != self.root and not real.startswith(self._prefix):
            raise Refused(SYMLINK_OUT if os.path.islink(lexical) else FOLDER_OUT, rel)
        inner = real[len(self._prefix):] if real != self.root else ""
        if has_git_part(inner.split(os.sep)) or any(real == d or real.startswith(d + os.sep) for d in self._git_dirs):
            raise Refused(IN_GIT if real == lexical else SYMLINK_GIT, rel)
        return real

    # -- reading
    def is_file(self, rel: str) -> bool:
        """Does ``rel`` pass the gate and name a regular file?"""
        try:
            return stat.S_ISREG(os.stat(self.locate(rel)).st_mode)
        except (Refused, OSError, ValueError):
            return False

    def size(self, rel: str) -> int:
        try:
            return os.stat(self.locate(rel)).st_size
        except OSError as exc:
            raise CcmError(f"cannot read file: {exc.strerror}", rel) from None

    def read_bytes(self, rel: str, limit: int = MAX_ANY_BYTES, plain: bool = False) -> bytes:
        """The bytes of ``rel``. ``plain``: the caller listed it as a regular file with no
        symlink on its way from the root and outside dot-folders (rules 1-3 hold already)."""
        if plain:
            return read_regular(os.path.join(self.root, rel), rel, limit)
        real = self.locate(rel)
        try:
            mode = os.stat(real).st_mode
        except OSError as exc:
            raise CcmError(f"cannot read file: {exc.strerror}", rel) from None
        if not stat.S_ISREG(mode):  # a device is never opened
            raise Refused(NOT_REGULAR, rel)
        return read_regular(real, rel, limit)

    def read_text(self, rel: str, limit: int = MAX_FILE_BYTES, plain: bool = False) -> str:
        """UTF-8 text, refusing binaries and files over ``limit`` bytes with a clear error."""
        return decode_text(self.read_bytes(rel, limit, plain), rel)


def read_named_file(path: Path | str, shown: str, limit: int = MAX_FILE_BYTES) -> str:
    """A text file the user named outside any content repository (``ccm lint notes.md``):
    resolved, it must not be inside a ``.git`` folder and must be a regular file."""
    real = os.path.realpath(path)
    if has_git_part(Path(real).parts[1:]):
        raise Refused(IN_GIT if real == os.path.abspath(path) else SYMLINK_GIT, shown)
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        raise CcmError(f"cannot read file: {exc.strerror}", shown) from None
    if not stat.S_ISREG(mode):
        raise Refused(NOT_REGULAR, shown)
    return decode_text(read_regular(real, shown, limit), shown)


__all__ = ["RepoFiles", "Refused", "clean", "read_named_file", "read_regular", "git_dirs", "has_git_part"]
