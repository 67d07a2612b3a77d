"""Is a clause in a rendered variant, and how: inserted with ``clause()``, pasted by hand
(an exact copy), altered (similar but not equal), or missing.

Texts are compared after normalisation (NFKC, whitespace collapsed), so a line wrapped
differently or a full-width digit does not count as an edit; a changed word does.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass

from ...render import RenderedField, split_provenance, variant_locale

ALTERED_RATIO = 0.6  # best-matching window at least this similar (difflib ratio) = an edited copy
GAP = 300  # an expression of the clause stands for at most this many characters of a copy
_EXPR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@dataclass(frozen=True)
class Presence:
    status: str  # inserted | copied | altered | missing | untranslated
    field: RenderedField | None = None
    start: int = 0  # offsets into field.text of the copy (copied / altered)
    end: int = 0
    ratio: float = 0.0


def normalise(text: str) -> tuple[str, list[int]]:
    """(normalised text, index of each normalised character in ``text``)."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for index, ch in enumerate(text):
        for norm in unicodedata.normalize("NFKC", ch):
            if norm.isspace():
                space = bool(out)
                continue
            if space:
                out.append(" ")
                where.append(index)
                space = False
            out.append(norm)
            where.append(index)
    return "".join(out), where


def clause_text(ctx, clause, variant) -> str | None:
    """The clause's text rendered for this variant's locale and sample, as clause() would insert
    it; None when it cannot be rendered (the template rules report why)."""
    key = ("clause-text", clause.id, id(clause), variant.locale, variant.sample.name if variant.sample else None, variant.comm.id)
    if key in ctx.memo:
        return ctx.memo[key]
    tfield = clause.texts.get(variant.locale) or clause.texts.get(variant.language)
    result = None
    if tfield is not None:
        data = dict(variant.sample.data) if variant.sample is not None and isinstance(variant.sample.data, dict) else {}
        data["facts"] = ctx.renderer.facts(variant.locale)
        token = variant_locale.set(variant.locale)
        try:
            result = split_provenance(ctx.renderer.render_text(tfield, data, variant.locale))[0].rstrip("\n")
        except Exception:  # a clause that needs data this sample lacks: compare its fixed text
            result = None
        finally:
            variant_locale.reset(token)
    ctx.memo[key] = result
    return result


def skeleton_source(clause, variant) -> str:
    """The clause's template source for this variant's locale."""
    tfield = clause.texts.get(variant.locale) or clause.texts.get(variant.language)
    return tfield.source if tfield is not None else ""


def _writer_text(rendered: RenderedField) -> str:
    """The field's text with every inserted clause blanked out (so one clause is never
    mistaken for a copy of another)."""
    text = rendered.text
    for span in rendered.spans:
        if span.kind == "clause":
            text = text[: span.start] + " " * (span.end - span.start) + text[span.end :]
    return text


def presence(ctx, clause, variant) -> Presence:
    key = ("clause-presence", clause.id, variant.key)
    if key not in ctx.memo:
        ctx.memo[key] = _presence(ctx, clause, variant)
    return ctx.memo[key]


def _presence(ctx, clause, variant) -> Presence:
    for rendered in variant.fields.values():
        if any(span.kind == "clause" and span.ref == clause.id for span in rendered.spans):
            return Presence("inserted", rendered)
    if not (clause.texts.get(variant.locale) or clause.texts.get(variant.language)):
        return Presence("untranslated")
    expected = clause_text(ctx, clause, variant)
    if expected is not None:
        target = normalise(expected)[0]
        parts = [target]
    else:  # the fixed wording, any value where the clause has an expression
        parts = [p for p in (normalise(part)[0].strip() for part in _EXPR.split(skeleton_source(clause, variant))) if p]
        target = " ".join(parts)
    if len(target) < 8:
        return Presence("missing")
    best = Presence("missing")
    for rendered in variant.fields.values():
        text, where = normalise(_writer_text(rendered))
        found = find_in_order(text, parts, GAP)
        if found is not None and found[1] > found[0]:
            return Presence("copied", rendered, where[found[0]], where[found[1] - 1] + 1, 1.0)
        start, end, ratio = best_window(text, target)
        if ratio > best.ratio and end > start:
            best = Presence("altered", rendered, where[start], where[end - 1] + 1, ratio)
    return best if best.ratio >= ALTERED_RATIO else Presence("missing")


