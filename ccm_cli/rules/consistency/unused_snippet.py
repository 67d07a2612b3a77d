"""A snippet in comms/_snippets/ that no comm includes.

What it checks: every file under comms/_snippets/ is included (`{% include %}`, `{% import %}`,
`{% extends %}`) by the template of at least one comm, directly or through another snippet
that a comm includes. A comm whose include name is computed may include any snippet: then no
snippet is reported. The same computation as `ccm report reuse` (its "unused" section).
Why: an orphan snippet is copy nobody reviews against the product any more — a footer with last
year's phone number that a writer later includes because it "already exists", or the copy a
teammate edited believing it reaches customers. The reuse the snippets are for is measured by
what includes them.
Bad:
    # comms/_snippets/old-footer.en.j2, included by no comm
Good:
    # {% include "_snippets/old-footer.en.j2" %} in the comms it belongs to — or the file deleted
"""

from __future__ import annotations

import sys

from . import _unused
from ..base import make

ID = "consistency/unused-snippet"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"


def digest(comm, ctx) -> dict:
    """The snippet files each locale × channel of the comm includes, transitively."""
    return _unused.digest(comm, ctx, "snippet")


def check(project, ctx):
    for item in _unused.unused(project, ctx, sys.modules[__name__], "snippet"):
        yield make(__name__, f"snippet '{item.name}' is included by no comm", file=item.file, line=item.line, column=item.column,
                   excerpt=item.name, fix=f'Include it where its text belongs ({{% include "{item.name}" %}}), or delete {item.file}')


def affected(change, digests):
    """Its findings belong to no comm: a change moves no comm's finding."""
    return set()
