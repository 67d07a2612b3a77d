"""Where a content repository's files come from: the working tree, or a commit in git.

The loader, the renderer's include loader and the rules read files only through a
:class:`Source`, so the same code lints the working tree and loads a base ref for diffs,
clause version checks and incremental lint — without a checkout or a temporary clone.

Paths are repository-relative POSIX strings. The working tree is read only through
:class:`ccm_cli.repo_files.RepoFiles`, the one gate for reads on behalf of content: absolute
paths, ``..``, symlinks leading outside the repository or into ``.git/``, and anything but a
regular file are refused. In git, a symlink is never followed at all and no path inside a
``.git`` folder is a file of the commit.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import CcmError
from .repo_files import IN_GIT, OUTSIDE, Refused, RepoFiles, clean, has_git_part
from .yamlio import MAX_FILE_BYTES, check_size, decode_text

__all__ = ["Source", "DirSource", "GitSource", "clean"]


class Source:
    """Read-only access to the files of one version of a content repository."""

    root: Path  # where the repository lives on disk (for messages and git)
    label: str  # "working tree" or the ref

    def is_file(self, rel: str) -> bool:
        raise NotImplementedError

    def files(self, prefix: str) -> list[str]:
        """Every file under folder ``prefix`` (recursive), sorted."""
        raise NotImplementedError

    def read_bytes(self, rel: str) -> bytes:
        raise NotImplementedError

    @contextmanager
    def prefetched(self, rels: list[str], limit: int = MAX_FILE_BYTES) -> Iterator[None]:
        """Within the block these files are read (a source may read them in one go first)."""
        yield

    def size(self, rel: str) -> int:
        raise NotImplementedError

    def refusal(self, rel: str) -> str | None:
        """Why ``rel`` may not be read on behalf of content (None: it may, or it is missing)."""
        return None

    def read_text(self, rel: str, limit: int = MAX_FILE_BYTES) -> str:
        """UTF-8 text, refusing binaries and oversized files with a clear :class:`CcmError`."""
        check_size(self.size(rel), rel, limit)
        return decode_text(self.read_bytes(rel), rel)


class DirSource(Source):
    """The working tree on disk, read through :class:`ccm_cli.repo_files.RepoFiles`."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.label = "working tree"
        self.gate = RepoFiles(self.root)
        self._real_root = self.gate.root
        self._plain: set[str] = set()  # regular files met by files() with no symlink and no dot-folder on their path

    def refusal(self, rel: str) -> str | None:
        return None if rel in self._plain else self.gate.refusal(rel)

    def path(self, rel: str) -> Path | None:
        """The path of file or folder ``rel``, or None when it leaves the repository (also
        through a symlink) or leads into ``.git/``."""
        if rel in self._plain:  # found by files(): inside the repository, no symlink on the way
            return self.root / rel
        try:
            self.gate.locate(rel)
        except Refused:
            return None
        return self.root / clean(rel)

    def is_file(self, rel: str) -> bool:
        return rel in self._plain or self.gate.is_file(rel)

    def files(self, prefix: str) -> list[str]:
        """As :meth:`Source.files`. Symlinked folders below ``prefix`` and dot-folders are not
        entered; ``prefix`` itself leading out of the repository or into ``.git/`` is a
        :class:`ccm_cli.repo_files.Refused` error, never listed."""
        top = clean(prefix)
        if top is None:
            return []
        try:
            real_base = self.gate.locate(top)
        except Refused:
            if os.path.lexists(os.path.join(str(self.root), *top.split("/"))):
                raise
            return []
        if not os.path.isdir(real_base):
            return []
        # no symlink from the root down to base: then every plain file and folder met below
        # (the walk does not enter symlinked folders nor dot-folders) is inside the repository
        plain_top = real_base == os.path.join(self._real_root, *top.split("/")) and not has_git_part(top.split("/"))
        found = []
        pending = [(os.path.join(str(self.root), *top.split("/")), top)]
        while pending:
            folder, rel_folder = pending.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                rel = f"{rel_folder}/{entry.name}"
                if entry.is_dir():  # follows symlinks, like os.walk's listing
                    if entry.name.startswith("."):
                        continue
                    if not entry.is_symlink():  # a symlinked folder is not entered (what it holds is read only when named)
                        pending.append((entry.path, rel))
                else:
                    found.append(rel)
                    if plain_top and entry.is_file(follow_symlinks=False):
                        self._plain.add(rel)
        return sorted(found)

    def size(self, rel: str) -> int:
        return self.gate.size(rel)

    def read_bytes(self, rel: str) -> bytes:
        return self.gate.read_bytes(rel, plain=rel in self._plain)

    def read_text(self, rel: str, limit: int = MAX_FILE_BYTES) -> str:
        """As :meth:`Source.read_text`, with one open: the size comes from the open file."""
        return self.gate.read_text(rel, limit, plain=rel in self._plain)


