"""A clause whose text changed since the base branch without a `version` bump (`--base REF`).

What it checks: with `ccm lint --base main`, every clause that exists on both sides: if any
locale's text changed (or a translation was added or removed), `version` must be higher than
on the base; a version lower than the base is reported too. Without `--base` this rule is silent.
Why: the version is how legal and the audit trail tell which wording a customer received
("which footer did the March campaign carry?"). A silent edit under the same version number
makes two different texts indistinguishable in releases, diffs and regulator responses.
Bad:
    version: 3      # text edited, still 3
Good:
    version: 4      # text edited, version bumped
"""

from __future__ import annotations

from ..base import at_doc, make

ID = "clause/version-not-bumped"
CATEGORY = "clause"
SEVERITY = "error"
SCOPE = "project"


def _number(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check(project, ctx):
    if ctx.base is None:
        return
    for clause in project.clauses.values():
        old = ctx.base.clauses.get(clause.id)
        if old is None:
            continue
        new_version, old_version = _number(clause.version), _number(old.version)
        if new_version is not None and old_version is not None and new_version < old_version:
            yield make(__name__, f"clause '{clause.id}' version went down from {old_version} to {new_version}",
                       **at_doc(clause.doc, ("version",)), excerpt=str(new_version),
                       fix=f"Versions only go up: use {old_version + 1} or more")
            continue
        changed = sorted(loc for loc in set(clause.texts) | set(old.texts)
                         if (clause.texts[loc].source if loc in clause.texts else None) != (old.texts[loc].source if loc in old.texts else None))
        if changed and (new_version is None or old_version is None or new_version <= old_version):
            yield make(__name__, f"clause '{clause.id}' text changed ({', '.join(changed)}) but version is still {clause.version}",
                       **at_doc(clause.doc, ("version",)), excerpt=str(clause.version),
                       fix=f"Bump version to {(old_version or 0) + 1}")
