"""Apply `lint.ignore` suppressions to findings.

A suppression applies when its rule glob, channel and locale (if given) match the finding, it
has a reason, the rule is not listed as `unsuppressible` in policies/contact.yaml, and the rule
does not declare ``SUPPRESSIBLE = False`` (the findings about suppressions themselves).
Invalid suppressions are reported by the governance rules and never applied.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from . import rules as registry
from .findings import Finding
from .model import Project
from .rules.governance.unsuppressible import is_unsuppressible, unsuppressible_patterns


def apply(findings: list[Finding], project: Project) -> tuple[list[Finding], int]:
    """(kept findings, number suppressed)."""
    patterns = unsuppressible_patterns(project)
    reported = {finding.comm for finding in findings}
    ignores = {comm.id: [e for _, e in comm.ignores if isinstance(e, dict)] for comm in project.comms if comm.id in reported}
    kept: list[Finding] = []
    suppressed = 0
    for finding in findings:
        if _suppressed(finding, ignores.get(finding.comm or "", ()), patterns):
            suppressed += 1
        else:
            kept.append(finding)
    return kept, suppressed


def _suppressed(finding: Finding, entries, patterns: list[str]) -> bool:
    if not entries or not getattr(registry.get(finding.rule), "SUPPRESSIBLE", True) or is_unsuppressible(finding.rule, patterns):
        return False
    for entry in entries:
        if not str(entry.get("reason") or "").strip():
            continue
        if not fnmatchcase(finding.rule, str(entry.get("rule") or "")):
            continue
        if entry.get("channel") and entry.get("channel") != finding.channel:
            continue
        if entry.get("locale") and entry.get("locale") != finding.locale:
            continue
        return True
    return False
