"""What the readability rules share (not a rule): limits, thresholds and anchoring."""

from __future__ import annotations

import math

from ..brand._common import guidelines_of

MIN_SENTENCES = 3  # below either threshold a text is too short for a formula score
MIN_WORDS = 30


def limits(ctx, lang: str, target) -> dict:
    """``readability.<lang>``: ``default``, then ``channel.<ch>``, then ``category.<cat>``."""
    block = guidelines_of(ctx).get("readability")
    block = block.get(lang) if isinstance(block, dict) else None
    if not isinstance(block, dict):
        return {}
    merged: dict = {}
    parts = [block.get("default")]
    channels, categories = block.get("channel"), block.get("category")
    if isinstance(channels, dict) and target.channel:
        parts.append(channels.get(target.channel))
    if isinstance(categories, dict) and target.category:
        parts.append(categories.get(target.category))
    for part in parts:
        if isinstance(part, dict):
            merged.update(part)
    return merged


def number(value) -> float | None:
    """A limit as a float (an integer too large for one is infinite); None for anything else."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def anchor(target, start: int, end: int, width: int = 12) -> tuple[int, int]:
    """A short range at the start of ``[start, end)`` that the writer typed, so the finding
    lands on the sentence's first words in the YAML (a whole sentence with a variable in it
    cannot be found in the template source)."""
    rendered = target.rendered
    if rendered is None:
        return start, end
    p = start
    while p < end and not rendered.writer_typed(p, p + 1):
        p += 1
    if p >= end:
        return start, end
    q = p
    while q < end and q - p < width and rendered.writer_typed(q, q + 1) and target.text[q] != "\n":
        q += 1
    return p, max(q, p + 1)


def quote(sentence: str, limit: int = 60) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
