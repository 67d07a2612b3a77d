"""A brand fact typed by hand instead of `{{ facts.* }}` — and worse, typed wrong.

What it checks: the writer's own text (not text inserted from facts, clauses or variables) of
every variant — and of a loose prose file (`ccm lint copy/flyer.md`: there only values typed
wrong, since a flyer cannot insert a fact) — against the values of
brand/facts.yaml for the locale, each compared with the facts of its own kind (phone numbers,
URLs, prices, postal addresses, names: see policy/fact_kinds.py), in English and Japanese
(full-width digits, `0120-` numbers, `￥`/`円` prices):

* **exact** (warning): a fact's value appears as typed — NFKC-folded, case-insensitive, at word
  boundaries; a price with the same currency, amount and period (`$30/month`, `月額3,300円`), a
  phone number with the same digits. Fix: use `{{ facts.support_phone }}`;
* **near-equal** (error): a typed value of a fact's kind that differs a little, and the
  *nearest* fact of that kind is named: a phone number with one or two digits changed, added or
  dropped (`1-800-555-0143` is the outage line, not the support line); a price with a fact's
  currency and period and an amount within ±25 % (`$35/month` beside `$30/month`); a URL one or two
  characters from a fact's URL; a postal code one or two digits off; any other run of 5 or more
  digits one or two digits from a fact's digits.

Values that are one ordinary word (`Basic`, `Store`) and other values shorter than 5
characters are ignored — they occur naturally in copy — unless they are a price (`$10`,
`1,000円`) or a phone number.
Why: facts change — a new phone number, a new price, a new address after a move. Every
hand-typed copy stays behind, and customers call a number that no longer answers, or are
quoted a price the company must then honour.
Bad:
    body: "Questions? Call 1-800-555-0199."      # or, worse, 1-800-555-0198
    body: "Basic is just $35/month."              # the fact says $30/month
Good:
    body: "Questions? Call {{ facts.support_phone }}."
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from ...model import FileOrigin, TemplateField
from ...policy import fact_kinds
from ...render import RenderedField, read_snippet
from ...render.facts import resolve_facts
from ..base import at_rendered, make

ID = "consistency/hand-typed-fact"
CATEGORY = "consistency"
SEVERITY = "error"
SCOPE = "variant"

MIN_LENGTH = 5
MIN_DIGITS = 5
NEAR_PRICE = Decimal("0.25")  # a price of a fact's currency and period this close (±25 %) is that fact typed wrong; further: another price
MAX_URL = 300  # longer URLs are not compared character by character
_DIGIT_RUN = re.compile(r"(?<![\w])\+?\d[\d\-\s.()]{3,}\d(?![\w])")
_URL_CHARS = re.compile(r"[\w/?#&=%~+\-.]")


class Fact(NamedTuple):
    path: str
    value: str
    needle: str  # folded, lower case; "" when the value is not looked for as typed text
    digits: str
    kind: str
    price: object  # fact_kinds.Price of the whole value, or None
    postal: str | None


class Hit(NamedTuple):
    start: int
    end: int
    fact: Fact
    near: bool


def _fold(text: str) -> str:
    return fact_kinds.fold(text).lower()


def _flatten(tree, path="facts"):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _flatten(value, f"{path}.{key}")
    elif isinstance(tree, str):
        yield path, tree


def _significant(value: str, kind: str) -> bool:
    value = value.strip()
    if kind == "phone":
        return len(fact_kinds.digits(value)) >= 3
    if len(value) < MIN_LENGTH:
        return False
    if any(ch.isdigit() for ch in value) or "@" in value or "://" in value:
        return True
    if value.isascii() and re.fullmatch(r"[A-Za-z]+", value):
        return False  # one ordinary word ("Basic"): indistinguishable from copy
    return True


def facts_of(tree) -> list[Fact]:
    """Every fact of a resolved facts tree with its kind, longest value first."""
    items = []
    for path, value in _flatten(tree):
        kind = fact_kinds.kind_of(path, value)
        folded = fact_kinds.fold(value.strip())
        price = next((p for p in fact_kinds.prices(folded) if p.start == 0 and p.end == len(folded)), None)
        needle = _fold(value.strip()) if price is None and _significant(value, kind) else ""
        postal = fact_kinds.postal_code(value) if kind == "address" else None
        items.append(Fact(path, value, needle, fact_kinds.digits(value), kind, price, postal))
    return sorted(items, key=lambda item: -len(item.needle))


def facts_for(ctx, locale: str) -> list[Fact]:
    key = ("hand-typed-facts", locale)
    if key not in ctx.memo:
        ctx.memo[key] = facts_of(ctx.renderer.facts(locale))
    return ctx.memo[key]


def _word(ch: str) -> bool:
    """A Latin letter or digit: words end at spaces there; Japanese has no word boundaries."""
    return ch.isascii() and ch.isalnum()


def _distance(a: str, b: str) -> int | None:
    """How far the digits ``b`` are from ``a``: changed digits (at most two), or 1 for one
    added or dropped; None when further (or equal: 0)."""
    if a == b:
        return 0
    if len(a) == len(b):
        changed = sum(x != y for x, y in zip(a, b))
        return changed if changed <= 2 else None
    if abs(len(a) - len(b)) == 1:
        short, long_ = sorted((a, b), key=len)
        return 1 if any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_))) else None
    return None


def _near(a: str, b: str) -> bool:
    return bool(_distance(a, b))


def _edits(a: str, b: str, most: int = 2) -> int | None:
    """Levenshtein distance of two short strings when at most ``most``, else None."""
    if abs(len(a) - len(b)) > most:
        return None
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        low = row[0]
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
            low = min(low, row[j])
        if low > most:
            return None
    return row[-1] if row[-1] <= most else None


def _nearest(candidates) -> Fact | None:
    """The fact at the smallest distance of (distance, fact) pairs; the first on a tie."""
    best = None
    for distance, fact in candidates:
        if distance and (best is None or distance < best[0]):
            best = (distance, fact)
    return best[1] if best else None


def _same_number(a: str, b: str) -> bool:
    """The same phone number, one perhaps without its country or trunk prefix (1-800… = 800…)."""
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= 7 and len(long_) - len(short) <= 3 and long_.endswith(short))


def scan(text: str, facts: list[Fact], cased: str | None = None):
    """The facts typed in ``text`` (folded, lower case; what the writer did not type masked
    with NULs): :class:`Hit` per value, each compared with the facts of its kind. ``cased``:
    the text before it was folded and lower-cased, same offsets (a state's abbreviation before a
    ZIP code is upper case)."""
    taken = bytearray(len(text))

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\1" * (end - start)

    priced = [f for f in facts if f.price is not None]
    for price in fact_kinds.prices(text) if priced else ():
        same_unit = [f for f in priced if f.price.unit == price.unit]
        exact = next((f for f in same_unit if f.price.amount == price.amount), None)
        if exact is not None:
            yield Hit(price.start, price.end, exact, False)
        elif price.per is not None and same_unit:
            fact = min(same_unit, key=lambda f: abs(f.price.amount - price.amount))
            if abs(fact.price.amount - price.amount) <= fact.price.amount * NEAR_PRICE:
                yield Hit(price.start, price.end, fact, True)
        take(price.start, price.end)
    addresses = [f for f in facts if f.postal]
    for start, end, code in fact_kinds.postal_codes(text, cased) if addresses else ():
        fact = _nearest((_distance(f.postal, code), f) for f in addresses)
        if fact is not None:
            yield Hit(start, end, fact, True)
        take(start, end)
    for fact in facts:
        if not fact.needle:
            continue
        needle, url = fact.needle, fact.kind == "url"
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            bounded = not (_word(before) and _word(needle[0])) and not (_word(after) and _word(needle[-1]))
            if url and _URL_CHARS.match(after) and not (after in ".,?" and (end + 1 >= len(text) or not _URL_CHARS.match(text[end + 1]))):
                bounded = False  # a longer URL that starts with this one (a deep link)
            if bounded and free(start, end):
                yield Hit(start, end, fact, False)
                take(start, end)
            start = text.find(needle, start + 1)
    urls = [f for f in facts if f.kind == "url"]
    for match in fact_kinds.URL.finditer(text) if urls and ("://" in text or "www." in text) else ():
        typed = match.group().rstrip(".,;:!?")
        start, end = match.start(), match.start() + len(typed)
        if not free(start, end) or len(typed) > MAX_URL:
            continue
        if any(typed.startswith(f.needle) for f in urls if f.needle):
            continue  # a page under a fact's URL
        fact = _nearest((_edits(f.needle, typed), f) for f in urls if f.needle)
        if fact is not None:
            yield Hit(start, end, fact, True)
        take(start, end)
    phones = [f for f in facts if f.kind == "phone" and f.digits]
    for start, end, number in fact_kinds.phones(text) if phones else ():
        if not free(start, end):
            continue
        same = next((f for f in phones if _same_number(f.digits, number)), None)
        fact = same or _nearest((_distance(f.digits, number), f) for f in phones)
        if fact is not None:
            yield Hit(start, end, fact, same is None)
            take(start, end)
    others = [f for f in facts if f.kind not in ("phone", "price", "url") and len(f.digits) >= MIN_DIGITS]
    for match in _DIGIT_RUN.finditer(text) if others else ():
        if not free(match.start(), match.end()):
            continue
        number = re.sub(r"\D", "", match.group())
        if len(number) >= MIN_DIGITS:
            fact = _nearest((_distance(f.digits, number), f) for f in others)
            if fact is not None:
                yield Hit(match.start(), match.end(), fact, True)


def findings(rendered: RenderedField, facts: list[Fact], project, comm=None, locale=None, channel=None, prose=False):
    """The findings of one rendered field; of a prose file's text (``prose``: a file that
    cannot insert facts, so only values typed wrong are reported)."""
    raw = rendered.text
    folded = _fold(raw)
    if len(folded) != len(raw):
        return
    text = folded
    for span in rendered.spans:
        if span.kind != "snippet":
            text = text[: span.start] + "\x00" * (span.end - span.start) + text[span.end :]
    for hit in sorted(scan(text, facts, raw), key=lambda h: h.start):
        typed, path = raw[hit.start:hit.end], hit.fact.path
        if prose:
            if hit.near:
                yield make(__name__, f"'{typed}' looks like {path} ({hit.fact.value}) but differs",
                           **at_rendered(rendered, hit.start, hit.end, project), locale=locale, excerpt=typed,
                           fix=f"Write {hit.fact.value} ({path} in brand/facts.yaml)")
            continue
        if hit.near:
            message = f"'{typed}' looks like {path} ({hit.fact.value}) but differs"
            severity = None
        else:
            message = f"'{typed}' is typed by hand; it is {path} in brand/facts.yaml"
            severity = "warning"
        yield make(__name__, message, **at_rendered(rendered, hit.start, hit.end, project), comm=comm,
                   locale=locale, channel=channel, excerpt=typed, fix=f"Use {{{{ {path} }}}}", severity=severity)


def check(variant, ctx):
    facts = facts_for(ctx, variant.locale)
    if not facts:
        return
    for rendered in variant.fields.values():
        yield from findings(rendered, facts, ctx.project, variant.comm, variant.locale, variant.channel)


def check_file(rel: str, text: str, locale: str, project) -> list:
    """The findings of a loose prose file (``ccm lint copy/flyer.md``) against the facts of the
    repository that holds it, for the file's locale."""
    tree = resolve_facts(project.facts if isinstance(project.facts, dict) else {}, locale, project.default_locale, "facts")
    facts = facts_of(tree)
    if not facts:
        return []
    origin = FileOrigin(rel, text)
    rendered = RenderedField(TemplateField("", locale, "", "body", text, origin), text, [])
    return list(findings(rendered, facts, project, locale=locale, prose=True))


