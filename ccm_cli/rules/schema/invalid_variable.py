"""A `variables:` entry that is not a valid JSON Schema.

What it checks: each entry of a comm's data contract (`variables:`) is a JSON Schema
(draft 2020-12), e.g. `{type: string}` or `{type: number, minimum: 0}`; `optional: true` is
allowed on top.
Why: the contract is shipped to the sending service, which validates real customer data with
it; an invalid schema either rejects every customer or accepts anything.
Bad:
    variables:
      invoice.amount: {type: money}
Good:
    variables:
      invoice.amount: {type: number, minimum: 0}
"""

from __future__ import annotations

from ...contract import variable_schema_errors
from ..base import at_doc, make

ID = "schema/invalid-variable"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    for path, spec in comm.variables.items():
        if not isinstance(spec, dict):
            continue  # reported by schema/invalid-value
        problem = variable_schema_errors(spec)
        if problem:
            yield make(__name__, f"variable '{path}' has an invalid JSON Schema: {problem}",
                       **at_doc(comm.doc, ("variables", path)), comm=comm, excerpt=str(path),
                       fix="Use a JSON Schema such as {type: string} or {type: number}")
