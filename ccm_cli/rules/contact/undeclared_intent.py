"""A comm whose text shows an intent a contact policy names, without the tag that says so.

What it checks: for every tag that policies/contact.yaml keys a rule on — `suppressions[].tag`,
`exclusive[].tags`, `frequency_caps[].tag` — that is an intent or one of its aliases (SPEC 2.6:
`disconnection-notice` is `disconnection-threat`), a comm whose rendered text (any variant, any
sample) shows that intent declares the tag (or the intent, or another alias). The finding
names the words, where they were typed, and the tag to add (the policy's own name for it).
A comm that declares another tag of the same `exclusive` entry is left alone: a disconnection
letter that mentions "more time to pay" is not a payment-holiday comm.
Why: the policies already hold for what the comm says — its words put it under the
suppression, the exclusivity and the caps whatever its tags are, and those rules report the
errors. This finding keeps the label honest for the people and systems that read only labels:
the reviewer of the pull request, the release record (which policies a comm is under), and a
sending platform that suppresses by tag.
Severity: a warning, not an error. It is never the only thing between a customer and a broken
policy (the policy rules are errors, at the same words), a mention is not always the purpose
(a bill that says "payment holiday" to explain a balance), and contact rules cannot be waived
from a comm file: an error here would block a correct comm with no way out but rewording it.
Bad:
    tags: [field-ops]
    sms: {body: "We will turn off your power on {{ date }} unless you pay."}
Good:
    tags: [field-ops, disconnection-notice]
"""

from __future__ import annotations

from ...policy.shown import shown
from ...policy.vocabularies import intent_library
from ..base import make
from ._common import policy_tags

ID = "contact/undeclared-intent"
CATEGORY = "contact"
SEVERITY = "warning"
SCOPE = "comm"


def check(comm, ctx):
    tags, groups = policy_tags(ctx.project.contact)
    library = intent_library(ctx.project)
    policy_intents: dict[str, str] = {}  # intent -> the name the policy uses for it
    for tag in tags:
        intent = library.intent_of(tag)
        if intent is not None:
            policy_intents.setdefault(intent, tag)
    if not policy_intents:
        return
    what = shown(comm, ctx)
    for intent, tag in policy_intents.items():
        evidence = what.intents.get(intent)
        if not evidence or what.declares(tag):
            continue
        names = set(library.names_of(intent))
        if any(names & set(group) and any(what.declares(t) for t in group if t not in names) for group in groups):
            continue  # it declares the other side of an exclusive entry: a mention, not its purpose
        reported = set()
        for ev in evidence:
            if (ev.locale, ev.channel) in reported:
                continue
            reported.add((ev.locale, ev.channel))
            yield make(__name__, f"the text shows {intent}: {ev.describe()}, but the comm is not tagged '{tag}'; "
                                 f"policies/contact.yaml applies its '{tag}' rules to it anyway — declare the tag so "
                                 f"reviewers, the release record and the sending platform see it",
                       **ev.at(comm, ctx.project), comm=comm, locale=ev.locale, channel=ev.channel, excerpt=ev.words,
                       fix=f"Add '{tag}' to tags (or remove the words if the comm does not mean it)")
