"""A clause in policies/clauses/ that no comm inserts and whose required_for selects no comm.

What it checks: every clause of the repository (policies/clauses/; a pack's built-in clauses
are not stored here) is inserted by some comm (`{{ clause("id") }}`, directly or through a
snippet), or its `required_for` may select some comm (then clause/required-missing asks for it
where it is absent). A comm that inserts a computed clause id may insert any clause: then no
clause is reported. The same computation as `ccm report reuse`.
Why: legal reviews and versions every clause. One that reaches no customer costs that review
for nothing — and is often the sign of a rename: the comms still insert an older clause, or a
`required_for` names a category or channel no comm has (`channel: [mms]`), so the disclosure
legal wrote is never required anywhere.
Bad:
    # policies/clauses/old-late-fee.yaml: id old-late-fee, required_for: {channel: [fax]}
Good:
    # the comms that must carry it insert {{ clause("old-late-fee") }}, or the clause is retired
"""

from __future__ import annotations

import sys

from . import _unused
from ..base import make

ID = "consistency/unused-clause"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"


def digest(comm, ctx) -> dict:
    """The clauses each locale × channel of the comm inserts, and those whose required_for may
    select it."""
    return _unused.digest(comm, ctx, "clause")


def check(project, ctx):
    for item in _unused.unused(project, ctx, sys.modules[__name__], "clause"):
        yield make(__name__, f"clause '{item.name}' is inserted by no comm, and its required_for selects none", file=item.file,
                   line=item.line, column=item.column, excerpt=item.name,
                   fix=f'Insert {{{{ clause("{item.name}") }}}} where it applies or give it a required_for that selects those comms; '
                       "else remove it")


def affected(change, digests):
    """Its findings belong to no comm: a change moves no comm's finding."""
    return set()
