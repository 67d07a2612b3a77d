"""A `lint.ignore` entry for a rule the contact policy makes unsuppressible.

What it checks: suppressions against `unsuppressible:` in policies/contact.yaml (for example
`clause/*` and `contact/*`). Such suppressions are never applied.
Why: compliance checks must be impossible to switch off from a comm file: a writer cannot
waive a legal clause or the quiet hours, whatever the reason.
Bad:
    lint: {ignore: [{rule: clause/required-missing, reason: "Footer is too long"}]}
Good:
    # no suppression; ask legal for a shorter clause version
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from ..base import at_doc, make

ID = "governance/unsuppressible"
CATEGORY = "governance"
SEVERITY = "error"
SCOPE = "comm"
SUPPRESSIBLE = False  # a finding about suppressions is never waived by one


def unsuppressible_patterns(project) -> list[str]:
    value = project.contact.get("unsuppressible")
    return [str(v) for v in value] if isinstance(value, list) else []


def is_unsuppressible(rule_id: str, patterns: list[str]) -> bool:
    return any(fnmatchcase(rule_id, p) for p in patterns)


def check(comm, ctx):
    patterns = unsuppressible_patterns(ctx.project)
    for index, entry in comm.ignores:
        if not isinstance(entry, dict) or not patterns:
            continue
        rule = str(entry.get("rule") or "")
        blocked = [p for p in patterns if fnmatchcase(rule, p) or fnmatchcase(p, rule)]
        if blocked:
            yield make(__name__, f"'{rule}' cannot be suppressed (policies/contact.yaml unsuppressible: {', '.join(blocked)}); the suppression is not applied",
                       **at_doc(comm.doc, ("lint", "ignore", index)), comm=comm, excerpt=rule,
                       fix="Fix the finding instead, or ask compliance to change the policy")
