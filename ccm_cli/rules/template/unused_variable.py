"""A variable declared in `variables:` that no template uses.

What it checks: every declared path is read by at least one template of the comm (any
locale, channel, included snippet or inserted clause).
Why: the contract asks the sending service for data nobody reads. For personal data that is
a privacy problem (data minimisation), and it usually means a template lost a line.
A comm with a template that does not parse is not judged: what it uses is unknown
(template/syntax-error reports it; a pasted Handlebars template would otherwise make every
variable look unused).
Bad:
    variables:
      customer.first_name: {type: string}
      customer.birthday: {type: string, format: date}   # never used
Good:
    variables:
      customer.first_name: {type: string}
"""

from __future__ import annotations

from ...render import RenderError
from ..base import at_doc, make

ID = "template/unused-variable"
CATEGORY = "template"
SEVERITY = "warning"
SCOPE = "comm"


def check(comm, ctx):
    if not comm.fields:
        return
    for tfield in comm.fields:
        compiled = ctx.renderer.compile(tfield)
        if isinstance(compiled, RenderError) and compiled.kind == "syntax":
            return
    used = ctx.comm_usage(comm).paths
    for path in comm.variables:
        if any(u == path or u.startswith(path + ".") or path.startswith(u + ".") for u in used):
            continue
        yield make(__name__, f"variable '{path}' is declared but no template uses it",
                   **at_doc(comm.doc, ("variables", path), key=True), comm=comm, excerpt=str(path),
                   fix="Remove it from variables, or use it in a template")
