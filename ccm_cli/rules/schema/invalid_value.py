"""A value of the wrong type, out of range, or a required key that is missing.

What it checks: values against the JSON Schema of their file: types (a list where a mapping is
expected), allowed values (`category: promo`), formats (dates as YYYY-MM-DD, times as HH:MM),
and required keys (`owner`, `category`, `content`, ...).
Why: ccm and the sending platform read these values to decide who gets what and when; a value
that does not mean what the writer thinks is worse than a crash.
Bad:
    category: promo
    schedule: {start: 01/03/2026}
Good:
    category: marketing
    schedule: {start: 2026-03-01}
"""

from __future__ import annotations

from ..base import make
from .common import comm_id, comm_issues, repository_issues

ID = "schema/invalid-value"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "comm"  # comm files, cached per comm; check_repository: every other file


def check(comm, ctx):
    yield from _report(comm_issues(ctx, comm))


def check_repository(project, ctx):
    yield from _report(repository_issues(ctx))


def _report(issues):
    for issue in issues:
        if issue.kind == "invalid-value":
            line, column = issue.position()
            yield make(__name__, issue.message, file=issue.doc.rel, line=line, column=column, fix=issue.fix,
                       comm=comm_id(issue.doc))
