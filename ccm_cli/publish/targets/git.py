"""The ``git`` target: releases committed to a branch of the content repository itself.

``publish: {history: {type: git, branch: ccm-releases}}`` (``remote: origin`` by default). The
branch holds, one commit per publish or rollback::

    releases/<release id>/manifest.json, render.json, comms/…   one folder per release, never edited
    current                                                      the live release's id
    history.jsonl                                                one line per activation

Nothing outside git's object store and that one ref is touched: no checkout, no working tree,
no change to HEAD or the index (the tree is built in a temporary index file under a temporary
folder, with ``read-tree``/``update-index``/``write-tree``/``commit-tree``). The branch moves with
``update-ref NEW OLD`` — a compare-and-swap, so a publish is atomic and a concurrent one fails
cleanly instead of losing a release. ccm never talks to the network: CI fetches the branch
before publishing and pushes it after (the token stays with git, see docs/compliance.md). In a
fresh clone with no local branch, the remote-tracking branch (``refs/remotes/<remote>/<branch>``)
is the history to build on.

Reading checks everything as the other targets do (:mod:`..integrity`); in addition
:meth:`GitTarget.tamper_problems` reports a release folder changed by a later commit (a
release is immutable: only the commit that added it may touch it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..integrity import (
    MANIFEST, MAX_FILE_BYTES, ReleaseError, check_files, check_manifest, is_release_id, parse_json, read_event, shown,
)
from ..atomic import pause_point
from ..lock import LockTimeout, file_lock
from .base import Stored, Target, TargetError

RELEASES = "releases"
CURRENT = "current"
HISTORY = "history.jsonl"
BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,100}")
ZERO = "0" * 40
REGULAR = (0o100644, 0o100755)


class GitTarget(Target):
    kind = "git"

    def __init__(self, name: str, root: Path, branch: str, remote: str) -> None:
        self.name = name
        self.root = root
        self.branch = branch
        self.remote = remote
        self.repo = None
        self.tip: str | None = None  # the commit read from and built on
        self._local: str | None = None  # the local branch's commit (update-ref's expected old value)

    @property
    def description(self) -> str:
        return f"git: branch {self.branch}"

    # -- session
    @contextmanager
    def session(self, write: bool, lock_timeout: float = 60.0):
        import git

        try:
            self.repo = git.Repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise TargetError(f"target {self.name} ({self.description}): {self.root} is not in a git repository") from None
        try:
            if write and not self.repo.head.is_detached and self.repo.head.is_valid() \
                    and self.repo.active_branch.name == self.branch:
                raise TargetError(f"target {self.name}: branch {self.branch} is checked out; the git target writes a "
                                  "branch nobody works on (name another branch in ccm.yaml)")
            if not write:
                self._resolve()
                yield self
                return
            with file_lock(Path(self.repo.git_dir) / f"ccm-{self.branch.replace('/', '-')}.lock", lock_timeout):
                self._resolve()
                yield self
        except LockTimeout as exc:
            raise TargetError(str(exc)) from None
        except git.GitCommandError as exc:
            raise TargetError(f"target {self.name} ({self.description}): git {exc.command[1] if len(exc.command) > 1 else ''} "
                              f"failed: {_first_line(exc.stderr)}") from None
        except (ValueError, OSError) as exc:
            raise TargetError(f"target {self.name} ({self.description}): {_first_line(str(exc))}") from None
        finally:
            self.repo.close()
            self.repo = None

    def _ref(self, name: str) -> str | None:
        try:
            return self.repo.git.rev_parse("--verify", "-q", f"{name}^{{commit}}")
        except Exception:
            return None

    def _resolve(self) -> None:
        self._local = self._ref(f"refs/heads/{self.branch}")
        remote = self._ref(f"refs/remotes/{self.remote}/{self.branch}")
        self.tip = self._local
        if remote is not None and (self._local is None or (remote != self._local and self.repo.is_ancestor(self._local, remote))):
            self.tip = remote  # a fresh clone, or a runner that fetched newer history

    # -- read
    def _tree(self):
        return self.repo.commit(self.tip).tree if self.tip else None

    def _blob(self, path: str):
        tree = self._tree()
        if tree is None:
            return None
        try:
            return tree / path
        except KeyError:
            return None

    def _read(self, blob, where: str) -> bytes:
        if blob.type != "blob" or blob.mode not in REGULAR:
            raise ReleaseError(f"{where}: is not a regular file (a symlink or a folder)")
        if blob.size > MAX_FILE_BYTES:
            raise ReleaseError(f"{where}: {blob.size} bytes, more than ccm ever writes ({MAX_FILE_BYTES} bytes)")
        return blob.data_stream.read()

    def _where(self, path: str) -> str:
        return f"{self.branch}:{path}"

    def current_id(self) -> str | None:
        blob = self._blob(CURRENT)
        if blob is None:
            return None
        raw = self._read(blob, self._where(CURRENT)).decode("utf-8", "replace").strip()
        if not is_release_id(raw):
            raise ReleaseError(f"{self._where(CURRENT)}: names {shown(raw)}, not a release id")
        return raw

    def manifest(self, release_id: str) -> dict | None:
        if not is_release_id(release_id):
            return None
        path = f"{RELEASES}/{release_id}/{MANIFEST}"
        blob = self._blob(path)
        if blob is None:
            if self._blob(f"{RELEASES}/{release_id}") is not None:
                raise ReleaseError(f"{self._where(path)}: is missing")
            return None
        where = self._where(path)
        return check_manifest(parse_json(self._read(blob, where), where), where, release_id)

    def verify(self, release_id: str) -> dict:
        return self.verified(release_id)[0]

    def verified(self, release_id: str) -> tuple[dict, dict[str, bytes]]:
        manifest = self.manifest(release_id)
        if manifest is None:
            raise ReleaseError(f"no release {shown(release_id)} in target {self.name} ({self.description})")
        base = f"{RELEASES}/{release_id}"
        folder = self._blob(base)
        files: dict[str, bytes] = {}
        for item in folder.traverse():
            rel = item.path[len(base) + 1:]
            if item.type == "tree":
                continue
            if rel == MANIFEST:
                continue
            files[rel] = self._read(item, self._where(item.path))
        check_files(manifest, files, lambda rel: self._where(f"{base}/{shown(rel, 200)}"))
        return manifest, files

    def releases(self) -> list[Stored]:
        folder = self._blob(RELEASES)
        found = []
        if folder is not None and folder.type == "tree":
            for child in folder.trees:
                if not is_release_id(child.name):
                    continue
                try:
                    found.append(Stored(child.name, self.manifest(child.name)))
                except ReleaseError as exc:
                    found.append(Stored(child.name, None, str(exc)))
        return sorted(found, key=lambda s: ((s.manifest or {}).get("created_at") or "", s.id))

    def history(self) -> tuple[list[dict], list[str]]:
        blob = self._blob(HISTORY)
        if blob is None:
            return [], []
        where = self._where(HISTORY)
        try:
            raw = self._read(blob, where)
        except ReleaseError as exc:
            return [], [str(exc)]
        events, problems = [], []
        for number, line in enumerate(raw.split(b"\n"), 1):
            event, problem = read_event(line, where, number)
            if event is not None:
                events.append(event)
            elif problem:
                problems.append(problem)
        return events, problems

    def tamper_problems(self) -> list[str]:
        """A release folder touched by a commit other than the one that added it (or that
        re-stored it over a damaged copy, which ccm does only for a copy that failed its check)."""
        if not self.tip:
            return []
        problems = []
        touched: dict[str, list[tuple[str, str]]] = {}
        for line in self.repo.git.log("--format=%H\t%s", self.tip, "--", RELEASES).splitlines():
            sha, _, subject = line.partition("\t")
            names = self.repo.git.diff_tree("--no-commit-id", "--name-only", "-r", "-z", "--root", sha, "--", RELEASES)
            for rid in sorted({p.split("/")[1] for p in names.split("\0") if p.count("/") >= 2}):
                touched.setdefault(rid, []).append((sha, subject))
        for rid, commits in sorted(touched.items()):
            honest = [c for c in commits if c[1].startswith(f"ccm: store release {rid}")]
            others = [c for c in commits if c not in honest]
            if others:
                sha, subject = others[-1]
                problems.append(f"{self._where(RELEASES + '/' + rid)}: changed after it was published, by commit {sha[:12]} "
                                f"({shown(subject)}); a release is immutable")
        return problems

    # -- write (inside session(write=True))
    def apply(self, release, event: dict, stored: bool) -> None:
        files = {} if stored else {f"{RELEASES}/{release.id}/{path}": data for path, data in release.files().items()}
        subject = f"ccm: store release {release.id} and make it current" if not stored else f"ccm: make release {release.id} current"
        self._commit(files, f"{RELEASES}/{release.id}" if not stored else None, release.id, event, subject)

    def activate(self, release_id: str, event: dict) -> None:
        self._commit({}, None, release_id, event, f"ccm: {event.get('action', 'activate')} to release {release_id}")

    def _commit(self, files: dict[str, bytes], replace: str | None, release_id: str, event: dict, subject: str) -> None:
        from io import BytesIO

        from gitdb import IStream

        old_history = b""
        blob = self._blob(HISTORY)
        if blob is not None:
            old_history = self._read(blob, self._where(HISTORY))
            if old_history and not old_history.endswith(b"\n"):
                old_history += b"\n"
        line = json.dumps(event, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
        files = {**files, CURRENT: (release_id + "\n").encode(), HISTORY: old_history + line}
        entries = []
        for path, data in sorted(files.items()):
            sha = self.repo.odb.store(IStream(b"blob", len(data), BytesIO(data))).hexsha.decode()
            entries.append(f"100644 blob {sha}\t{path}\n")
        with tempfile.TemporaryDirectory(prefix="ccm-git-target-") as temp:
            env = {**os.environ, "GIT_INDEX_FILE": os.path.join(temp, "index")}
            git = ["git", "-C", str(self.repo.working_tree_dir or self.repo.git_dir)]
            _run(git + (["read-tree", self.tip] if self.tip else ["read-tree", "--empty"]), env)
            if replace:  # a damaged copy of this release: write it again from scratch
                listed = _run(git + ["ls-files", "-z", "--", replace + "/"], env).decode()
                if listed:
                    _run(git + ["update-index", "-z", "--force-remove", "--stdin"], env, listed.encode())
            _run(git + ["update-index", "--add", "--index-info"], env, "".join(entries).encode())
            tree = _run(git + ["write-tree"], env).decode().strip()
            message = f"{subject}\n\nby: {event.get('by') or 'unknown'}\ncommit: {event.get('commit') or 'none'}\n"
            if event.get("reason"):
                message += f"reason: {event['reason']}\n"
            identity = _identity(self.repo)
            commit = _run(git + ["commit-tree", tree] + (["-p", self.tip] if self.tip else []), {**env, **identity},
                          message.encode()).decode().strip()
            pause_point("written")
            # compare-and-swap: fails when another publish moved the branch since we read it
            try:
                _run(git + ["update-ref", "-m", subject, f"refs/heads/{self.branch}", commit, self._local or ZERO], env)
            except TargetError as exc:
                raise TargetError(f"target {self.name}: branch {self.branch} moved while publishing ({exc}); publish again") from None
        self.tip = self._local = commit


def _identity(repo) -> dict:
    """The committer: the repository's configured user, or ccm on a runner with none."""
    reader = repo.config_reader()
    name = reader.get_value("user", "name", "") if reader.has_section("user") else ""
    email = reader.get_value("user", "email", "") if reader.has_section("user") else ""
    if name and email:
        return {}
    actor = os.environ.get("GITHUB_ACTOR") or "ccm"
    return {"GIT_AUTHOR_NAME": actor, "GIT_AUTHOR_EMAIL": "ccm@localhost", "GIT_COMMITTER_NAME": actor,
            "GIT_COMMITTER_EMAIL": "ccm@localhost"}


def _run(argv: list[str], env: dict, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(argv, input=stdin, env=env, capture_output=True, timeout=300)
    if done.returncode != 0:
        raise TargetError(f"git {argv[3]} failed: {_first_line(done.stderr.decode('utf-8', 'replace'))}")
    return done.stdout


def _first_line(text) -> str:
    lines = str(text or "").strip().splitlines()
    return shown(lines[0], 300) if lines else "no message"


def open_git(config, root: Path) -> GitTarget:
    branch = config.options.get("branch", "ccm-releases")
    remote = config.options.get("remote", "origin")
    for key, value in (("branch", branch), ("remote", remote)):
        if not isinstance(value, str) or not BRANCH.fullmatch(value) or ".." in value or value.endswith((".lock", "/")):
            raise config.error(f"'{key}' must be a git branch/remote name")
    return GitTarget(config.name, root, branch, remote)


__all__ = ["GitTarget", "open_git"]
