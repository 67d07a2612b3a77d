"""Which two versions `ccm diff` compares, and loading them without a checkout.

* BASE defaults to the merge-base of ``HEAD`` with ``origin/main`` when that ref exists, else
  with ``main`` (or ``master``). In a shallow CI clone the merge-base may be unknown (the
  history was not fetched); the base branch's tip is used then, as ``git diff main`` would.
* HEAD defaults to the working tree (uncommitted edits included).
* Refs are read with gitpython from the object database: no checkout, no temporary clone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import CcmError

BASE_CANDIDATES = ("origin/main", "main", "origin/master", "master")


@dataclass(frozen=True)
class Side:
    """One version: ``ref`` as the user named it ("working tree" for the files on disk) and
    the commit it resolved to (None for the working tree)."""

    ref: str
    commit: str | None
    project: object  # ccm_cli.model.Project


def _repo(root: Path):
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise CcmError(f"{root} is not inside a git repository", hint="ccm diff compares git refs") from None


def _resolve(repo, ref: str):
    import git

    try:
        return repo.commit(ref)
    except (git.BadName, ValueError, git.GitCommandError):
        return None


def default_base(root: Path) -> str:
    """The commit to compare the current branch with: merge-base of HEAD and the main branch."""
    import git

    repo = _repo(Path(root))
    head = _resolve(repo, "HEAD")
    if head is None:
        raise CcmError("the repository has no commits yet; nothing to compare with", hint="commit first, or name BASE")
    for name in BASE_CANDIDATES:
        target = _resolve(repo, name)
        if target is None:
            continue
        try:
            found = repo.merge_base(head, target)
        except git.GitCommandError:
            found = []
        return found[0].hexsha if found else target.hexsha  # shallow clone: the branch tip
    raise CcmError(
        "no main branch to compare with (looked for origin/main, main, origin/master, master)",
        hint="name the base: ccm diff BASE, or git fetch origin main",
    )


def load_side(root: Path, ref: str | None, cache=None) -> Side:
    """The project at ``ref`` (a commit, branch, tag…), or the working tree when ``ref`` is None.
    ``cache`` (a store of ccm_cli.scale.store) parses the files, reusing what it parsed before."""
    from ..project import load_project, load_project_at

    if ref is None:
        return Side("working tree", None, load_project(Path(root), cache=cache))
    project = load_project_at(Path(root), ref, cache=cache)
    return Side(ref, project.source.commit.hexsha, project)
