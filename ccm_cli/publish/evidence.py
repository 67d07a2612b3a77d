"""The evidence a release carries: what it passed, who approved it, and the release before it.

``manifest["evidence"]`` (version :data:`VERSION`; releases written before it have none and
still load)::

    {"version": 1,
     "lint": {"summary": {comms, variants, errors, warnings, infos, suppressed},
              "findings": [...SPEC 3.1 findings, at most MAX_FINDINGS...], "truncated": 0,
              "rules": {"ccm": "0.1.0", "count": 120, "catalogue_sha256": "…"}},
     "suppressions": [{comm, file, rule, channel, locale, reason}],   # lint.ignore in force
     "approvals": {"commit": sha, "merge": true, "merged_by": "…",
                   "trailers": [{"key": "Reviewed-by", "value": "…"}], "approved_by": ["@alice"]},
     "changes": {"base": sha | null, "paths": [...], "truncated": 0},
     "required_owners": {"owners": ["@org/legal"], "paths": {"policies/x.yaml": ["@org/legal"]}},
     "variants": {comm: {"en-US/sms": {clause: version}}},           # which clause each variant carried
     "previous": {"id": "…", "manifest_sha256": "…"} | null}         # tamper-evidence chain

Everything is plain JSON written through :func:`..integrity.canonical` (sorted keys): the same
inputs give the same bytes. Text from git (trailers, names) and from content (reasons) is kept
as it is — JSON escapes it; every reader escapes it for its medium.
"""

from __future__ import annotations

import re
from typing import Any

from .integrity import SCALAR, kind, shown

VERSION = 1
MAX_FINDINGS = 2000
MAX_PATHS = 5000
MAX_APPROVERS = 200
MAX_TEXT = 500
TRAILERS = ("Reviewed-by", "Approved-by", "Co-authored-by")
_HANDLE = re.compile(r"@?[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?")


def rules_fingerprint() -> dict:
    """The rule catalogue a lint result was produced with: ccm's version and a digest of the catalogue."""
    from .. import __version__
    from .. import rules as registry
    from .integrity import canonical, sha256

    rules = registry.all_rules()
    catalogue = [{"id": r.ID, "category": r.CATEGORY, "severity": r.SEVERITY, "doc": r.__doc__ or ""} for r in rules]
    return {"ccm": __version__, "count": len(rules), "catalogue_sha256": sha256(canonical(catalogue))}


def lint_evidence(lint_result) -> dict | None:
    if lint_result is None:
        return None
    findings = sorted((f.to_json() for f in lint_result.findings),
                      key=lambda f: (f.get("file") or "", f.get("line") or 0, f.get("column") or 0, f["rule"], f.get("message") or ""))
    summary = {"comms": lint_result.comms, "variants": lint_result.variants, **lint_result.counts(),
               "suppressed": lint_result.suppressed}
    return {"summary": summary, "findings": findings[:MAX_FINDINGS], "truncated": max(0, len(findings) - MAX_FINDINGS),
            "rules": rules_fingerprint()}


def suppressions(project) -> list[dict]:
    """Every ``lint.ignore`` entry in force (those with a reason; the others are never applied)."""
    found = []
    for comm in sorted(project.comms, key=lambda c: c.id):
        for _, entry in comm.ignores:
            if not isinstance(entry, dict) or not str(entry.get("reason") or "").strip():
                continue
            found.append({"comm": comm.id, "file": comm.file, "rule": _text(entry.get("rule")),
                          "channel": _text(entry.get("channel")), "locale": _text(entry.get("locale")),
                          "reason": _text(entry.get("reason"))})
    return found


def approvers(values: list[str] | None, file_text: str | None = None) -> list[str]:
    """Approving reviewers passed in by CI (``--approved-by`` and/or a file, one per line or
    separated by spaces/commas); each must look like a login or team handle."""
    from ..errors import CcmError

    raw = list(values or [])
    if file_text is not None:
        raw += [w for w in re.split(r"[\s,]+", file_text) if w]
    found: list[str] = []
    for value in raw:
        value = value.strip()
        if not value:
            continue
        if not _HANDLE.fullmatch(value) or len(value) > 100:
            raise CcmError(f"--approved-by: '{shown(value)}' is not a GitHub login or team (e.g. @alice or @org/team)")
        handle = value if value.startswith("@") else "@" + value
        if handle not in found:
            found.append(handle)
    if len(found) > MAX_APPROVERS:
        raise CcmError(f"--approved-by: {len(found)} approvers, more than {MAX_APPROVERS}")
    return sorted(found, key=str.lower)


