"""The same key twice in one mapping.

What it checks: every mapping of every YAML file for a key that appears more than once.
ccm keeps the first value and reports the second.
Why: YAML parsers disagree on which duplicate wins; the copy a reviewer reads may not be the
copy that is sent.
Bad:
    subject: "Your bill is ready"
    subject: "Your bill is due"
Good:
    subject: "Your bill is ready"
"""

from __future__ import annotations

from ..base import make

ID = "schema/duplicate-key"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "comm"  # comm files, cached per comm; check_repository: every other file


def check(comm, ctx):
    yield from _report(comm.doc, comm)


def check_repository(project, ctx):
    for name, doc in project.documents:
        if name != "comm":
            yield from _report(doc)


def _report(doc, comm=None):
    for dup in doc.duplicates:
        first_line, _ = doc.key_position(dup.path + (dup.key,))
        yield make(__name__, f"duplicate key '{dup.key}' (first defined on line {first_line}; this one is ignored)",
                   file=doc.rel, line=dup.line, column=dup.column, excerpt=dup.key, comm=comm,
                   fix=f"Keep one '{dup.key}' and delete the other")
