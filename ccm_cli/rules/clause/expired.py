"""A clause past its `expires` date, and every comm still inserting it.

What it checks: clauses whose `expires` is before the lint date (today, or `--today`). The
clause file is reported, and so is every template that inserts it with `clause()`.
Why: an expired clause is wording legal no longer stands behind — a superseded rate
disclosure, a withdrawn regulator reference. Customers keep receiving it until someone
notices; lint notices on the day it expires.
Bad:
    expires: 2025-12-31      # and comms still use {{ clause("us-late-payment-disclosure") }}
Good:
    expires: null           # or a new version of the clause, with the comms updated
"""

from __future__ import annotations

from ..base import at_doc, at_field, make
from ._dates import expires, in_force_key, users

ID = "clause/expired"
CATEGORY = "clause"
SEVERITY = "error"
SCOPE = "project"


def check(project, ctx):
    for clause in project.clauses.values():
        end = expires(clause)
        if end is None or end >= ctx.today:
            continue
        yield make(__name__, f"clause '{clause.id}' expired on {end.isoformat()}", **at_doc(clause.doc, ("expires",)),
                   excerpt=clause.id, fix="Publish a new version with a later 'expires' (or null), or retire the clause and remove it from comms")
        for comm, tfield in users(ctx, clause.id):
            yield make(__name__, f"uses clause '{clause.id}', which expired on {end.isoformat()}",
                       **at_field(tfield, max(tfield.source.find(clause.id), 0)), comm=comm,
                       locale=tfield.locale, channel=tfield.channel, excerpt=clause.id,
                       fix=f"Ask {clause.data.get('owner', 'legal')} for the current clause, or remove it")


def today_key(project, today) -> str:
    """Its findings are the clauses expired on the lint date: which ones are."""
    return in_force_key(project, today)
