"""One comm stating different numbers, amounts, durations or dates in different channels or languages.

What it checks: within one comm and one sample, the numbers a customer reads in each
locale × channel: durations (days, weeks, months, years, hours, minutes), percentages,
amounts (with a currency symbol or unit, or written with separators/decimals) and dates.
They are normalised first — full-width digits, `30日` = `30日間` = `30 days`, `3か月` =
`3ヶ月` = `3 months`, `$1,200.50` = `1,200.5`, `Mar 20, 2026` = `2026年3月20日` (dates compare by
month and day) — and each variant is compared with the first variant that states a number of
the same kind (default locale first, channels in the order written). A field (subject,
preheader, body…) is reported when it states a value the reference does not *and* the
reference states one it does not: a shorter SMS that leaves a number out is fine; one that says
something else is not.
Only numbers the writer typed or that come from the comm's variables count: text inserted from
brand/facts.yaml or a clause (a phone number, a price per locale) is left out on purpose.
Why: "You have 14 days to respond" in the email and "10 days" in the SMS is a promise the
company cannot keep in both languages; regulators hold the business to the more favourable
one (and a deadline in a disconnection notice that differs between channels can void it).
Bad:
    en-US: {email: {body: "Reply within 14 days."}, sms: {body: "Reply within 10 days."}}
Good:
    en-US: {email: {body: "Reply within {{ offer.days }} days."}, sms: {body: "Reply within {{ offer.days }} days."}}
"""

from __future__ import annotations

from ..base import at_rendered, make
from ._numbers import Number, find, fold

ID = "consistency/numbers"
CATEGORY = "consistency"
SEVERITY = "error"
SCOPE = "comm"


def numbers_of(rendered) -> tuple[Number, ...]:
    """Numbers in the writer's text and variable values of one rendered field."""
    text = fold(rendered.text)  # one character for one: offsets stay those of rendered.text
    for span in rendered.spans:
        if span.kind in ("fact", "clause"):
            text = text[: span.start] + "\x00" * (span.end - span.start) + text[span.end :]
    return find(text)


def check(comm, ctx):
    variants = ctx.variants_of(comm)
    default = ctx.project.default_locale
    order = {(tf.locale, tf.channel): i for i, tf in enumerate(comm.fields)}
    by_sample: dict = {}
    for variant in variants:
        by_sample.setdefault(variant.sample.name if variant.sample else None, []).append(variant)
    reported = set()
    for group in by_sample.values():
        group.sort(key=lambda v: (v.locale != default, order.get((v.locale, v.channel), 0)))
        found = []  # (variant, {kind: [(Number, rendered)]})
        for variant in group:
            kinds: dict[str, list] = {}
            for rendered in variant.fields.values():
                for number in numbers_of(rendered):
                    kinds.setdefault(number.kind, []).append((number, rendered))
            found.append((variant, kinds))
        reference: dict[str, tuple] = {}
        for variant, kinds in found:
            for kind, items in kinds.items():
                if kind not in reference:
                    reference[kind] = (variant, items)
                    continue
                ref_variant, ref_items = reference[kind]
                theirs = {n.value for n, _ in ref_items}
                by_field: dict[str, list] = {}
                for number, rendered in items:
                    by_field.setdefault(rendered.field.name, []).append((number, rendered))
                for field_items in by_field.values():
                    mine = {n.value for n, _ in field_items}
                    if not (mine - theirs and theirs - mine):
                        continue  # the same values, or a subset: leaving a number out is fine
                    stated = ", ".join(sorted({n.describe() for n, _ in ref_items if n.value in theirs - mine}))
                    for number, rendered in field_items:
                        key = (variant.locale, variant.channel, rendered.field.name, kind, number.value)
                        if number.value in theirs or key in reported:
                            continue
                        reported.add(key)
                        text = rendered.text[number.start:number.end]
                        yield make(__name__, f"says {text} ({number.describe()}) but the {ref_variant.locale} {ref_variant.channel} says {stated}",
                                   **at_rendered(rendered, number.start, number.end, ctx.project), comm=comm,
                                   locale=variant.locale, channel=variant.channel, excerpt=text,
                                   fix="State the same value in every channel and language (a variable keeps them in step)")