def find_in_order(text: str, parts: list[str], gap: int) -> tuple[int, int] | None:
    """(start, end) of the first place where ``parts`` occur in order, each at most ``gap``
    characters after the one before: what ``re.search(".{0,gap}?".join(parts))`` finds, in
    time linear in the occurrences of the parts (the expression backtracks exponentially in
    the number of parts when a short one recurs, and a clause's parts and a comm's text are
    both written in a pull request).

    From the last part back, keep each occurrence that the rest can follow; then from the
    first such start, take at each step the nearest occurrence that can still be followed."""
    if not parts:
        return None
    feasible: list[list[int]] = [[] for _ in parts]  # per part: starts the rest can follow (sorted)
    for i in range(len(parts) - 1, -1, -1):
        following = feasible[i + 1] if i + 1 < len(parts) else None
        for start in _occurrences(text, parts[i]):
            if following is None or _first_in(following, start + len(parts[i]), gap) is not None:
                feasible[i].append(start)
        if not feasible[i]:
            return None
    start = feasible[0][0]
    at = start
    for i in range(1, len(parts)):
        at = _first_in(feasible[i], at + len(parts[i - 1]), gap)
    return start, at + len(parts[-1])


def _occurrences(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _first_in(starts: list[int], low: int, gap: int) -> int | None:
    """The first of the sorted ``starts`` in [low, low + gap], or None."""
    k = bisect.bisect_left(starts, low)
    return starts[k] if k < len(starts) and starts[k] <= low + gap else None


def best_window(text: str, target: str) -> tuple[int, int, float]:
    """(start, end, ratio) of the window of ``text`` most similar to ``target``.

    Candidate windows are anchored on the longest blocks the two texts share (a copy shares
    long runs with the original, however edited), so this is a handful of difflib comparisons,
    not one per offset. One matcher holds ``target`` (difflib indexes its second sequence once),
    and a window whose ``quick_ratio`` — an upper bound of its ratio, in linear time — cannot
    beat the best so far is not compared: the result is what comparing every window gives.
    """
    if not text or not target:
        return (0, 0, 0.0)
    matcher = difflib.SequenceMatcher(None, text, target, autojunk=False)
    blocks = sorted((b for b in matcher.get_matching_blocks() if b.size >= 4), key=lambda b: -b.size)[:6]
    best = (0, 0, 0.0)
    length = len(target)
    seen = set()
    window = difflib.SequenceMatcher(None, "", target, autojunk=False)
    for block in blocks:
        anchor = block.a - block.b
        for start in (anchor, anchor - length // 10):
            for size in (length, int(length * 1.15), int(length * 0.85)):
                lo, hi = max(0, start), min(len(text), max(0, start) + size)
                if (lo, hi) in seen or hi <= lo:
                    continue
                seen.add((lo, hi))
                window.set_seq1(text[lo:hi])
                if window.quick_ratio() <= best[2]:
                    continue
                ratio = window.ratio()
                if ratio > best[2]:
                    best = (lo, hi, ratio)
    return best


def required_clauses(ctx, variant):
    """The clauses a variant must contain today: its required_for selectors match and the
    clause is in force (one that is expired or not yet effective is reported by its own rule);
    none for a comm that no longer sends (ended or retired, policy/lifecycle.py)."""
    from ...policy import lifecycle
    from ...policy.selectors import required
    from ._dates import in_force

    key = ("required-clauses", id(variant.comm), variant.locale, variant.channel)  # the same for every sample
    if key not in ctx.memo and not lifecycle.sending(variant.comm, ctx.today):
        ctx.memo[key] = []
    if key not in ctx.memo:
        clauses = [clause for clause in ctx.project.clauses.values() if in_force(clause, ctx.today)]
        tags = _effective_tags(ctx, variant.comm) if any("tags" in (c.required_for or {}) for c in clauses) else None
        ctx.memo[key] = [clause for clause in clauses if required(clause, variant.comm, variant.locale, variant.channel, tags)]
    return ctx.memo[key]


def _effective_tags(ctx, comm) -> list[str]:
    """The tags a comm carries for every policy: declared, or shown by its words (an untagged
    "we will turn off your power" carries disconnection-notice and its other names, SPEC 2.6)."""
    from ...policy.shown import shown

    return list(shown(comm, ctx).tags)


def may_require(change) -> set[str]:
    """For ``--changed-only``: the head comms that a changed clause's ``required_for``, before
    or after the change, may select (unknown keys select everything) — whether they must
    contain it, and how its text compares with theirs, can have changed."""
    from ...policy.selectors import matches_selectors

    selectors = [clause.data["required_for"] for clause in change.clause_versions() if clause.data.get("required_for") is not None]
    if not selectors:
        return set()
    return {comm.id for comm in change.head.comms if any(matches_selectors(comm, s) for s in selectors)}
