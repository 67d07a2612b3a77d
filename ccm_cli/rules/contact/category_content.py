"""Content a comm's category may not carry: a promotion inside a transactional bill.

What it checks: `category_content` in policies/contact.yaml (and included policy packs) lists,
per category, the intents its comms may not show (SPEC 2.6)::

    category_content:
      transactional: {forbid: [promotion, discount], reason: "CAN-SPAM: primary purpose"}
      service: {forbid: [promotion]}

Every variant and sample of a comm of that category is read as the customer reads it (clauses
included); each place whose words show a forbidden intent (or one of its aliases) is reported
at those words. Declaring a forbidden name as a tag is reported at the tag.
Why: a label does not decide what a message is; its content does. CAN-SPAM (16 CFR §316.3)
judges an e-mail by its primary purpose: "switch to Green today and get $20 off" in a bill can
make it commercial, and then it needs the opt-out and the postal address. 特定電子メール法 makes
any e-mail that advertises a 特定電子メール (consent, sender details); PECR reg. 22 and CASL s.6
treat a service message that promotes as marketing (consent). A promotional paragraph in a
transactional or service comm escapes consent, the marketing footer and the frequency caps.
Bad:
    category: transactional
    body: "Your bill is ready. Switch to Green today and get $20 off!"
Good:
    category: transactional
    body: "Your bill is ready."            # the offer goes into a marketing comm
"""

from __future__ import annotations

from ...policy.shown import shown
from ...policy.vocabularies import intent_library
from ..base import at_doc, make
from ._common import forbidden

ID = "contact/category-content"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    names, reason = forbidden(ctx.project.contact, comm.category)
    if not names:
        return
    library = intent_library(ctx.project)
    because = f": {reason.strip()}" if reason.strip() else ""
    what = shown(comm, ctx)
    done = set()
    for name in names:
        intent = library.intent_of(name) or name
        if intent in done:
            continue
        done.add(intent)
        places = set()
        for ev in what.intents.get(intent, ()):
            where = ev.at(comm, ctx.project)
            if tuple(where.values()) in places:
                continue
            places.add(tuple(where.values()))
            yield make(__name__, f"{comm.category} comms may not carry {intent}: {ev.describe()} "
                                 f"(policies/contact.yaml category_content){because}",
                       **where, comm=comm, locale=ev.locale, channel=ev.channel, excerpt=ev.words,
                       fix=f"Remove the words, or move the offer into a marketing comm (with the consent, "
                           f"footer and caps marketing needs)")
        declared = [i for i, tag in enumerate(comm.tags) if (library.intent_of(tag) or tag) == intent]
        for index in declared:
            yield make(__name__, f"{comm.category} comms may not carry {intent} (tagged '{comm.tags[index]}'; "
                                 f"policies/contact.yaml category_content){because}",
                       **at_doc(comm.doc, ("tags", index)), comm=comm, excerpt=comm.tags[index],
                       fix="Change the category, or remove the tag and the content it names")
