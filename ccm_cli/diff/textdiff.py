"""The rendered text a customer reads, per comm × locale × channel (first sample), and its diff.

A channel's text is one small document: every field of the channel in the channel's order
(subject, preheader, body…), each under a ``[name]`` label line, so one unified diff shows
every field. A field that does not render shows ``⚠ cannot render: <why>`` instead.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..model import CHANNEL_FIELDS, Comm
from ..render import Renderer

CONTEXT_LINES = 3


@dataclass(frozen=True)
class ChannelText:
    locale: str
    channel: str
    sample: str | None
    fields: tuple[tuple[str, str], ...]  # (field name, rendered text)

    def lines(self) -> list[str]:
        out: list[str] = []
        for name, text in self.fields:
            out.append(f"[{name}]")
            out.extend(text.split("\n"))
        return out


def render_first_sample(renderer: Renderer, comm: Comm) -> dict[tuple[str, str], ChannelText]:
    """(locale, channel) -> the channel's text rendered with the comm's first sample."""
    sample = comm.samples[0] if comm.samples else None
    found: dict[tuple[str, str], ChannelText] = {}
    for locale in comm.locales():
        for channel in comm.channels_for(locale):
            variant = renderer.render_variant(comm, locale, channel, sample)
            texts = {name: rendered.text.rstrip("\n") for name, rendered in variant.fields.items()}
            for error in variant.errors:
                texts.setdefault(error.field.name, f"⚠ cannot render: {error.message}")
            order = list(CHANNEL_FIELDS.get(channel, ())) + sorted(set(texts) - set(CHANNEL_FIELDS.get(channel, ())))
            fields = tuple((name, texts[name]) for name in order if name in texts)
            found[(locale, channel)] = ChannelText(locale, channel, sample.name if sample else None, fields)
    return found


def unified(before: ChannelText | None, after: ChannelText | None, from_label: str, to_label: str) -> str:
    """A unified diff of two channel texts (either may be missing: added or removed)."""
    old = before.lines() if before is not None else []
    new = after.lines() if after is not None else []
    return "\n".join(difflib.unified_diff(old, new, from_label, to_label, n=CONTEXT_LINES, lineterm=""))


def side_by_side(before: list[str], after: list[str]) -> list[tuple[str | None, str | None, str]]:
    """Rows (left, right, tag) for a two-column view; tag is equal, delete, insert or replace.
    Long unchanged stretches are cut to ``CONTEXT_LINES`` around each change ("…" rows)."""
    rows: list[tuple[str | None, str | None, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        if rows:
            rows.append(("…", "…", "equal"))
        for tag, i1, i2, j1, j2 in group:
            left, right = before[i1:i2], after[j1:j2]
            for k in range(max(len(left), len(right))):
                rows.append((left[k] if k < len(left) else None, right[k] if k < len(right) else None, tag))
    return rows
