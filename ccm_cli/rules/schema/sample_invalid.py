"""Sample data that breaks the comm's data contract.

What it checks: every `samples[].data` against the comm's `variables:` (types, formats,
required values). Every declared variable is required unless it says `optional: true`.
Why: previews, lint and reviewers see the comm through its samples. A sample the real
sending service could never send (a string amount, a missing name) hides real failures and
shows reviewers copy no customer will read.
Bad:
    variables: {invoice.amount: {type: number}}
    samples: [{name: typical, data: {invoice: {amount: "120"}}}]
Good:
    samples: [{name: typical, data: {invoice: {amount: 120.5}}}]
"""

from __future__ import annotations

from ...contract import contract_schema, variable_schema_errors
from ...schemas import data_validator
from ..base import at_doc, make

ID = "schema/sample-invalid"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    variables = {p: s for p, s in comm.variables.items() if isinstance(s, dict) and not variable_schema_errors(s)}
    if not comm.samples:
        return
    validator = data_validator(contract_schema(variables))
    for sample in comm.samples:
        for error in validator.iter_errors(sample.data if isinstance(sample.data, dict) else {}):
            where = ".".join(str(p) for p in error.absolute_path)
            if error.validator == "required":
                missing = error.message.split("'")[1] if "'" in error.message else error.message
                prefix = f"{where}.{missing}" if where else missing
                leaves = sorted(p for p in variables if p == prefix or p.startswith(prefix + "."))
                full = ", ".join(leaves) or prefix
                message = f"sample '{sample.name}' has no value for {full}"
                fix = f"Add {full} to the sample data, or mark the variable optional: true"
            else:
                message = f"sample '{sample.name}': {where or 'data'}: {error.message}"
                fix = None
            yield make(__name__, message, **at_doc(comm.doc, sample.path + tuple(error.absolute_path)),
                       comm=comm, excerpt=where or sample.name, fix=fix)