# ---------------------------------------------------------------- --changed-only
def affected(change, digests):
    """For ``--changed-only``: the comms whose own text (fields, and the templates they include)
    holds a value a changed fact had or has — typed by hand, their findings move with it. A
    wide net: any folded value of 2 characters or more, any run of 3 digits or more, or digits
    at most two edits away (a phone number typed wrong)."""
    if not change.facts:
        return set()
    values = [v for pair in change.facts.values() for side in pair for v in _fact_values(side)]
    texts, digits = _needles(values)
    # a price typed with a changed price's currency and period is compared with it (near-equal)
    units = {p.unit for v in values for p in fact_kinds.prices(fact_kinds.fold(v)) if p.per is not None}
    if not texts and not digits and not units:
        return set()
    return {comm.id for comm in change.head.comms
            if comm.id not in change.rendering and _writes_fact(change, comm, texts, digits, units)}


def _fact_values(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _fact_values(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _fact_values(item)]
    if value is None or isinstance(value, bool):
        return []
    return [str(value)]


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).casefold()


def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def _needles(values: list[str]) -> tuple[set[str], set[str]]:
    """(folded texts, digit strings) to look for in writers' text."""
    texts = {_folded(v).strip() for v in values if len(_folded(v).strip()) >= 2}
    digits = {_digits(v) for v in values if len(_digits(v)) >= 3}
    return texts, digits


def _writes_fact(change, comm, texts: set[str], digits: set[str], units: set = frozenset()) -> bool:
    """Does the comm's own text (fields and the templates it reads) hold one of these values?"""
    sources = [tfield.source for tfield in comm.fields]
    for rel in change.reads(comm).files:
        text = read_snippet(change.head, rel[len("comms/"):])
        if text is not None:
            sources.append(text)
    folded = _folded("\n".join(sources))
    if any(t in folded for t in texts):
        return True
    if units and any(p.unit in units for p in fact_kinds.prices(fact_kinds.fold(folded))):
        return True
    numbers = [_digits(run) for run in _NUMBER.findall(folded)]
    return any(d in run or _close(d, run) for d in digits for run in numbers)


def _close(a: str, b: str, most: int = 2) -> bool:
    """Edit distance of two digit strings at most ``most``."""
    if abs(len(a) - len(b)) > most or min(len(a), len(b)) < 3:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1] <= most


_NUMBER = re.compile(r"\d(?:[\d\s\-‐–—().,/]*\d)?")
