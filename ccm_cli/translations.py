"""Possibly stale translations: a field whose text changed in some locales of a comm and not in the others.

``stale_translations(base, head)`` compares, comm by comm (the same id on both sides) and field
by field (channel × field name), the template text each locale has — inline in the YAML or in
a template file — between two versions of a repository. When the text of one locale changed
and the text of another locale that has the field on both sides did not, the unchanged one is
possibly a stale translation. A change to every locale, or to a template file every locale
shares, is not stale; neither is a change of whitespace only, nor a field or locale that was
added or removed (``consistency/missing-locale`` and ``consistency/missing-channel`` judge
those). What a field includes (snippets, clauses, facts) is not compared: those are shared.

Used by ``consistency/stale-translation`` (``ccm lint --base``) and ``ccm diff``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Comm, Project, TemplateField


@dataclass(frozen=True)
class StaleTranslation:
    comm: Comm  # the head version
    channel: str
    field: str
    changed: tuple[str, ...]  # the locales whose text changed
    unchanged: tuple[str, ...]  # the locales whose text did not: possibly stale
    where: TemplateField  # the head field of the first changed locale
    offset: int  # where its change starts in ``where.source``

    def to_json(self) -> dict:
        return {"comm": self.comm.id, "channel": self.channel, "field": self.field,
                "changed": list(self.changed), "unchanged": list(self.unchanged),
                "file": self.where.origin.file, "line": self.where.origin.locate(self.offset)[0]}

    @property
    def text(self) -> str:
        return (f"{self.channel}.{self.field}: {', '.join(self.changed)} changed, "
                f"{', '.join(self.unchanged)} did not (possibly stale translation)")


# A copy edit: the words stay the same but for typos, inflection, articles and punctuation.
# English only: in Japanese a one-character edit can negate a sentence (ます → ません), so
# every change of its words counts.
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:'[^\W\d_]+)*")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
_FUNCTION = frozenset({"a", "an", "the", "this", "that", "these", "those", "to", "into", "onto", "of", "be", "please"})
_NEGATION = frozenset({"not", "no", "never", "none", "nor", "cannot", "without"})
_SUFFIXES = ("s", "es", "d", "ed")
MAX_TOKENS = 5000  # words of both versions compared word by word, at most


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _one_edit(a: str, b: str) -> bool:
    """Is ``b`` one insertion, deletion, substitution or transposition away from ``a``?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    if len(a) == len(b):
        return a[k + 1:] == b[k + 1:] or (a[k + 1:k + 2] == b[k:k + 1] and a[k:k + 1] == b[k + 1:k + 2] and a[k + 2:] == b[k + 2:])
    return a[k + 1:] == b[k:] if len(a) > len(b) else a[k:] == b[k + 1:]


def _same_word(a: str, b: str) -> bool:
    if a.isdigit() or b.isdigit() or a in _NEGATION or b in _NEGATION or a.endswith("n't") or b.endswith("n't"):
        return a == b
    if any(a + s == b or b + s == a for s in _SUFFIXES):
        return True
    return min(len(a), len(b)) >= 4 and _one_edit(a, b)


def copy_edit(old: str, new: str) -> bool:
    """Do ``old`` and ``new`` say the same words, give or take whitespace, punctuation, case,
    a typo or inflection in a word of four letters or more, and articles and such function
    words (never a number, never a negation)? Japanese, Chinese and Korean text: only
    whitespace, punctuation and the like."""
    if " ".join(old.split()) == " ".join(new.split()):
        return True
    a, b = _tokens(old), _tokens(new)
    if len(a) + len(b) > MAX_TOKENS or _CJK.search(old) or _CJK.search(new):  # bounded; CJK: the words as they are
        return a == b
    from difflib import SequenceMatcher

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        gone, came = a[i1:i2], b[j1:j2]
        if "".join(gone) == "".join(came):  # "real-time" -> "realtime"
            continue
        gone = [t for t in gone if t not in _FUNCTION]
        came = [t for t in came if t not in _FUNCTION]
        if len(gone) != len(came) or not all(_same_word(x, y) for x, y in zip(gone, came)):
            return False
    return True


def _first_difference(old: str, new: str) -> int:
    limit = min(len(old), len(new))
    k = 0
    while k < limit and old[k] == new[k]:
        k += 1
    return k


def _texts(comm: Comm) -> dict[tuple[str, str], dict[str, TemplateField]]:
    by_field: dict[tuple[str, str], dict[str, TemplateField]] = {}
    for tfield in comm.fields:
        by_field.setdefault((tfield.channel, tfield.name), {})[tfield.locale] = tfield
    return by_field


def _may_differ(old: Comm, new: Comm) -> bool:
    """Cheap: the same YAML text and no template file of its own cannot change a field."""
    return old.doc.text != new.doc.text or old.names_files() or new.names_files()


def comm_stale(old: Comm, new: Comm) -> list[StaleTranslation]:
    """The possibly stale translations of one comm between its ``old`` and ``new`` version."""
    if not _may_differ(old, new):
        return []
    before, after = _texts(old), _texts(new)
    found = []
    for key in sorted(after):
        if key not in before:
            continue
        both = sorted(set(before[key]) & set(after[key]))
        if len(both) < 2:
            continue
        changed = [loc for loc in both if not copy_edit(before[key][loc].source, after[key][loc].source)]
        if not changed or len(changed) == len(both):
            continue
        where = after[key][changed[0]]
        offset = _first_difference(before[key][changed[0]].source, where.source)
        found.append(StaleTranslation(new, key[0], key[1], tuple(changed),
                                      tuple(loc for loc in both if loc not in changed), where, offset))
    return found


def stale_translations(base: Project, head: Project, wanted: set[str] | None = None) -> list[StaleTranslation]:
    """Every possibly stale translation from ``base`` to ``head`` (of the comms in ``wanted``,
    when given). A comm the base does not hold (not loaded, or new) has none."""
    old_comms = {comm.id: comm for comm in base.comms}
    found: list[StaleTranslation] = []
    seen: set[str] = set()
    for comm in head.comms:
        if comm.id in seen or (wanted is not None and comm.id not in wanted):
            continue
        seen.add(comm.id)
        old = old_comms.get(comm.id)
        if old is not None:
            found.extend(comm_stale(old, comm))
    return found
