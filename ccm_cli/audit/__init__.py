"""`ccm audit`: the compliance record — what customers could receive, when, from which commit,
approved by whom, with which lint result (SPEC 3; docs/compliance.md).

* :mod:`.record` — the timeline, from a target's release history or from git alone.
* :mod:`.views` — per release, per clause version, per comm; the filters.
* :mod:`.formats` — text, JSON, CSV and a self-contained HTML report.

The tamper-evidence chain ``ccm audit --verify`` checks is :mod:`ccm_cli.publish.chain`.
"""

from __future__ import annotations

from .record import Record
from .views import Filters


def report(record: Record, filters: Filters) -> dict:
    """Every view of ``record`` under ``filters``, as one JSON-ready document."""
    from . import views

    views.check_known(record, filters)
    return {
        "version": 1,
        "source": record.source,
        "filters": {"clause": filters.clause, "version": filters.version, "comm": filters.comm, "channel": filters.channel,
                    "since": filters.since.isoformat() if filters.since else None,
                    "until": filters.until.isoformat() if filters.until else None},
        "releases": views.releases(record, filters),
        "clauses": views.clauses(record, filters),
        "comms": views.comms(record, filters),
        "problems": list(record.problems),
    }


__all__ = ["Filters", "Record", "report"]
