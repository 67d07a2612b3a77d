"""A `governance:` path in ccm.yaml whose team nobody can find.

What it checks: each team key under ccm.yaml's `governance:` is declared under `teams:` (key →
CODEOWNERS owner such as `@kumo-energy/compliance`), or, without an entry there, is the name of
an owner in CODEOWNERS (`compliance` finds `@kumo-energy/compliance`). A `teams:` owner must be
a GitHub team or user (`@org/team`, `@user`) or an e-mail address.
Why: a governance path with an unknown team checks nothing: `policies/: complaince` silently
leaves the contact policy to whoever CODEOWNERS names.
Bad:
    governance: {policies/: complaince}
    teams: {compliance: "@kumo-energy/compliance"}
Good:
    governance: {policies/: compliance}
    teams: {compliance: "@kumo-energy/compliance"}
"""

from __future__ import annotations

import re

from ...policy.governance import governance_of
from ..base import at_doc, make

ID = "governance/unknown-team"
CATEGORY = "governance"
SEVERITY = "error"
SCOPE = "project"
OWNER = re.compile(r"^(@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?|[^@\s]+@[^@\s]+\.[^@\s]+)$")


def check(project, ctx):
    governance = governance_of(project)
    teams = project.config.get("teams")
    for key, owner in teams.items() if isinstance(teams, dict) else ():
        if isinstance(owner, str) and not OWNER.match(owner.strip()):  # not a string: a schema finding
            yield make(__name__, f"team '{key}' is '{owner}', not a CODEOWNERS owner (@org/team, @user or an e-mail address)",
                       **at_doc(project.config_doc, ("teams", key)), excerpt=str(owner),
                       fix=f"Write teams.{key} as \"@<org>/{key}\"")
    if not governance.declared:
        return
    known = sorted(set(governance.teams))
    for entry in governance.entries:
        if entry.owner is None:
            hint = f"teams: declares {', '.join(known)}" if known else "ccm.yaml declares no teams:"
            codeowners = project.codeowners[0] if project.codeowners else "CODEOWNERS"
            yield make(__name__, f"governance path {entry.prefix}: team '{entry.team}' is not in teams: nor an owner in {codeowners} ({hint})",
                       **at_doc(project.config_doc, ("governance", entry.prefix)), excerpt=entry.team,
                       fix=f"Add teams: {{{entry.team}: \"@<org>/{entry.team}\"}} to ccm.yaml, or use a declared team")
