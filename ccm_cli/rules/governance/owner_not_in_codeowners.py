"""A comm whose `owner` is not a team in CODEOWNERS, or whose file that team does not own.

What it checks: the comm's `owner` (e.g. `billing`) matches a CODEOWNERS owner — `@org/billing`
or `@billing` — and the CODEOWNERS line that wins for the comm's file (gitignore-style
patterns, the last match wins) lists that team.
Why: `owner:` says who answers for a message; CODEOWNERS decides who must approve a change to
it. When they disagree, a pull request changing the billing team's disconnection notice can be
merged with nobody from billing looking at it — the review trail auditors ask for is broken.
Bad:
    owner: billing        # CODEOWNERS: /comms/billing/  @kumo-energy/payments
Good:
    owner: billing        # CODEOWNERS: /comms/billing/  @kumo-energy/billing
"""

from __future__ import annotations

from ...policy.codeowners import all_owners, has_team, owners_for, parse
from ..base import at_doc, make

ID = "governance/owner-not-in-codeowners"
CATEGORY = "governance"
SEVERITY = "error"
SCOPE = "comm"


def rules_of(ctx):
    key = ("codeowners-rules",)
    if key not in ctx.memo:
        ctx.memo[key] = parse(ctx.project.codeowners[1]) if ctx.project.codeowners else None
    return ctx.memo[key]


def check(comm, ctx):
    rules = rules_of(ctx)
    owner = comm.owner
    if rules is None or not owner:
        return  # no CODEOWNERS: governance/no-codeowners; no owner: a schema finding
    codeowners = ctx.project.codeowners[0]
    where = at_doc(comm.doc, ("owner",))
    if owner.lower() not in all_owners(rules):
        yield make(__name__, f"owner '{owner}' is not a team in {codeowners}", **where, comm=comm, excerpt=owner,
                   fix=f"Use a team from {codeowners}, or add @<org>/{owner} there")
        return
    rule, owners = owners_for(rules, comm.file)
    if not has_team(owners, owner):
        by = f"line {rule.line} ({rule.pattern} {' '.join(owners)})" if rule else "no line"
        yield make(__name__, f"{comm.file} is not owned by '{owner}' in {codeowners}: {by} wins",
                   **where, comm=comm, excerpt=owner,
                   fix=f"Add a line '/{comm.file} @<org>/{owner}' (or for its folder) after the others in {codeowners}")
