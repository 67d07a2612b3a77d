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


def _refusal(ctx, rel: str) -> str | None:
    """Why the repository's source refuses to read the include (a symlink out of the
    repository or into .git/), or None."""
    source = ctx.project.source
    return source.refusal(rel) if source is not None else None


def check(comm, ctx):
    for tfield in comm.fields:
        for name in sorted(ctx.usage(tfield).snippets):
            rel = snippet_path(name)
            refusal = "points outside the repository; it was not read" if rel is None else _refusal(ctx, rel)
            if refusal is not None:
                problem = f"include '{name}' {refusal}"
                fix = "Include a file under comms/_snippets/"
            elif read_snippet(ctx.project, name) is None:
                problem = f"snippet '{name}' not found in comms/"
                fix = "Create the snippet or fix the name"
            else:
                continue
            yield make(__name__, problem, **at_field(tfield, max(tfield.source.find(name), 0)), comm=comm,
                       locale=tfield.locale, channel=tfield.channel, excerpt=name, fix=fix)
