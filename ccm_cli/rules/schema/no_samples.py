"""A comm with variables but no samples, so it cannot be rendered or previewed.

What it checks: a comm that declares `variables:` has at least one entry in `samples:`.
Why: without sample data ccm cannot render the comm, so no length, brand, clause or
readability check can run on it and reviewers see no preview: it would ship unchecked.
Bad:
    variables: {customer.first_name: {type: string}}
    # no samples
Good:
    samples:
      - {name: typical, data: {customer: {first_name: Ana}}}
"""

from __future__ import annotations

from ..base import at_doc, make

ID = "schema/no-samples"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    if comm.variables and not comm.samples and comm.fields:
        yield make(__name__, "the comm declares variables but has no samples: it cannot be rendered or checked",
                   **at_doc(comm.doc, ("variables",), key=True), comm=comm,
                   fix="Add a sample under samples: with data for every variable")