class GitSource(Source):
    """The content repository as it is in a git commit (read with gitpython, no checkout).

    ``prefix`` is the content repository's folder inside the git work tree ("" at the top).
    """

    def __init__(self, root: Path, ref: str) -> None:
        import git

        self.root = root.resolve()
        self.label = ref
        try:
            self.repo = git.Repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise CcmError(f"{self.root} is not inside a git repository", hint="--base needs git") from None
        try:
            self.commit = self.repo.commit(ref)
        except (git.BadName, ValueError, git.GitCommandError):
            raise CcmError(f"unknown git ref '{ref}'", hint="fetch it first, e.g. git fetch origin main") from None
        top = Path(self.repo.working_tree_dir).resolve()
        self.prefix = self.root.relative_to(top).as_posix() if self.root != top else ""
        self._blobs: dict[str, tuple[str, int]] | None = None
        self._symlinks: set[str] = set()  # committed symlinks: never followed, named in refusals
        self._prefetched: dict[str, bytes] = {}  # read ahead by prefetched(), dropped once read

    def _index(self) -> dict[str, tuple[str, int]]:
        """repository path -> (blob id, size) of every regular file in the commit, from one
        ``git ls-tree`` (symlinks are left out: never followed; so are submodules and any path
        through a folder named ``.git``)."""
        if self._blobs is None:
            top = self.prefix + "/" if self.prefix else ""
            try:
                out = self.repo.git.execute(
                    ["git", "--literal-pathspecs", "ls-tree", "-r", "-z", "--long", "--full-tree", self.commit.hexsha, "--", *([top] if top else [])],
                    stdout_as_string=False)
            except Exception as error:  # git itself failed: the ref was valid a moment ago
                raise CcmError(f"cannot list the files of {self.label}: {error}") from None
            blobs: dict[str, tuple[str, int]] = {}
            for entry in out.split(b"\0"):
                if not entry:
                    continue
                meta, _, path = entry.partition(b"\t")
                mode, kind, sha, size = meta.split()
                rel = path.decode("utf-8", "surrogateescape")[len(top):]
                if b".git" in path.lower() and has_git_part(rel.split("/")):  # git refuses such paths; a crafted tree need not
                    continue
                if mode == b"120000":
                    self._symlinks.add(rel)
                    continue
                if kind != b"blob":
                    continue
                blobs[rel] = (sha.decode(), int(size))
            self._blobs = blobs
        return self._blobs

    def refusal(self, rel: str) -> str | None:
        cleaned = clean(rel)
        if cleaned is None:
            return OUTSIDE
        if has_git_part(cleaned.split("/")):
            return IN_GIT
        self._index()
        if cleaned in self._symlinks:
            return f"is a symlink in {self.label}; symlinks in git are never followed"
        return None

    def blob_ids(self) -> dict[str, str]:
        """repository path -> git blob id, for every regular file."""
        return {rel: sha for rel, (sha, _) in self._index().items()}

    def _entry(self, rel: str) -> tuple[str, int] | None:
        index = self._index()
        if "\\" not in rel and rel in index:  # a path as git lists it is already clean
            return index[rel]
        cleaned = clean(rel)
        return index.get(cleaned) if cleaned else None

    def is_file(self, rel: str) -> bool:
        return self._entry(rel) is not None

    def files(self, prefix: str) -> list[str]:
        head = prefix.rstrip("/") + "/"
        return sorted(rel for rel in self._index() if rel.startswith(head))

    def _blob(self, rel: str) -> tuple[str, int]:
        blob = self._entry(rel)
        if blob is None:
            raise CcmError(f"no such file in {self.label}", rel)
        return blob

    def size(self, rel: str) -> int:
        return self._blob(rel)[1]

    @contextmanager
    def prefetched(self, rels: list[str], limit: int = MAX_FILE_BYTES) -> Iterator[None]:
        """Within the block, these files (those up to ``limit`` bytes) come from one
        ``git cat-file --batch`` instead of one object-database round trip each (loading a
        commit of 10,000 comms); what the block did not read is dropped after it."""
        try:
            self._prefetch(rels, limit)
            yield
        finally:
            self._prefetched.clear()

    def _prefetch(self, rels: list[str], limit: int) -> None:
        wanted = {}
        for rel in rels:
            entry = self._entry(rel)
            if entry is not None and entry[1] <= limit:
                wanted.setdefault(entry[0], []).append(rel)
        if len(wanted) < 2:
            return
        import subprocess

        try:
            out = subprocess.run(["git", "cat-file", "--batch"], cwd=self.repo.working_tree_dir, input="\n".join(wanted).encode() + b"\n",
                                 capture_output=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return  # read one by one instead
        at = 0
        while at < len(out):
            end = out.find(b"\n", at)
            header = out[at:end].split() if end >= 0 else []
            if len(header) != 3 or not header[2].isdigit():  # "<id> missing": left to read one by one
                if end < 0:
                    return
                at = end + 1
                continue
            at, size = end + 1, int(header[2])
            for rel in wanted.get(header[0].decode(), ()):
                self._prefetched[rel] = out[at : at + size]
            at += size + 1

    def read_bytes(self, rel: str) -> bytes:
        data = self._prefetched.pop(rel, None)
        if data is not None:
            return data
        return self.repo.odb.stream(bytes.fromhex(self._blob(rel)[0])).read()
