"""A clause inserted in a locale it has no text for.

What it checks: for every `clause("id")` in a template of locale L, the clause has `text.L`.
Why: a regulatory text must be in the customer's language. A fallback to another language
(or to nothing) is a compliance failure that nobody sees in an English review.
Bad:
    # policies/clauses/us-late-payment.yaml: text: {en-US: "..."}
    # comms/...: ja-JP body: "{{ clause('us-late-payment') }}"
Good:
    text: {en-US: "...", ja-JP: "..."}
"""

from __future__ import annotations

from ..base import at_field, make

ID = "clause/missing-translation"
CATEGORY = "clause"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    for tfield in comm.fields:
        for clause_id in sorted(ctx.usage(tfield).clauses):
            clause = ctx.project.clauses.get(clause_id)
            if clause is None or tfield.locale in clause.texts:
                continue
            yield make(__name__, f"clause '{clause_id}' has no text for {tfield.locale}",
                       **at_field(tfield, max(tfield.source.find(clause_id), 0)), comm=comm,
                       locale=tfield.locale, channel=tfield.channel, excerpt=clause_id,
                       fix=f"Ask the clause owner ({clause.data.get('owner', 'legal')}) to add text.{tfield.locale} in {clause.file}")
