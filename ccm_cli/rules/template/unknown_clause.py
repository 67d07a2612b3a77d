"""`clause("id")` naming a clause that does not exist.

What it checks: every `clause("...")` call names a file in policies/clauses/.
Why: a missing clause is a missing legal text; the template cannot render and the
communication cannot be sent, or worse, is sent without its disclosure by a fallback.
Bad:
    {{ clause("us-can-spam-foter") }}
Good:
    {{ clause("us-can-spam-footer") }}
"""

from __future__ import annotations

import difflib

from ..base import at_field, make

ID = "template/unknown-clause"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    known = sorted(ctx.project.clauses)
    for tfield in comm.fields:
        for clause_id in sorted(ctx.usage(tfield).clauses):
            if clause_id in ctx.project.clauses:
                continue
            guess = difflib.get_close_matches(clause_id, known, n=1, cutoff=0.6)
            yield make(__name__, f"unknown clause '{clause_id}'" + (f" (did you mean '{guess[0]}'?)" if guess else ""),
                       **at_field(tfield, max(tfield.source.find(clause_id), 0)), comm=comm,
                       locale=tfield.locale, channel=tfield.channel, excerpt=clause_id,
                       fix=f"Use '{guess[0]}'" if guess else "Add the clause under policies/clauses/ or fix the id")
