"""Which teams must approve a change: for each changed path, its CODEOWNERS owners (the last
matching line) and the team of ccm.yaml's ``governance:`` (SPEC 2.9, :mod:`.governance`).

``required_approvals(project_root, changed_paths)`` is the one computation; ``ccm diff`` shows
it, and a release can record it. GitHub applies the CODEOWNERS of a pull request's *base*
branch, so ``ccm diff`` passes the base version of the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .codeowners import owners_for
from .governance import governance_of


@dataclass
class Approval:
    """One owner (``@org/team``, ``@user`` or an e-mail address) whose approval the change needs."""

    owner: str
    paths: list[str] = field(default_factory=list)  # the changed paths it must approve, sorted
    because: list[str] = field(default_factory=list)  # "CODEOWNERS line 14" / "governance policies/ (compliance)"
    any_of: list[str] = field(default_factory=list)  # other owners on the same CODEOWNERS line (any one of them suffices for it)

    def to_json(self) -> dict:
        return {"owner": self.owner, "paths": self.paths, "because": self.because, "any_of": self.any_of}


def required_approvals(project_root, changed_paths) -> list[Approval]:
    """The owners whose approval the change to ``changed_paths`` (repository paths) needs, in
    order of first appearance, each with the paths it covers and why. ``project_root`` is the
    repository's folder (its working tree is read) or a loaded :class:`ccm_cli.model.Project`
    (the version whose CODEOWNERS and ccm.yaml apply). Unreadable configuration counts as none."""
    project = project_root
    if isinstance(project_root, (str, Path)):
        from ..errors import CcmError
        from ..project import load_project

        try:
            project = load_project(Path(project_root), only_comm_files=set())
        except CcmError:
            return []
    governance = governance_of(project)
    codeowners = project.codeowners[0] if project.codeowners else "CODEOWNERS"
    found: dict[str, Approval] = {}

    def need(owner: str, path: str, why: str, others: tuple[str, ...] = ()) -> None:
        approval = found.setdefault(owner.lower(), Approval(owner))
        if path not in approval.paths:
            approval.paths.append(path)
        if why not in approval.because:
            approval.because.append(why)
        approval.any_of.extend(o for o in others if o != owner and o not in approval.any_of)

    for path in sorted({str(p).lstrip("/") for p in changed_paths}):
        if governance.rules is not None:
            rule, owners = owners_for(governance.rules, path)
            for owner in owners:
                need(owner, path, f"{codeowners} line {rule.line} ({rule.pattern})", owners)
        entry = governance.entry_for(path)
        if entry is not None:
            need(entry.owner, path, f"governance {entry.prefix} ({entry.team})")
    for approval in found.values():
        approval.paths.sort()
    return list(found.values())
