"""A YAML file with nothing in it.

What it checks: comm, clause, policy and guideline files that contain no YAML document
(empty, or only comments).
Why: an empty comm or clause file usually means a bad merge or an unfinished move; the
communication it held silently disappears from every release.
Bad:
    # comms/billing/payment-reminder.yaml with only a comment in it
Good:
    id: billing.payment-reminder
    ...
"""

from __future__ import annotations

from ..base import make

ID = "schema/empty-file"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "project"


def check(project, ctx):
    for name, doc in project.documents:
        if doc.is_empty:
            yield make(__name__, f"empty {name} file: it contains no YAML document", file=doc.rel, line=1, column=1,
                       fix="Add the content, or delete the file")
