"""A clause that is not in force yet (`effective` after the lint date), and comms using it.

What it checks: clauses whose `effective` date is after today (or `--today`). The clause file
gets an info note; every template that already inserts it gets a warning, because that comm
would send wording that is not yet in force. A clause that is not in force is not required
(clause/required-missing) until its effective date.
Why: a new disclosure often has a legal start date (a tariff change, a new regulation). Sending
it early tells customers terms apply that do not apply yet; CASL and the FTC treat misleading
terms in commercial messages as violations of their own.
Bad:
    effective: 2026-09-01   # and a comm sending today inserts {{ clause("new-tariff") }}
Good:
    # insert the clause in a comm scheduled to start on or after 2026-09-01
"""

from __future__ import annotations

from ..base import at_doc, at_field, make
from ._dates import effective, in_force_key, users

ID = "clause/not-effective"
CATEGORY = "clause"
SEVERITY = "warning"
SCOPE = "project"


def check(project, ctx):
    for clause in project.clauses.values():
        start = effective(clause)
        if start is None or start <= ctx.today:
            continue
        yield make(__name__, f"clause '{clause.id}' is not in force until {start.isoformat()}", **at_doc(clause.doc, ("effective",)),
                   excerpt=clause.id, severity="info")
        for comm, tfield in users(ctx, clause.id):
            yield make(__name__, f"uses clause '{clause.id}', which is not in force until {start.isoformat()}",
                       **at_field(tfield, max(tfield.source.find(clause.id), 0)), comm=comm,
                       locale=tfield.locale, channel=tfield.channel, excerpt=clause.id,
                       fix=f"Start this comm on or after {start.isoformat()}, or keep the current clause until then")


def today_key(project, today) -> str:
    """Its findings are the clauses not yet effective on the lint date: which ones are."""
    return in_force_key(project, today)
