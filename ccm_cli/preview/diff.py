"""Before/after: pair every rendered variant of a base ref with the working tree's.

A variant is identified by (locale, channel, sample). It *changed* when any rendered field's
text differs; a comm is ``added``, ``removed`` or ``changed`` (at least one variant changed,
appeared or disappeared). Word-level differences are marked for the page with
:func:`word_diff_html` (characters for Japanese, words for spaced languages).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from ..render import Variant
from .collect import Collected

_TOKEN = re.compile(r"[A-Za-z0-9_$%.,'’-]+|\s+|.", re.S)


@dataclass
class VariantChange:
    locale: str
    channel: str
    sample: str | None
    before: Variant | None
    after: Variant | None
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, before, after)

    @property
    def status(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


@dataclass
class CommChange:
    comm_id: str
    status: str  # added | removed | changed
    variants: list[VariantChange] = field(default_factory=list)
    findings_added: int = 0
    findings_fixed: int = 0


def _key(variant: Variant) -> tuple:
    return (variant.locale, variant.channel, variant.sample.name if variant.sample else None)


def _texts(variant: Variant | None) -> dict[str, str]:
    if variant is None:
        return {}
    texts = {name: value.text for name, value in variant.fields.items()}
    for error in variant.errors:
        texts.setdefault(f"error: {error.field.name}", error.message)
    return texts


def compare(base: Collected, head: Collected) -> dict[str, CommChange]:
    """Every comm whose customers would see something different, by comm id."""
    changes: dict[str, CommChange] = {}
    base_comms = {c.id: c for c in reversed(base.project.comms)}  # the first of a duplicated id
    head_comms = {c.id: c for c in reversed(head.project.comms)}
    base_ids, head_ids = set(base_comms), set(head_comms)
    for comm_id in sorted(base_ids | head_ids):
        before = {_key(v): v for v in (base.variants(base_comms[comm_id]) if comm_id in base_comms else [])}
        after = {_key(v): v for v in (head.variants(head_comms[comm_id]) if comm_id in head_comms else [])}
        variants = []
        for key in sorted(set(before) | set(after), key=lambda k: tuple(x or "" for x in k)):
            old, new = _texts(before.get(key)), _texts(after.get(key))
            if old == new and key in before and key in after:
                continue
            fields = [(name, old.get(name, ""), new.get(name, "")) for name in dict.fromkeys([*old, *new]) if old.get(name, "") != new.get(name, "")]
            variants.append(VariantChange(*key, before.get(key), after.get(key), fields))
        status = "added" if comm_id not in base_ids else "removed" if comm_id not in head_ids else "changed"
        if variants or status != "changed":
            change = CommChange(comm_id, status, variants)
            old_f = {f.identity for f in base.result.findings if f.comm == comm_id}
            new_f = {f.identity for f in head.result.findings if f.comm == comm_id}
            change.findings_added, change.findings_fixed = len(new_f - old_f), len(old_f - new_f)
            changes[comm_id] = change
    return changes


def word_diff_html(before: str, after: str) -> tuple[str, str]:
    """(before, after) as HTML with removed text in ``<del>`` and added text in ``<ins>``."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = html.escape("".join(a[i1:i2])), html.escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
        else:
            if old:
                left.append(f"<del>{old}</del>")
            if new:
                right.append(f"<ins>{new}</ins>")
    return "".join(left).replace("\n", "<br>"), "".join(right).replace("\n", "<br>")
