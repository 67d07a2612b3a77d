"""`{% include %}` of a snippet that does not exist or lies outside the repository.

What it checks: every `{% include "..." %}` names a file under comms/ (usually
comms/_snippets/) that exists; paths with `..`, absolute paths and symlinks leading out of
the repository are refused, never read.
Why: a missing snippet breaks the template; an include that can leave the repository can
read secrets from the CI machine into a message.
Bad:
    {% include "_snippets/help-foter.j2" %}
    {% include "../../etc/passwd" %}
Good:
    {% include "_snippets/help-footer.j2" %}
"""

from __future__ import annotations

from ...render import read_snippet, snippet_path
from ..base import at_field, make

ID = "template/unknown-snippet"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "comm"


def _escapes(ctx, rel: str) -> bool:
    """True when the include is a symlink leading out of the repository (working tree only:
    git sources never follow symlinks)."""
    path = getattr(ctx.project.source, "path", None)
    return path is not None and path(rel) is None


def check(comm, ctx):
    for tfield in comm.fields:
        for name in sorted(ctx.usage(tfield).snippets):
            rel = snippet_path(name)
            if rel is None or _escapes(ctx, rel):
                problem = f"include '{name}' points outside the repository; it was not read"
                fix = "Include a file under comms/_snippets/"
            elif read_snippet(ctx.project, name) is None:
                problem = f"snippet '{name}' not found in comms/"
                fix = "Create the snippet or fix the name"
            else:
                continue
            yield make(__name__, problem, **at_field(tfield, max(tfield.source.find(name), 0)), comm=comm,
                       locale=tfield.locale, channel=tfield.channel, excerpt=name, fix=fix)
