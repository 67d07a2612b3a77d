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
Then every variant — the reference one included — is checked the other way round: a number
the writer *typed* that contradicts one a variable (or, in the same language, a fact) renders in
the same comm and sample, of the same kind, is reported where it is typed, when the words before
the two are the same ("for up to 2 months" beside "for up to {{ offer.months }} months";
「最長2か月」 beside 「最長{{ offer.months }}か月」), or — for durations, percentages and dates —
when no other language states the typed value but one states the variable's.
Why: "You have 14 days to respond" in the email and "10 days" in the SMS is a promise the
company cannot keep in both languages; regulators hold the business to the more favourable
one (and a deadline in a disconnection notice that differs between channels can void it).
Bad:
    en-US: {email: {body: "Reply within 14 days."}, sms: {body: "Reply within 10 days."}}
    en-US: {email: {preheader: "Pause for up to {{ offer.months }} months", body: "Pause for up to 2 months."}}
Good:
    en-US: {email: {body: "Reply within {{ offer.days }} days."}, sms: {body: "Reply within {{ offer.days }} days."}}
"""

from __future__ import annotations

import re
from typing import NamedTuple

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
        # first the numbers typed against rendered ones: a reference variant's wrong number is
        # reported where it is typed, and not held against the variants that render the right one
        wrong: set = set()  # (locale, channel, kind, value) of typed numbers reported
        yield from _typed_against_rendered(comm, group, reported, ctx, wrong)
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
                theirs = {n.value for n, _ in ref_items if (ref_variant.locale, ref_variant.channel, kind, n.value) not in wrong}
                by_field: dict[str, list] = {}
                for number, rendered in items:
                    by_field.setdefault(rendered.field.name, []).append((number, rendered))
                for field_items in by_field.values():
                    mine = {n.value for n, _ in field_items}
                    if not theirs or not (mine - theirs and theirs - mine):
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


# ---------------------------------------------------------------- typed against rendered, every variant
# Durations, percentages and dates are compared across languages (a translation states the
# same number); amounts (currencies differ per locale) only where the words before them are
# the same.
ACROSS_LOCALES = frozenset({"days", "weeks", "months", "years", "hours", "minutes", "percent", "date"})
_LATIN_WORD = re.compile(r"[a-z]+")


class Stated(NamedTuple):
    variant: object
    rendered: object
    number: Number
    source: str  # typed, data (a variable or an expression's value) or fact
    before: tuple  # the words just before it, in its language


def stated_numbers(variant, snippets: dict) -> list[Stated]:
    """Every number a variant states, with where it came from (clause text left out). A number
    outside every inserted span is the writer's only when the template (or the snippet it is
    in) has it as written: a one-character value (``{{ offer.months }}`` = 3) is not marked as
    data by the renderer, but "3 months" is nowhere in ``{{ offer.months }} months``."""
    out = []
    sources: dict = {}  # snippet name (None: the field) -> its folded text
    for rendered in variant.fields.values():
        text = fold(rendered.text)
        spans = rendered.spans
        sources.pop(None, None)
        for number in numbers_of(rendered):  # the writer's text and the variables' values
            digit = next((i for i in range(number.start, number.end) if text[i].isdigit()), number.start)
            source, snippet = "typed", None
            for span in spans:
                if span.start <= digit < span.end:
                    if span.kind == "snippet":
                        snippet = span.ref
                    elif span.kind not in ("fact", "clause"):
                        source = "data"
            if source == "typed" and snippet not in sources:
                sources[snippet] = _source(rendered, snippet, snippets)
            if source == "typed" and text[number.start:number.end] not in sources[snippet]:
                source = "data"
            out.append(Stated(variant, rendered, number, source, _before(text, number.start, variant.language)))
        clauses = [span for span in spans if span.kind == "clause"]
        for span in spans:  # the facts' own numbers (a fact's value repeats: find answers from its cache)
            if span.kind == "fact" and not any(c.start <= span.start and span.end <= c.end for c in clauses):
                for number in find(text[span.start:span.end]):
                    number = Number(number.kind, number.value, span.start + number.start, span.start + number.end)
                    out.append(Stated(variant, rendered, number, "fact", _before(text, number.start, variant.language)))
    return out


def _source(rendered, snippet: str | None, snippets: dict) -> str:
    """The folded text the writer typed that a rendered number can come from."""
    return fold(snippets.get(snippet, "") if snippet is not None else rendered.field.source)


def _before(text: str, start: int, language: str) -> tuple:
    """The two words before offset ``start`` (Latin scripts), or the two characters before it
    (Japanese, Chinese: no spaces) — what a number is said about ("for up to", "最長")."""
    head = text[max(0, start - 60):start].casefold()
    if language in ("ja", "zh"):
        chars = [ch for ch in head if ch.isalpha()]
        return tuple(chars[-2:]) if len(chars) >= 2 else ()
    words = _LATIN_WORD.findall(head)
    return tuple(words[-2:]) if len(words) >= 2 else ()


def _typed_against_rendered(comm, group, reported, ctx, wrong: set):
    """A number the writer typed that contradicts one a variable or fact renders in the same
    comm (same sample, same kind) — in every variant, the reference one included. Reported when
    the words before both are the same ("for up to 2 months" beside "for up to {{ offer.months }}
    months"), or, for durations, percentages and dates, when no other language states the typed
    value and another states the variable's (its translation says the variable's)."""
    everything = [item for variant in group for item in stated_numbers(variant, ctx.project.snippets)]
    rendered = [item for item in everything if item.source != "typed"]
    if not rendered or all(item.source != "typed" for item in everything):
        return
    from_data = {(item.number.kind, item.number.value) for item in rendered if item.source == "data"}
    by_locale: dict[str, set] = {}
    for item in everything:
        by_locale.setdefault(item.variant.locale, set()).add((item.number.kind, item.number.value))
    for item in everything:
        kind, value = item.number.kind, item.number.value
        if item.source != "typed" or (kind, value) in from_data:
            continue
        locale = item.variant.locale
        against = None
        for other in rendered:
            if other.number.kind != kind or other.number.value == value:
                continue
            if other.variant.locale == locale and item.before and item.before == other.before:
                against = other
                break
            if (against is None and other.source == "data" and kind in ACROSS_LOCALES and len(by_locale) > 1
                    and all((kind, value) not in seen for loc, seen in by_locale.items() if loc != locale)
                    and any((kind, other.number.value) in seen for loc, seen in by_locale.items() if loc != locale)):
                against = other
        if against is None:
            continue
        key = (locale, item.variant.channel, item.rendered.field.name, kind, value)
        if key in reported:
            continue
        reported.add(key)
        wrong.add((locale, item.variant.channel, kind, value))
        number, field = item.number, item.rendered
        text = field.text[number.start:number.end]
        where = f"the {against.variant.locale} {against.variant.channel} {against.rendered.field.name}"
        origin = "a variable" if against.source == "data" else "brand/facts.yaml"
        yield make(__name__, f"says {text}{'' if fold(text) == number.describe() else f' ({number.describe()})'}, typed by hand, but {where} renders {against.number.describe()} from {origin}",
                   **at_rendered(field, number.start, number.end, ctx.project), comm=comm,
                   locale=locale, channel=item.variant.channel, excerpt=text,
                   fix="Insert the value with the variable or fact the rest of the comm uses instead of typing it")
