"""Where the compliance record comes from: a target's release history, or git alone.

Both give a :class:`Record`: a timeline of :class:`Period` — which release (its manifest, its
evidence) customers could receive from when to when — and the problems met while reading it.

* :func:`from_target` — every activation in the target's history (publish, rollback, promote)
  starts a period that the next one ends; the newest is still current (``end`` None).
* :func:`from_git` — a repository with no target yet: the first-parent history of a branch
  (each merge to main, and any direct push), oldest first, bounded by ``max_commits``; each
  commit's content is built as a release would be (never written anywhere) and carries the
  approvals its commit records (merge committer, ``Reviewed-by``/``Approved-by``/
  ``Co-authored-by`` trailers), the CODEOWNERS owners its change needed and, with ``lint``,
  the lint result this ccm gives it. Commits with the same content are one period.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import CcmError


@dataclass
class Period:
    release: str  # release id
    start: str | None  # ISO time
    end: str | None  # ISO time; None while current
    action: str  # publish, rollback, promote, recovered, commit
    by: str | None
    manifest: dict | None
    texts: Callable[[], dict] | None = None  # () -> {comm: {"locale/channel": {field: template}}}
    reason: str | None = None


@dataclass
class Record:
    source: dict  # {"kind": "target"|"git", ...}
    periods: list[Period] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_time(value: str | None, what: str, end_of_day: bool = False) -> _dt.datetime | None:
    """``--since/--until``: a date (YYYY-MM-DD, UTC: the start of the day, or its end for
    ``--until``) or an ISO date-time; exit 2 otherwise."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return _dt.datetime.combine(_dt.date.fromisoformat(text), _dt.time.max if end_of_day else _dt.time(), _dt.timezone.utc)
        moment = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CcmError(f"{what} must be a date (YYYY-MM-DD) or an ISO date-time, got '{_shown(value)}'") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


def as_time(value: str | None) -> _dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


def from_target(root: Path, target_name: str, texts: bool = True) -> Record:
    from ..project import load_project
    from ..publish.integrity import ReleaseError
    from ..publish.targets import TargetError, open_target
    from ..scale.store import NoStore

    target = open_target(load_project(root, cache=NoStore()), target_name)
    record = Record({"kind": "target", "target": target.name, "description": target.description})
    try:
        with target.session(write=False):
            events, bad = target.history()
            record.problems += bad
            stored = {s.id: s for s in target.releases()}
            record.problems += [s.problem for s in stored.values() if s.problem]
            cache: dict[str, dict] = {}
            for index, event in enumerate(events):
                rid = event["release_id"]
                entry = stored.get(rid)
                if entry is None:
                    record.problems.append(f"the history names release {rid}, which target {target.name} does not store")
                end = events[index + 1]["at"] if index + 1 < len(events) else None
                record.periods.append(Period(rid, event["at"], end, event["action"], event.get("by"),
                                             entry.manifest if entry else None, reason=event.get("reason")))
            if texts:
                reader = getattr(target, "verified", None)
                for period in record.periods:
                    if period.manifest is None or reader is None:
                        continue
                    rid = period.release
                    if rid not in cache:
                        try:
                            cache[rid] = bundle_texts(reader(rid)[1])
                        except ReleaseError as exc:
                            record.problems.append(str(exc))
                            cache[rid] = {}
                    period.texts = (lambda value=cache[rid]: value)
    except (TargetError, ReleaseError) as exc:
        raise CcmError(f"target {target_name}: {exc}") from None
    return record


def bundle_texts(artifacts: dict[str, bytes], limit: int = 4000) -> dict:
    """comm -> "locale/channel" -> {field: template source} from a release's bundles."""
    out: dict[str, dict] = {}
    for path, data in sorted(artifacts.items()):
        parts = path.split("/")
        if len(parts) != 4 or parts[0] != "comms" or not parts[3].endswith(".json"):
            continue
        try:
            bundle = json.loads(data)
        except ValueError:
            continue
        fields = bundle.get("fields") if isinstance(bundle, dict) else None
        if isinstance(fields, dict):
            out.setdefault(parts[1], {})[f"{parts[2]}/{parts[3][:-5]}"] = {
                str(k): (v if len(v) <= limit else v[:limit] + "…") for k, v in fields.items() if isinstance(v, str)}
    return out


def from_git(root: Path, ref: str | None = None, max_commits: int = 100, lint: bool = False) -> Record:
    import git

    from ..project import load_project_at
    from ..publish import evidence
    from ..publish.gitsource import inspect
    from ..publish.release import build
    from ..scale.store import NoStore

    source = inspect(root)
    if not source.is_git or source.commit is None:
        raise CcmError(f"{root} is not in a git repository with a commit: name a --target, or commit the content")
    repo = source._repo
    if ref is None:
        ref = next((r for r in ("main", "master") if _exists(repo, f"refs/heads/{r}")), "HEAD")
    if ref.startswith("-") or any(c in ref for c in "\0\n"):
        raise CcmError(f"--ref '{_shown(ref)}' is not a branch or commit of this repository")
    try:
        shas = repo.git.rev_list("--first-parent", f"--max-count={max_commits}", ref, "--").split()
    except git.GitCommandError:
        raise CcmError(f"--ref '{_shown(ref)}' is not a branch or commit of this repository") from None
    shas.reverse()
    record = Record({"kind": "git", "ref": ref, "commits": len(shas), "max_commits": max_commits, "lint": lint})
    if len(shas) == max_commits:
        record.problems.append(f"only the newest {max_commits} first-parent commits of {ref} were read (--max-commits)")
    previous_commit = None
    for sha in shas:
        commit = repo.commit(sha)
        at = commit.committed_datetime.astimezone(_dt.timezone.utc).replace(microsecond=0).isoformat()
        try:
            project = load_project_at(root, sha, cache=NoStore())
            result = None
            if lint:
                from ..linter import lint as run_lint

                result = run_lint(project, keep_variants=False)
            changes = evidence.changed_paths(repo, sha, previous_commit)
            src = {"commit": sha, "branch": ref, "author": f"{commit.author.name} <{commit.author.email}>",
                   "committed_at": commit.committed_datetime.isoformat(), "subject": _subject(commit), "path": source.project_rel,
                   "dirty": False}
            ev = {"version": evidence.VERSION, "lint": evidence.lint_evidence(result), "suppressions": evidence.suppressions(project),
                  "approvals": {**evidence.git_approvals(repo, sha), "approved_by": []}, "changes": changes,
                  "required_owners": evidence.required_owners(project, changes["paths"]), "previous": None}
            release = build(project, src, verify=False, evidence=ev)
        except CcmError as exc:
            record.problems.append(f"commit {sha[:12]}: cannot be built: {exc.one_line()}")
            previous_commit = sha
            continue
        previous_commit = sha
        if record.periods and record.periods[-1].release == release.id:
            continue  # same content (a merge of docs, a revert of a revert…): one period
        if record.periods:
            record.periods[-1].end = at
        release.manifest["created_at"] = at
        record.periods.append(Period(release.id, at, None, "merge" if len(commit.parents) > 1 else "commit",
                                     f"{commit.committer.name} <{commit.committer.email}>", release.manifest,
                                     texts=(lambda a=release.artifacts: bundle_texts(a))))
    return record


def _exists(repo, ref: str) -> bool:
    try:
        repo.git.rev_parse("--verify", "-q", ref)
        return True
    except Exception:
        return False


def _subject(commit) -> str:
    summary = commit.summary
    return summary if isinstance(summary, str) else summary.decode("utf-8", "replace")


def _shown(value: str) -> str:
    from ..publish.integrity import shown

    return shown(value)
