"""A printed letter without the sender's postal address.

What it checks: every rendered letter (each locale and sample) shows the company's postal
address: a fact of brand/facts.yaml that holds an address (its key says `address`, or its value
starts with `〒`, e.g. `{{ facts.postal_address }}` or `{{ facts.company.address }}`), inserted
directly or by a clause, or that address written out. A letter whose samples render it in one
branch only is reported too (the finding names the sample without it). When brand/facts.yaml has
no address for the locale, every letter of that locale is reported: add one.
Why: SPEC 2.1 — a letter is printed and "needs sender address". A letter without one cannot be
answered or returned, and regulators require the sender's identity and address on printed
notices (disconnection notices in most US states; 特定商取引法 and 電気事業法 notices in Japan).
Bad:
    letter: {subject: "Disconnection notice", body: "Dear {{ customer.first_name }}, ... Sincerely, Customer Accounts"}
Good:
    letter: {subject: "Disconnection notice", body: "... Sincerely, Customer Accounts\n\n{{ facts.legal_name }}\n{{ facts.postal_address }}"}
"""

from __future__ import annotations

from ...policy import fact_kinds
from ..base import at_doc, make

ID = "channel/letter-sender"
CATEGORY = "channel"
SEVERITY = "error"
SCOPE = "variant"

CHANNELS = ("letter",)


def _flatten(tree, path="facts"):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _flatten(value, f"{path}.{key}")
    elif isinstance(tree, str):
        yield path, tree


def addresses(ctx, locale: str) -> dict[str, str]:
    """path -> folded value of every address fact for ``locale``."""
    key = ("letter-sender", locale)
    if key not in ctx.memo:
        ctx.memo[key] = {path: fact_kinds.fold(value).strip().casefold()
                         for path, value in _flatten(ctx.renderer.facts(locale))
                         if fact_kinds.kind_of(path, value) == "address" and value.strip()}
    return ctx.memo[key]


def check(variant, ctx):
    if variant.channel not in CHANNELS or variant.errors or not variant.fields:
        return
    once = ("letter-sender", variant.comm.id, variant.locale)
    if once in ctx.memo:
        return
    known = addresses(ctx, variant.locale)
    for rendered in variant.fields.values():
        if any(span.kind == "fact" and span.ref in known for span in rendered.spans):
            return
        text = fact_kinds.fold(rendered.text).casefold()
        if any(value in text for value in known.values()):
            return
    ctx.memo[once] = True
    sample = f" (sample '{variant.sample.name}')" if variant.sample is not None and len(variant.comm.samples) > 1 else ""
    if known:
        paths = " or ".join(f"{{{{ {path} }}}}" for path in sorted(known))
        message = f"the {variant.locale} letter{sample} has no sender address; a printed letter needs one (SPEC 2.1)"
        fix = f"Add the sender block: {{{{ facts.legal_name }}}} and {paths}"
    else:
        message = f"the {variant.locale} letter{sample} has no sender address, and brand/facts.yaml has none for {variant.locale}"
        fix = f"Add postal_address: {{{variant.locale}: ...}} to brand/facts.yaml and {{{{ facts.postal_address }}}} to the letter"
    yield make(__name__, message, **at_doc(variant.comm.doc, ("content", variant.locale, variant.channel), key=True),
               comm=variant.comm, locale=variant.locale, channel=variant.channel, fix=fix)


def affected(change, digests):
    """For ``--changed-only``: a changed address fact (before or after the change) can add or
    remove the address a letter shows (written out, or under a key that names an address):
    every comm with a letter then."""
    if not any(fact_kinds.kind_of(f"facts.{path}", value) == "address"
               for path, sides in change.facts.items() for side in sides for value in _strings(side)):
        return set()
    return {comm.id for comm in change.head.comms if set(CHANNELS) & comm.channel_names()}


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    return [value] if isinstance(value, str) else []
