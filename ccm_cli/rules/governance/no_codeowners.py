"""A content repository with comms but no CODEOWNERS file.

What it checks: when the repository has at least one comm, a CODEOWNERS file exists at
`CODEOWNERS`, `.github/CODEOWNERS` or `docs/CODEOWNERS`.
Why: without CODEOWNERS anyone with write access approves anything: a marketing intern can
merge a change to the legal footer. The governance rules (owner-not-in-codeowners,
clause-owner) cannot check anything without it.
Bad:
    # no CODEOWNERS
Good:
    # CODEOWNERS
    /comms/billing/       @org/billing
    /policies/clauses/    @org/legal
"""

from __future__ import annotations

from ..base import at_doc, make

ID = "governance/no-codeowners"
CATEGORY = "governance"
SEVERITY = "warning"
SCOPE = "project"


def check(project, ctx):
    if project.codeowners is None and project.comms:
        yield make(__name__, f"no CODEOWNERS file, but {len(project.comms)} comm{'s' if len(project.comms) != 1 else ''}: nobody is required to review changes",
                   **at_doc(project.config_doc, ()), excerpt="CODEOWNERS",
                   fix="Add CODEOWNERS with a line per comms/ folder and '/policies/clauses/ @<org>/legal'")
