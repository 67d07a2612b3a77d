"""The commit a release is built from: HEAD, its author, its branch, and the working-tree state.

A release is built from the commit, not from the working tree (the project is loaded with
``load_project_at(root, "HEAD")``), so ``--plan`` on a dirty checkout still shows what publishing
HEAD would do, and a release can always be rebuilt from its commit. All git access goes through
gitpython.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Source:
    """Where the project lives in git, and the state of HEAD."""

    repo_root: Path | None
    project_rel: str = "."  # the folder holding ccm.yaml, relative to the repository root
    commit: str | None = None
    branch: str | None = None
    author: str | None = None
    committed_at: str | None = None
    subject: str | None = None
    dirty: list[str] = field(default_factory=list)  # porcelain status lines under the project
    _repo: object = None

    @property
    def is_git(self) -> bool:
        return self.repo_root is not None

    def to_json(self) -> dict:
        return {
            "commit": self.commit,
            "branch": self.branch,
            "author": self.author,
            "committed_at": self.committed_at,
            "subject": self.subject,
            "path": self.project_rel,
            "dirty": bool(self.dirty),
        }


def inspect(project_root: Path) -> Source:
    """Read HEAD, its branch and the working-tree state of the repository holding the project."""
    import git

    try:
        repo = git.Repo(project_root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return Source(repo_root=None)
    if repo.working_tree_dir is None:
        return Source(repo_root=None)
    repo_root = Path(repo.working_tree_dir).resolve()
    rel = project_root.resolve().relative_to(repo_root).as_posix() or "."
    source = Source(repo_root=repo_root, project_rel=rel, _repo=repo)
    if not repo.head.is_valid():
        return source  # no commit yet
    commit = repo.head.commit
    source.commit = commit.hexsha
    source.author = f"{commit.author.name} <{commit.author.email}>"
    source.committed_at = commit.committed_datetime.isoformat()
    source.subject = commit.summary if isinstance(commit.summary, str) else commit.summary.decode("utf-8", "replace")
    source.branch = _branch(repo, commit.hexsha)
    status = repo.git.status("--porcelain", "--untracked-files=all", "--", rel)
    source.dirty = [line for line in status.splitlines() if line.strip()]
    return source


def _branch(repo, sha: str) -> str | None:
    if not repo.head.is_detached:
        return repo.active_branch.name
    # CI checkouts are often detached; GitHub Actions names the branch it checked out.
    if os.environ.get("GITHUB_REF_TYPE") == "branch" and os.environ.get("GITHUB_SHA") == sha:
        return os.environ.get("GITHUB_REF_NAME") or None
    return None