def git_approvals(repo, commit: str | None) -> dict:
    """Who the commit says approved it: the merge's committer and its trailers."""
    if repo is None or commit is None:
        return {"commit": None, "merge": False, "merged_by": None, "trailers": []}
    obj = repo.commit(commit)
    trailers = []
    raw = repo.git.log("-1", "--format=%(trailers:unfold,only)", commit)
    for line in raw.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in {t.lower() for t in TRAILERS}:
            canonical_key = next(t for t in TRAILERS if t.lower() == key.strip().lower())
            trailers.append({"key": canonical_key, "value": _text(value.strip())})
    return {"commit": obj.hexsha, "merge": len(obj.parents) > 1,
            "merged_by": _text(f"{obj.committer.name} <{obj.committer.email}>"), "trailers": trailers[:MAX_APPROVERS]}


def changed_paths(repo, commit: str | None, base: str | None) -> dict:
    """Repository paths the change touches: since ``base`` (the previous release's commit, when
    it is an ancestor) or else since the commit's first parent."""
    if repo is None or commit is None:
        return {"base": None, "paths": [], "truncated": 0}
    import git

    obj = repo.commit(commit)
    if base is not None:
        try:
            if not repo.is_ancestor(base, commit):
                base = None
        except (git.GitCommandError, ValueError):
            base = None
    if base is None:
        base = obj.parents[0].hexsha if obj.parents else None
    if base is None:
        out = repo.git.ls_tree("-r", "--name-only", "-z", commit)
    else:
        out = repo.git.diff("--name-only", "-z", "--no-renames", base, commit)
    paths = sorted(p for p in out.split("\0") if p)
    return {"base": base, "paths": paths[:MAX_PATHS], "truncated": max(0, len(paths) - MAX_PATHS)}


def required_owners(project, paths: list[str]) -> dict:
    """The owners whose approval the changed ``paths`` require: the CODEOWNERS owners (the
    last matching line wins, as GitHub reads it) and the teams ``governance:`` names, as
    :func:`ccm_cli.policy.approvals.required_approvals` computes them for ``ccm diff`` too."""
    from ..policy.approvals import required_approvals

    approvals = required_approvals(project, paths)
    by_path: dict[str, set[str]] = {}
    for approval in approvals:
        for path in approval.paths:
            by_path.setdefault(path, set()).add(approval.owner)
    return {"owners": sorted({a.owner for a in approvals}), "paths": {p: sorted(o) for p, o in sorted(by_path.items())},
            "codeowners": project.codeowners[0] if project.codeowners else None,
            "approvals": [a.to_json() for a in approvals]}


def previous_link(manifest: dict | None, manifest_bytes: bytes | None) -> dict | None:
    from .integrity import sha256

    if manifest is None or manifest_bytes is None:
        return None
    return {"id": manifest.get("id"), "manifest_sha256": sha256(manifest_bytes)}


def check(value: Any, bad) -> None:
    """The shape of ``manifest["evidence"]`` (absent in older releases); ``bad(what)`` makes the error."""
    if value is None:
        return
    if not isinstance(value, dict):
        raise bad(f"'evidence' is {kind(value)}, not an object")
    version = value.get("version")
    if type(version) is not int or version < 1:
        raise bad("'evidence.version' is missing or not a positive integer")
    if version > VERSION:
        raise bad(f"'evidence' was written by a newer ccm (version {version}; this ccm reads {VERSION}): upgrade ccm")
    for key in ("lint", "approvals", "changes", "required_owners", "variants", "previous"):
        item = value.get(key)
        if item is not None and not isinstance(item, dict):
            raise bad(f"'evidence.{key}' is {kind(item)}, not an object")
    if not isinstance(value.get("suppressions", []), list):
        raise bad("'evidence.suppressions' is not a list")
    previous = value.get("previous")
    if previous is not None:
        from .integrity import RELEASE_ID, SHA256

        if not isinstance(previous.get("id"), str) or not RELEASE_ID.fullmatch(previous["id"]) \
                or not isinstance(previous.get("manifest_sha256"), str) or not SHA256.fullmatch(previous["manifest_sha256"]):
            raise bad("'evidence.previous' is not {id, manifest_sha256}")
    for comm_id, variants in (value.get("variants") or {}).items():
        if not isinstance(variants, dict) or not all(isinstance(c, dict) and all(isinstance(v, SCALAR) for v in c.values())
                                                     for c in variants.values()):
            raise bad(f"'evidence.variants' of {shown(comm_id)} is not locale/channel -> clause -> version")
    approvals = value.get("approvals") or {}
    for key in ("approved_by", "trailers"):
        if not isinstance(approvals.get(key, []), list):
            raise bad(f"'evidence.approvals.{key}' is not a list")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
