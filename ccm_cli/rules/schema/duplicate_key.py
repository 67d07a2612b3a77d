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
SCOPE = "project"


def check(project, ctx):
    for _, doc in project.documents:
        for dup in doc.duplicates:
            first_line, _ = doc.key_position(dup.path + (dup.key,))
            yield make(__name__, f"duplicate key '{dup.key}' (first defined on line {first_line}; this one is ignored)",
                       file=doc.rel, line=dup.line, column=dup.column, excerpt=dup.key,
                       fix=f"Keep one '{dup.key}' and delete the other")
