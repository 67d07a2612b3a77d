"""A variable used in a template but not declared in the comm's `variables:`.

What it checks: every customer-data path a template reads (`customer.first_name`,
`invoice.amount`, including inside included snippets and inserted clauses) is declared in
`variables:` (itself or a parent object).
Why: `variables:` is the data contract with the sending service. A variable that is not in
the contract will not be sent, and the message fails or goes out with a blank.
Bad:
    variables: {customer.first_name: {type: string}}
    body: "Your bill of {{ invoice.amount | money }} is ready."
Good:
    variables:
      customer.first_name: {type: string}
      invoice.amount: {type: number}
"""

from __future__ import annotations

from ..base import at_field, make

ID = "template/undeclared-variable"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "comm"


def declared(path: str, variables) -> bool:
    return any(path == v or path.startswith(v + ".") or v.startswith(path + ".") for v in variables)


def source_offset(source: str, path: str) -> int:
    """Where ``path`` is written in the template (``a.b``, ``a["b"]`` or just ``a``)."""
    import re

    parts = path.split(".")
    pattern = re.escape(parts[0]) + "".join(rf"\s*(?:\.\s*{re.escape(p)}|\[\s*['\"]{re.escape(p)}['\"]\s*\])" for p in parts[1:])
    match = re.search(rf"(?<![\w.]){pattern}(?!\w)", source)
    if match:
        return match.start()
    return max(source.find(parts[0]), 0)


def check(comm, ctx):
    variables = list(comm.variables)
    reported: set[str] = set()
    for tfield in comm.fields:
        usage = ctx.usage(tfield)
        paths = set(usage.paths)
        for clause_id in usage.clauses:
            clause = ctx.project.clauses.get(clause_id)
            if clause and tfield.locale in clause.texts:
                paths |= ctx.usage(clause.texts[tfield.locale]).paths
        for path in sorted(paths):
            if path in reported or declared(path, variables):
                continue
            reported.add(path)
            offset = source_offset(tfield.source, path)
            yield make(__name__, f"variable '{path}' is used but not declared in variables",
                       **at_field(tfield, offset), comm=comm, locale=tfield.locale, channel=tfield.channel,
                       excerpt=path, fix=f"Declare it: variables: {{{path}: {{type: string}}}}")
