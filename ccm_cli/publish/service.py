"""The publish operations the CLI wires: plan, apply, rollback, history.

``plan``   build the release HEAD produces and compare it with the target's current release.
``apply``  refuse on lint errors / dirty tree / branch (unless forced with a reason), then, under
           the target's lock, store the release and make it current — or do nothing when the
           target already holds it.
``rollback`` make a stored release current again. ``history`` lists releases and activations.

A damaged target (see :mod:`.integrity`) never ends in a traceback, and never blocks the way
out of the damage:

* a damaged *current* release (or ``current`` pointer) is reported, and publishing replaces it;
* a damaged copy of the release being published is reported and stored again;
* damaged *history* records are reported and skipped; the new event is still appended (the
  history is an audit log: ccm never rewrites it, and a bad line must not stop a hotfix);
* a rollback verifies the release it goes back to — manifest, every file present with its
  sha256, no other file — and refuses, naming the file, when it is not intact;
* ``ccm releases`` lists what can be trusted and reports every problem (exit 1).
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CcmError
from .gate import Refusal, refusals
from .integrity import ReleaseError, summarize
from .plan import Plan, make_plan
from .targets import Target, TargetError, open_target
from .targets.base import now


class Refused(Exception):
    """Publishing was refused (exit 1); ``reasons`` say why."""

    def __init__(self, reasons: list[Refusal]) -> None:
        super().__init__("; ".join(r.message for r in reasons))
        self.reasons = reasons


class Damaged(TargetError):
    """The release a rollback goes back to is not intact (exit 1; the message names the file)."""


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
    warnings: list[str] = field(default_factory=list)  # damage found in the target, and what was done about it


@dataclass
class Rollback:
    release: str
    previous: str | None
    changed: bool
    warnings: list[str] = field(default_factory=list)


def prepare(root: Path, target_name: str, today: _dt.date | None = None, force_reason: str | None = None,
            run_lint: bool = True, approved_by: list[str] | None = None) -> Prepared:
    """Load HEAD's content, lint it, check the gate and build the release (nothing is written).

    The release carries its evidence (:mod:`.evidence`): lint's result, the suppressions in
    force, the approvals, the owners the change needed; ``apply`` adds the previous release."""
    from ..linter import lint
    from ..project import load_project, load_project_at
    from ..scale.store import NoStore
    from .config import target_config
    from .gitsource import inspect
    from .release import build

    source = inspect(root)
    if source.is_git and source.commit is not None:
        project = load_project_at(root, "HEAD", cache=NoStore())
    elif force_reason:
        project = load_project(root, cache=NoStore())  # forced publish outside git: the working tree, no commit
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
    evidence = _evidence(project, source, target, lint_result, approved_by)
    release = build(project, source.to_json(), forced=forced, rendered=lint_result.rendered if lint_result else None,
                    evidence=evidence)
    return Prepared(project, source, target, release, found)


def _evidence(project, source, target: Target, lint_result, approved_by: list[str] | None) -> dict:
    from . import evidence

    repo = source._repo if source.commit is not None else None
    base = None
    try:
        with target.session(write=False):
            current, old = _current(target, [])
        base = ((old or {}).get("source") or {}).get("commit")
    except (TargetError, ReleaseError):
        pass  # the publish itself reports an unreadable target
    changes = evidence.changed_paths(repo, source.commit, base)
    return {
        "version": evidence.VERSION,
        "lint": evidence.lint_evidence(lint_result),
        "suppressions": evidence.suppressions(project),
        "approvals": {**evidence.git_approvals(repo, source.commit), "approved_by": list(approved_by or [])},
        "changes": changes,
        "required_owners": evidence.required_owners(project, changes["paths"]),
        "previous": None,
    }


def plan(root: Path, target_name: str, today: _dt.date | None = None) -> tuple[Plan, list[Refusal], list[str]]:
    """What publishing would change (lint is left to ``ccm lint`` and to ``apply``: a plan is fast)."""
    prepared = prepare(root, target_name, today, run_lint=False)
    target = prepared.target
    warnings: list[str] = []
    with target.session(write=False):
        _, old = _current(target, warnings)
        stored, damaged = _stored(target, prepared.release.id, warnings, "publishing stores it again")
    result = make_plan(target.name, target.description, old, prepared.release.manifest, stored, damaged)
    return result, prepared.refusals, warnings


def apply(root: Path, target_name: str, today: _dt.date | None = None, force_reason: str | None = None,
          lock_timeout: float = 60.0, approved_by: list[str] | None = None) -> Outcome:
    prepared = prepare(root, target_name, today, force_reason, approved_by=approved_by)
    if prepared.refusals and force_reason is None:
        raise Refused(prepared.refusals)
    release, target, source = prepared.release, prepared.target, prepared.source
    warnings: list[str] = []
    with target.session(write=True, lock_timeout=lock_timeout):
        _history_warnings(target, warnings)
        current, old = _current(target, warnings)  # read under the lock: no other publish can move it now
        aside = " (the damaged copy is moved aside to .damaged-*)" if target.kind == "dir" else ""
        stored, damaged = _stored(target, release.id, warnings, "storing it again" + aside)
        result = make_plan(target.name, target.description, old, release.manifest, stored, damaged)
        if not result.pending:
            return Outcome(result, False, prepared.refusals, warnings)
        event = _event("publish", release.id, current, source.commit, source.branch, force_reason)
        if not stored:
            from .chain import link
            from .integrity import canonical, sha256

            if "evidence" in release.manifest:
                release.manifest["evidence"]["previous"] = link(target)
            event["manifest_sha256"] = sha256(canonical(release.manifest))
        target.apply(release, event, stored)
    return Outcome(result, True, prepared.refusals, warnings)


class Promoted:
    """A release read back from another target, verified: stored again byte for byte."""

    def __init__(self, manifest: dict, artifacts: dict[str, bytes]) -> None:
        self.id = manifest["id"]
        self.manifest = manifest
        self.artifacts = artifacts

    def manifest_bytes(self) -> bytes:
        from .integrity import canonical

        return canonical(self.manifest)

    def files(self) -> dict[str, bytes]:
        from .integrity import MANIFEST

        return {**self.artifacts, MANIFEST: self.manifest_bytes()}


def promote(root: Path, target_name: str, from_name: str, expected: str | None = None, plan_only: bool = False,
            lock_timeout: float = 60.0) -> Outcome:
    """Put the release current on target ``from_name`` onto ``target_name`` without rebuilding.

    Refused (:class:`Refused`) when ``from_name``'s current release is not ``expected`` (a prefix
    is enough), when it carries no evidence, or when any of its files fails its check."""
    from ..project import load_project
    from ..scale.store import NoStore
    from .integrity import canonical, sha256

    if from_name == target_name:
        raise CcmError(f"--promote {from_name}: the target to promote from is the target to promote to")
    project = load_project(root, cache=NoStore())
    source_target = open_target(project, from_name)
    target = open_target(project, target_name)
    with source_target.session(write=False):
        try:
            current = source_target.current_id()
        except ReleaseError as exc:
            raise Refused([Refusal("promote", f"target {from_name}: {exc}")]) from None
        if current is None:
            raise Refused([Refusal("promote", f"target {from_name} has no current release to promote")])
        if expected is not None and not current.startswith(expected):
            raise Refused([Refusal("promote", f"target {from_name}'s current release is {current}, not {expected} "
                                              "(promote only what was verified there)")])
        reader = getattr(source_target, "verified", None)
        if reader is None:
            raise CcmError(f"--promote {from_name}: a {source_target.kind} target cannot be read back; promote from a "
                           "dir, sqlite, postgres or git target")
        try:
            manifest, artifacts = reader(current)
        except ReleaseError as exc:
            raise Refused([Refusal("promote", f"release {current} on target {from_name} fails its integrity check: {exc}")]) from None
    evidence = manifest.get("evidence")
    if not isinstance(evidence, dict) or not isinstance(evidence.get("lint"), dict):
        raise Refused([Refusal("promote", f"release {current} on target {from_name} carries no evidence (lint result, "
                                          "approvals): it was published by an older ccm or without lint; publish its "
                                          f"commit to {from_name} again, then promote")])
    lint = evidence["lint"].get("summary") or {}
    if lint.get("errors") and not (manifest.get("forced") or {}).get("reason"):
        raise Refused([Refusal("promote", f"release {current} on target {from_name} has {lint['errors']} lint error(s) "
                                          "recorded and was not forced")])
    release = Promoted(manifest, artifacts)
    digest = sha256(canonical(manifest))
    warnings: list[str] = []
    with target.session(write=not plan_only, lock_timeout=lock_timeout):
        if not plan_only:
            _history_warnings(target, warnings)
        now_current, old = _current(target, warnings)
        stored, damaged = _stored(target, release.id, warnings, "promoting stores it again")
        result = make_plan(target.name, target.description, old, manifest, stored, damaged)
        result.promote_from = from_name
        if plan_only or not result.pending:
            return Outcome(result, False, [], warnings)
        source = manifest.get("source") or {}
        reason = f"promoted from target {from_name}: release {current}, manifest sha256 {digest}"
        target.apply(release, _event("promote", release.id, now_current, source.get("commit"), source.get("branch"), reason),
                     stored)
    return Outcome(result, True, [], warnings)


def rollback(root: Path, target_name: str, release_id: str, reason: str | None = None,
             lock_timeout: float = 60.0) -> Rollback:
    """Make ``release_id`` (or a unique prefix of it) current, once it is verified intact."""
    target = _target(root, target_name)
    warnings: list[str] = []
    with target.session(write=True, lock_timeout=lock_timeout):
        _history_warnings(target, warnings)
        full = target.resolve(release_id)
        try:
            manifest = target.verify(full)
        except ReleaseError as exc:
            raise Damaged(f"release {full} is damaged, so it cannot become current: {exc}; check who changed it, then "
                          "repair it (remove what was added, restore what changed) or publish its commit again") from None
        current, _ = _current(target, warnings)
        if full == current:
            return Rollback(full, current, False, warnings)
        commit = (manifest.get("source") or {}).get("commit")
        target.activate(full, _event("rollback", full, current, commit, None, reason))
    return Rollback(full, current, True, warnings)


def history(root: Path, target_name: str) -> dict:
    """Every release and activation the target holds, and a problem per thing that cannot be trusted."""
    target = _target(root, target_name)
    problems: list[str] = []
    with target.session(write=False):
        try:
            current = target.current_id()
        except ReleaseError as exc:
            current = None
            problems.append(str(exc))
        stored = target.releases()
        events, bad_events = target.history()
    if current is not None and current not in {s.id for s in stored}:
        problems.append(f"the current release {current} is not stored in target {target.name}")
    problems += [s.problem for s in stored if s.problem]
    problems += bad_events
    rows = []
    for manifest in (s.manifest for s in stored if s.manifest is not None):
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
            "releases": rows, "history": events, "problems": problems}


def _current(target: Target, warnings: list[str]) -> tuple[str | None, dict | None]:
    """(current id, its manifest); damage becomes a warning, and the plan compares with nothing."""
    try:
        current = target.current_id()
    except ReleaseError as exc:
        warnings.append(f"{exc} (publishing or rolling back replaces it)")
        return None, None
    if current is None:
        return None, None
    try:
        old = target.manifest(current)
    except ReleaseError as exc:
        warnings.append(f"the current release is damaged: {exc} (the plan compares with nothing; publishing or rolling back replaces it)")
        return current, None
    if old is None:
        warnings.append(f"the current release {current} is not stored in the target; publishing replaces it")
    return current, old


def _stored(target: Target, release_id: str, warnings: list[str], remedy: str) -> tuple[bool, bool]:
    """(stored intact, stored but damaged): every file of the release is checked, so that a
    tampered current release is never "up to date"; the damage becomes a warning."""
    try:
        if target.manifest(release_id) is None:
            return False, False
        target.verify(release_id)
        return True, False
    except ReleaseError as exc:
        if not any(str(exc) in w for w in warnings):
            warnings.append(f"the stored copy of release {release_id} is damaged: {exc}; {remedy}")
        return False, True


def _history_warnings(target: Target, warnings: list[str]) -> None:
    if not target.keeps_history:
        return  # the receiver of an http target keeps its own
    _, problems = target.history()
    if problems:
        warnings.extend(summarize(problems))
        warnings.append(f"{len(problems)} history record(s) of target {target.name} are damaged; they are kept as they "
                        "are and skipped (`ccm releases` lists them); the new event is appended as usual")


def _target(root: Path, target_name: str) -> Target:
    from ..project import load_project
    from ..scale.store import NoStore

    return open_target(load_project(root, cache=NoStore()), target_name)


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


__all__ = ["Damaged", "Outcome", "promote", "ReleaseError", "Refused", "Rollback", "TargetError", "plan", "apply", "rollback", "history"]
