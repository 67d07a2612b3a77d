"""A Jinja template that does not parse.

What it checks: every template field (subject, body, ..., `body_file:` files and included
snippets) compiles as Jinja2. The finding points at the line of the template where the
parser stopped.
Why: a template that does not compile cannot be sent; found in CI it is a one-line fix,
found by the sending platform at 09:00 on a Monday it is an incident.
Bad:
    body: "Hi {{ customer.first_name }, your bill is ready."
Good:
    body: "Hi {{ customer.first_name }}, your bill is ready."
A template pasted from a Handlebars/Mustache gallery (``{{#each items}}``, ``{{/if}}``,
``{{> footer}}``, ``{{{raw}}}``) is named as such, with the Jinja to write instead.
"""

from __future__ import annotations

from ...render import RenderError
from ..base import make
from . import _handlebars

ID = "template/syntax-error"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    for tfield in comm.fields:
        compiled = ctx.renderer.compile(tfield)
        if isinstance(compiled, RenderError) and compiled.kind == "syntax":
            message = f"template syntax error in {tfield.channel}.{tfield.name}: {compiled.message}"
            fix = "Fix the Jinja syntax ({{ }} for values, {% %} for tags)"
            tag = _handlebars.find(tfield.source) if isinstance(tfield.source, str) else None
            if tag is not None:
                jinja = _handlebars.jinja_for(tag.group(0))
                message += (f" ('{tag.group(0)}': this is Handlebars/Mustache syntax; ccm templates are Jinja:"
                            f" {{% for x in items %}}, {{% if x %}}, {{{{ x }}}})")
                fix = f"Write '{tag.group(0)}' in Jinja: {jinja}"
            yield make(__name__, message, file=compiled.file, line=compiled.line, column=compiled.column, comm=comm,
                       locale=tfield.locale, channel=tfield.channel, fix=fix)
