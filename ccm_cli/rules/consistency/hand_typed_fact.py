"""A brand fact typed by hand instead of `{{ facts.* }}` — and worse, typed wrong.

What it checks: the writer's own text (not text inserted from facts, clauses or variables) of
every variant, against every value in brand/facts.yaml for the variant's locale:

* **exact** (warning): the value appears as typed — NFKC-folded, case-insensitive, at word
  boundaries. Fix: use `{{ facts.support_phone }}`;
* **near-equal** (error): a value with at least 5 digits (phone numbers, postal codes, account
  or street numbers) and a typed number with the same digits but one or two changed, added or
  dropped ("looks like facts.support_phone but differs"). A wrong phone number in a million
  letters is the most expensive typo there is.

Values shorter than 5 characters (`$10`) and values that are one ordinary word (`Basic`,
`Store`) are ignored: they occur naturally in copy and cannot be told from the fact. Longer
names (`Kumo Energy`, `Green 100`, `クモエナジー`) and anything with a digit, `@` or `://` count.
Why: facts change — a new phone number, a new price, a new address after a move. Every
hand-typed copy stays behind, and customers call a number that no longer answers, or are
quoted a price the company must then honour.
Bad:
    body: "Questions? Call 1-800-555-0199."      # or, worse, 1-800-555-0198
Good:
    body: "Questions? Call {{ facts.support_phone }}."
"""

from __future__ import annotations

import re
import unicodedata

from ...render import read_snippet
from ..base import at_rendered, make
from ._numbers import fold

ID = "consistency/hand-typed-fact"
CATEGORY = "consistency"
SEVERITY = "error"
SCOPE = "variant"

MIN_LENGTH = 5
MIN_DIGITS = 5
_DIGIT_RUN = re.compile(r"(?<![\w])\+?\d[\d\-\s.()]{3,}\d(?![\w])")


def _fold(text: str) -> str:
    return fold(text).lower()


def _flatten(tree, path="facts"):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _flatten(value, f"{path}.{key}")
    elif isinstance(tree, str):
        yield path, tree


def _significant(value: str) -> bool:
    value = value.strip()
    if len(value) < MIN_LENGTH:
        return False
    if any(ch.isdigit() for ch in value) or "@" in value or "://" in value:
        return True
    if value.isascii() and re.fullmatch(r"[A-Za-z]+", value):
        return False  # one ordinary word ("Basic"): indistinguishable from copy
    return True


def facts_for(ctx, locale: str) -> list[tuple[str, str, str, str]]:
    """(path, value, folded value, digits) of every significant fact, longest first."""
    key = ("hand-typed-facts", locale)
    if key not in ctx.memo:
        items = []
        for path, value in _flatten(ctx.renderer.facts(locale)):
            if _significant(value):
                items.append((path, value, _fold(value.strip()), re.sub(r"\D", "", unicodedata.normalize("NFKC", value))))
        ctx.memo[key] = sorted(items, key=lambda item: -len(item[2]))
    return ctx.memo[key]


def _word(ch: str) -> bool:
    """A Latin letter or digit: words end at spaces there; Japanese has no word boundaries."""
    return ch.isascii() and ch.isalnum()


def _near(a: str, b: str) -> bool:
    """Digits of ``b`` are ``a`` with one or two digits changed, or one added or dropped."""
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 2
    if abs(len(a) - len(b)) == 1:
        short, long_ = sorted((a, b), key=len)
        return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
    return False


def check(variant, ctx):
    facts = facts_for(ctx, variant.locale)
    if not facts:
        return
    for rendered in variant.fields.values():
        raw = rendered.text
        folded = _fold(raw)
        if len(folded) != len(raw):
            continue
        text = folded
        for span in rendered.spans:
            if span.kind != "snippet":
                text = text[: span.start] + "\x00" * (span.end - span.start) + text[span.end :]
        for path, value, needle, _ in facts:
            start = text.find(needle)
            while start >= 0:
                end = start + len(needle)
                before = text[start - 1] if start else " "
                after = text[end] if end < len(text) else " "
                if not (_word(before) and _word(needle[0])) and not (_word(after) and _word(needle[-1])):
                    yield make(__name__, f"'{raw[start:end]}' is typed by hand; it is {path} in brand/facts.yaml",
                               **at_rendered(rendered, start, end, ctx.project), comm=variant.comm,
                               locale=variant.locale, channel=variant.channel, excerpt=raw[start:end],
                               fix=f"Use {{{{ {path} }}}}", severity="warning")
                    text = text[:start] + "\x00" * (end - start) + text[end:]
                start = text.find(needle, start + 1)
        for match in _DIGIT_RUN.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if len(digits) < MIN_DIGITS:
                continue
            for path, value, _, fact_digits in facts:
                if len(fact_digits) >= MIN_DIGITS and _near(fact_digits, digits):
                    yield make(__name__, f"'{raw[match.start():match.end()]}' looks like {path} ({value}) but differs",
                               **at_rendered(rendered, match.start(), match.end(), ctx.project), comm=variant.comm,
                               locale=variant.locale, channel=variant.channel, excerpt=raw[match.start():match.end()],
                               fix=f"Use {{{{ {path} }}}}")
                    break


# ---------------------------------------------------------------- --changed-only
def affected(change, digests):
    """For ``--changed-only``: the comms whose own text (fields, and the templates they include)
    holds a value a changed fact had or has — typed by hand, their findings move with it. A
    wide net: any folded value of 2 characters or more, any run of 3 digits or more, or digits
    at most two edits away (a phone number typed wrong)."""
    if not change.facts:
        return set()
    texts, digits = _needles([v for pair in change.facts.values() for side in pair for v in _fact_values(side)])
    if not texts and not digits:
        return set()
    return {comm.id for comm in change.head.comms if comm.id not in change.rendering and _writes_fact(change, comm, texts, digits)}


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


def _writes_fact(change, comm, texts: set[str], digits: set[str]) -> bool:
    """Does the comm's own text (fields and the templates it reads) hold one of these values?"""
    sources = [tfield.source for tfield in comm.fields]
    for rel in change.reads(comm).files:
        text = read_snippet(change.head, rel[len("comms/"):])
        if text is not None:
            sources.append(text)
    folded = _folded("\n".join(sources))
    if any(t in folded for t in texts):
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
