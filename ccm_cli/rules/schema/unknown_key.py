"""A key that the file format does not know — usually a typo.

What it checks: every key in ccm.yaml, comms, clauses, policies and guidelines against the
JSON Schema of that file; an unknown key is reported with the closest known one.
Why: a misspelt key is silently ignored by most tools: `send_windw` means the comm has no send
window at all, and quiet-hours protection is gone without anyone noticing.
Bad:
    schedule:
      send_windw: {start: "09:00", end: "20:00"}
Good:
    schedule:
      send_window: {start: "09:00", end: "20:00"}
"""

from __future__ import annotations

from ..base import make
from .common import comm_id, comm_issues, repository_issues

ID = "schema/unknown-key"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "comm"  # comm files, cached per comm; check_repository: every other file


def check(comm, ctx):
    yield from _report(comm_issues(ctx, comm))


def check_repository(project, ctx):
    yield from _report(repository_issues(ctx))


def _report(issues):
    for issue in issues:
        if issue.kind == "unknown-key":
            line, column = issue.position()
            yield make(__name__, issue.message, file=issue.doc.rel, line=line, column=column, fix=issue.fix,
                       comm=comm_id(issue.doc), excerpt=str(issue.path[-1]))
