"""A comm using a variable its category may not use ("creepy" personalization).

What it checks: `personalization.<category>.forbidden` in policies/contact.yaml lists variable
paths; no template of a comm in that category (including its snippets and the clauses it
inserts) may use one of them or anything below it (`customer.address` also forbids
`customer.address.city`).
Why: marketing that shows you know where someone lives or what their health is crosses a line
customers notice ("how do they know that?"). GDPR art. 5(1)(c) (data minimisation) and art. 9
(health data) make it a legal problem as well as a brand one.
Bad:
    category: marketing
    body: "Homes on {{ customer.address.street }} are switching to Green 100!"
Good:
    body: "Homes like yours are switching to Green 100!"
"""

from __future__ import annotations

from ..base import at_field, make

ID = "contact/personalization"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"


def forbidden_for(project, category: str | None) -> list[str]:
    policy = project.contact.get("personalization")
    rules = policy.get(category) if isinstance(policy, dict) and category else None
    values = rules.get("forbidden") if isinstance(rules, dict) else None
    return [str(v) for v in values] if isinstance(values, list) else []


def hits(path: str, forbidden: list[str]) -> str | None:
    for item in forbidden:
        if path == item or path.startswith(item + "."):
            return item
    return None


def check(comm, ctx):
    forbidden = forbidden_for(ctx.project, comm.category)
    if not forbidden:
        return
    used = ctx.comm_usage(comm).paths
    if not any(hits(p, forbidden) for p in used):
        return
    reported = set()
    for tfield in comm.fields:
        usage = ctx.usage(tfield)
        paths = set(usage.paths)
        for clause_id in usage.clauses:
            clause = ctx.project.clauses.get(clause_id)
            text = clause.texts.get(tfield.locale) if clause else None
            if text is not None:
                paths |= ctx.usage(text).paths
        for path in sorted(paths):
            item = hits(path, forbidden)
            if item is None or (path, tfield.locale, tfield.channel) in reported:
                continue
            reported.add((path, tfield.locale, tfield.channel))
            last = path.split(".")[-1]
            offset = tfield.source.find(last)
            yield make(__name__, f"{comm.category} comms may not use '{path}' (forbidden: {item}, policies/contact.yaml)",
                       **at_field(tfield, max(offset, 0)), comm=comm, locale=tfield.locale, channel=tfield.channel,
                       excerpt=path, fix="Remove the personal detail, or move the message to a category that may use it")
