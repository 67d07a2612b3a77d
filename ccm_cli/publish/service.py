"""The publish operations the CLI wires: plan, apply, rollback, history.

``plan``   build the release HEAD produces and compare it with the target's current release.
``apply``  refuse on lint errors / dirty tree / branch (unless forced with a reason), then, under
           the target's lock, store the release and make it current — or do nothing when the
           target already holds it.
``rollback`` make a stored release current again. ``history`` lists releases and activations.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CcmError
from .gate import Refusal, refusals
from .plan import Plan, make_plan
from .targets import Target, TargetError, open_target
from .targets.base import now


class Refused(Exception):
    """Publishing was refused (exit 1); ``reasons`` say why."""

    def __init__(self, reasons: list[Refusal]) -> None:
        super().__init__("; ".join(r.message for r in reasons))
        self.reasons = reasons


@dataclass
class Prepared:
    project: object
    source: object
    target: Target
    release: object
    refusals: list[Refusal] = field(default_factory=list)


@dataclass
class Outcome:
    plan: Plan
    applied: bool
    refusals: list[Refusal] = field(default_factory=list)


def prepare(root: Path, target_name: str, today: _dt.date | None = None, force_reason: str | None = None,
            run_lint: bool = True) -> Prepared:
    """Load HEAD's content, lint it, check the gate and build the release (nothing is written)."""
    from ..linter import lint
    from ..project import load_project, load_project_at
    from .config import target_config
    from .gitsource import inspect
    from .release import build

    source = inspect(root)
    if source.is_git and source.commit is not None:
        project = load_project_at(root, "HEAD")
    elif force_reason:
        project = load_project(root)  # forced publish outside git: the working tree, no commit
    else:
        raise Refused([Refusal("git", f"{root} is not in a git repository with a commit; releases are built from commits")])
    config = target_config(project, target_name)
    target = open_target(project, target_name)
    lint_result = lint(project, today=today, keep_variants=True) if run_lint else None
    ignore = _ignored_paths(target, source)
    found = refusals(source, lint_result, config.allowed_branches, ignore)
    forced = None
    if force_reason is not None:
        if not force_reason.strip():
            raise CcmError("--force-reason needs a reason (it is recorded in the release)")
        forced = {"reason": force_reason.strip(), "overrides": [f"{r.code}: {r.message}" for r in found]}
    release = build(project, source.to_json(), forced=forced, rendered=lint_result.rendered if lint_result else None)
    return Prepared(project, source, target, release, found)


def plan(root: Path, target_name: str, today: _dt.date | None = None) -> tuple[Plan, list[Refusal]]:
    """What publishing would change (lint is left to ``ccm lint`` and to ``apply``: a plan is fast)."""
    prepared = prepare(root, target_name, today, run_lint=False)
    target = prepared.target
    with target.session(write=False):
        current = target.current_id()
        old = target.manifest(current) if current else None
        stored = target.manifest(prepared.release.id) is not None
    return make_plan(target.name, target.description, old, prepared.release.manifest, stored), prepared.refusals


def apply(root: Path, target_name: str, today: _dt.date | None = None, force_reason: str | None = None,
          lock_timeout: float = 60.0) -> Outcome:
    prepared = prepare(root, target_name, today, force_reason)
    if prepared.refusals and force_reason is None:
        raise Refused(prepared.refusals)
    release, target, source = prepared.release, prepared.target, prepared.source
    with target.session(write=True, lock_timeout=lock_timeout):
        current = target.current_id()  # read under the lock: no other publish can move it now
        old = target.manifest(current) if current else None
        stored = target.manifest(release.id) is not None
        result = make_plan(target.name, target.description, old, release.manifest, stored)
        if not result.pending:
            return Outcome(result, False, prepared.refusals)
        target.apply(release, _event("publish", release.id, current, source.commit, source.branch, force_reason))
    return Outcome(result, True, prepared.refusals)


def rollback(root: Path, target_name: str, release_id: str, reason: str | None = None,
             lock_timeout: float = 60.0) -> tuple[str, str | None, bool]:
    """Make ``release_id`` (or a unique prefix of it) current; returns (id, previous, changed)."""
    target = _target(root, target_name)
    with target.session(write=True, lock_timeout=lock_timeout):
        full = target.resolve(release_id)
        current = target.current_id()
        if full == current:
            return full, current, False
        manifest = target.manifest(full) or {}
        commit = (manifest.get("source") or {}).get("commit")
        target.activate(full, _event("rollback", full, current, commit, None, reason))
    return full, current, True


def history(root: Path, target_name: str) -> dict:
    target = _target(root, target_name)
    with target.session(write=False):
        current = target.current_id()
        manifests = target.releases()
        events = target.history()
    rows = []
    for manifest in manifests:
        source = manifest.get("source") or {}
        forced = manifest.get("forced") or {}
        rows.append({
            "id": manifest.get("id"),
            "current": manifest.get("id") == current,
            "created_at": manifest.get("created_at"),
            "commit": source.get("commit"),
            "branch": source.get("branch"),
            "author": source.get("author"),
            "subject": source.get("subject"),
            "published_by": manifest.get("published_by"),
            "comms": len(manifest.get("comms", {})),
            "forced_reason": forced.get("reason"),
        })
    return {"version": 1, "target": target.name, "description": target.description, "current": current,
            "releases": rows, "history": events}


def _target(root: Path, target_name: str) -> Target:
    from ..project import load_project

    return open_target(load_project(root), target_name)


def _event(action: str, release_id: str, previous: str | None, commit: str | None, branch: str | None,
           reason: str | None) -> dict:
    return {"at": now(), "action": action, "release_id": release_id, "previous": previous, "commit": commit,
            "branch": branch, "by": os.environ.get("GITHUB_ACTOR") or _user(), "reason": reason}


def _ignored_paths(target: Target, source) -> list[str]:
    """A dir target inside the repository must not make the tree "dirty" by being written."""
    path = getattr(target, "path", None)
    if path is None or source.repo_root is None:
        return []
    try:
        rel = Path(os.path.abspath(path)).relative_to(source.repo_root).as_posix()
    except ValueError:
        return []
    return [rel] + [rel + suffix for suffix in ("-wal", "-shm", "-journal")]  # SQLite's side files


def _user() -> str | None:
    try:
        import getpass

        return getpass.getuser()
    except Exception:
        return None


__all__ = ["Refused", "TargetError", "plan", "apply", "rollback", "history"]
