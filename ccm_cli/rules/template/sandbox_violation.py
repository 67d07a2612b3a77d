"""A template that tried something the sandbox forbids.

What it checks: rendering every variant in Jinja's immutable sandbox; access to Python
internals (`__class__`, `__globals__`, `mro()`), mutation of data, huge ranges and runaway
recursion are stopped and reported here instead of running.
Why: templates are edited by many people and rendered in CI, where secrets live in the
environment. A template must never run code or read anything but its own data.
Bad:
    {{ customer.__class__.__mro__[1].__subclasses__() }}
Good:
    {{ customer.first_name }}
"""

from __future__ import annotations

from ..base import make

ID = "template/sandbox-violation"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    for error in variant.errors:
        if error.kind == "sandbox":
            yield make(__name__, f"{variant.channel}.{error.field.name}: {error.message}", file=error.file,
                       line=error.line, column=error.column, comm=variant.comm, locale=variant.locale,
                       channel=variant.channel, fix="Use only the comm's variables, facts, clause() and filters")
