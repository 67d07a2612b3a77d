"""Two comms (or two clauses) with the same id.

What it checks: `id` is unique across all comms, and across all clauses.
Why: the id is how the sending platform, releases and diffs name a communication; two files
with one id means one of them is never sent, or replaces the other at random.
Bad:
    # comms/billing/reminder.yaml and comms/billing/reminder-v2.yaml
    id: billing.payment-reminder
Good:
    id: billing.payment-reminder      # and billing.payment-reminder-final in the other file
"""

from __future__ import annotations

from ..base import at_doc, make

ID = "schema/duplicate-id"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "project"


def check(project, ctx):
    for kind, items in (("comm", project.comms), ("clause", project.clause_list)):
        first: dict[str, str] = {}
        for item in items:
            if not isinstance(item.get("id") if kind == "comm" else item.data.get("id"), str):
                continue
            if item.id in first:
                yield make(__name__, f"{kind} id '{item.id}' is already used by {first[item.id]}",
                           **at_doc(item.doc, ("id",)), comm=item.id if kind == "comm" else None,
                           excerpt=item.id, fix="Give each file its own id")
            else:
                first[item.id] = item.file
