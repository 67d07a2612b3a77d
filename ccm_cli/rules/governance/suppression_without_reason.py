"""A `lint.ignore` entry without a reason.

What it checks: every suppression in a comm's `lint.ignore` has a non-empty `reason`.
A suppression without a reason is not applied: the finding it would hide is still reported.
Why: suppressions are decisions a reviewer must be able to audit. "Why is this banned phrase
allowed here?" needs an answer in the file, not in someone's memory.
Bad:
    lint: {ignore: [{rule: brand/banned-phrase}]}
Good:
    lint: {ignore: [{rule: brand/banned-phrase, reason: "Quotes the regulator's own wording"}]}
"""

from __future__ import annotations

from ..base import at_doc, make

ID = "governance/suppression-without-reason"
CATEGORY = "governance"
SEVERITY = "error"
SCOPE = "comm"
SUPPRESSIBLE = False  # a finding about suppressions is never waived by one


def check(comm, ctx):
    for index, entry in comm.ignores:
        if isinstance(entry, dict) and not str(entry.get("reason") or "").strip():
            yield make(__name__, f"suppression of '{entry.get('rule')}' has no reason, so it is not applied",
                       **at_doc(comm.doc, ("lint", "ignore", index)), comm=comm,
                       locale=entry.get("locale"), channel=entry.get("channel"), excerpt=str(entry.get("rule")),
                       fix="Add reason: \"why this finding is acceptable here\"")
