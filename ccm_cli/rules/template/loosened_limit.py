"""ccm.yaml raising a rendering limit above its built-in default.

What it checks: every value of `limits:` in ccm.yaml (`render_seconds`, `output_chars`,
`comm_render_seconds`, `run_render_seconds`) is at most its built-in default (2 s, 200,000
characters, 10 s per comm, 300 s per run). A higher value is reported here, and a value above
the hard maximum (10 s, 1,000,000 characters, 60 s, 900 s) is capped at it whatever ccm.yaml
says.
Why: the limits protect CI from templates that loop for minutes or build gigabytes, and
ccm.yaml is part of the content a pull request may change. A pull request that raises them
buys its templates more time and memory; this finding puts that in front of the reviewer. The
hard maximum bounds the damage even when nobody looks.
Bad:
    limits: {render_seconds: 600, run_render_seconds: 7200}
Good:
    limits: {render_seconds: 2}
"""

from __future__ import annotations

from ...render.budget import MAXIMA, loosened
from ..base import at_doc, make

ID = "template/loosened-limit"
CATEGORY = "template"
SEVERITY = "warning"
SCOPE = "project"


def _show(value) -> str:
    """A number as a reviewer reads it (a huge integer is not converted to text: Python
    refuses to, beyond 4,300 digits)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"a {int(value.bit_length() * 0.30103) + 1:,}-digit number"
    return f"{value:,g}"


def check(project, ctx):
    doc = project.doc("config")
    if doc is None:
        return
    for key, asked, default, applied in loosened(project.config):
        capped = f"; capped at the hard maximum {_show(applied)}" if applied < asked else ""
        yield make(__name__, f"limits.{key}: {_show(asked)} raises the built-in limit {_show(default)}{capped}",
                   **at_doc(doc, ("limits", key)), excerpt=f"{key}: {_show(asked)}",
                   fix=f"Keep {key} at {default:,g} or lower (at most {MAXIMA[key]:,g} ever applies); "
                       "a template that needs more should do less")
