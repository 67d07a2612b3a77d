"""A template that needs more time or produces more text than a message may.

What it checks: every render of a template finishes within `limits.render_seconds` (default
2 s) and produces at most `limits.output_chars` characters (default 200,000); every compile
and render of one comm together within `limits.comm_render_seconds` (default 10 s), and of the
whole run within `limits.run_render_seconds` (default 300 s, shared by `--jobs` workers), all
set in ccm.yaml and capped at hard maxima. A comm or a run past its budget has its remaining
renders skipped, with one finding per comm. Operations that would allocate a huge value in one
step — `'x' * 10**9`, `range(10**9)`, `|center(10**9)`, `'%999999999s' % x`,
`'{0}' * 60000` formatted with a long value, `|indent` or `|wordwrap` with a long string —
are refused before they run, and so are runaway recursion and template sources too long
(100,000 characters) or too deeply nested (100 levels) to compile.
Why: templates are edited by many people and rendered in CI and by the sending service. A
template that loops for minutes or builds a gigabyte string is a denial of service, whether
written by mistake or on purpose.
Bad:
    {% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}
Good:
    {% for item in order.items %}{{ item.name }}{% endfor %}
"""

from __future__ import annotations

from ..base import make

ID = "template/resource-limit"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    for error in variant.errors:
        if error.kind == "resource-limit":
            yield make(__name__, f"{variant.channel}.{error.field.name}: {error.message}", file=error.file,
                       line=error.line, column=error.column, comm=variant.comm, locale=variant.locale,
                       channel=variant.channel, fix="Keep loops and repetitions small; limits: in ccm.yaml sets the budget")
