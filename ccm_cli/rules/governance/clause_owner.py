"""Clause files not owned by legal in CODEOWNERS, or clauses whose `owner` is not legal.

What it checks: every clause file under policies/clauses/ is owned, by the winning CODEOWNERS
line, by the team named in the clause's `owner` — and that owner is the legal team (`legal`,
or a team slug containing "legal", such as `legal-ops`). When a `governance:` path (or the
default `policies/clauses/` → legal) holds the file, governance/path-owner judges its
CODEOWNERS line instead, and this rule checks the `owner` key only.
Why: a clause is the company's legal wording. If CODEOWNERS lets the marketing team approve a
change to the CAN-SPAM footer, legal finds out from the regulator. Two keys: legal owns the
file, and the file says legal owns it.
Bad:
    owner: marketing                      # in policies/clauses/us-can-spam-footer.yaml
    /policies/   @org/compliance          # and no /policies/clauses/ line for legal
Good:
    owner: legal
    /policies/clauses/   @org/legal
"""

from __future__ import annotations

from ...policy.codeowners import has_team, owners_for, parse
from ...policy.governance import governance_of
from ..base import at_doc, make

ID = "governance/clause-owner"
CATEGORY = "governance"
SEVERITY = "error"
SCOPE = "project"


def _is_legal(owner: str) -> bool:
    return "legal" in owner.lower()


def check(project, ctx):
    rules = parse(project.codeowners[1]) if project.codeowners else None
    for clause in project.clause_list:
        if not clause.file.startswith("policies/clauses/"):
            continue  # clauses from policy packs ship with ccm
        owner = str(clause.data.get("owner") or "")
        if owner and not _is_legal(owner):
            yield make(__name__, f"clause '{clause.id}' is owned by '{owner}'; regulatory clauses are owned by legal",
                       **at_doc(clause.doc, ("owner",)), excerpt=owner, fix="Set owner: legal")
        if rules is None or governance_of(project).entry_for(clause.file) is not None:
            continue  # a governance path holds the file: governance/path-owner judges its CODEOWNERS line
        team = owner if owner and _is_legal(owner) else "legal"
        rule, owners = owners_for(rules, clause.file)
        if not has_team(owners, team):
            by = f"line {rule.line} ({rule.pattern} {' '.join(owners)})" if rule else "no line"
            yield make(__name__, f"{clause.file} is not owned by '{team}' in {project.codeowners[0]}: {by} wins",
                       **at_doc(clause.doc, ("owner",) if owner else ("id",)), excerpt=owner or clause.id,
                       fix=f"Add '/policies/clauses/ @<org>/{team}' as the last matching line of {project.codeowners[0]}")
