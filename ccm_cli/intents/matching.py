"""What the word matcher and the morpheme matcher share: sorting phrases into plain and ``re:``
ones, running the ``re:`` ones, and the final tidy-up.

A phrase of either kind is indexed by its first unit (a stem, a lemma); a text is cut into
units once and each unit looks up the phrases that start with it, so the cost of a text grows
with its length, not with the size of the library. ``re:`` phrases are few and run one by one.
"""

from __future__ import annotations

from typing import Callable, Iterable

from .model import Intent, IntentMatch, Phrase
from .patterns import UnsafePattern, compile_user_regex


PARAGRAPH_CACHE = 50_000  # paragraphs whose matches a matcher keeps (a few MB)


def split_phrases(entries: Iterable[tuple[Intent, Phrase]], phrase_keys: Callable[[str], list]
                  ) -> tuple[list[tuple[Intent, Phrase, list]], list[tuple[Intent, Phrase]]]:
    """(each plain phrase with its keys — once per intent and keys, a phrase without keys left
    out —, the ``re:`` phrases): what a matcher indexes and what it runs one by one."""
    plain: list[tuple[Intent, Phrase, list]] = []
    regex: list[tuple[Intent, Phrase]] = []
    seen: set = set()
    for intent, phrase in entries:
        if phrase.is_regex:
            regex.append((intent, phrase))
            continue
        keys = phrase_keys(phrase.text)
        if keys and (intent.name, tuple(keys)) not in seen:
            seen.add((intent.name, tuple(keys)))
            plain.append((intent, phrase, keys))
    return plain, regex


class RegexPhrases:
    """The ``re:`` phrases of one language, compiled (an unsafe one is left out: the library
    loader has reported it already)."""

    def __init__(self, entries: Iterable[tuple[Intent, Phrase]]) -> None:
        self.compiled = []
        for intent, phrase in entries:
            try:
                self.compiled.append((intent, phrase, compile_user_regex(phrase.pattern)))
            except UnsafePattern:
                continue

    def __bool__(self) -> bool:
        return bool(self.compiled)

    def find(self, text: str, negation=None) -> list[IntentMatch]:
        out = []
        for intent, phrase, pattern in self.compiled:
            for m in pattern.finditer(text):
                if m.end() == m.start():
                    continue
                negated = negation(m.start(), m.end()) if (negation is not None and intent.negatable) else None
                out.append(IntentMatch(intent.name, phrase.text, m.start(), m.end(), m.group(0), phrase.origin, negated))
        return out


def tidy(matches: list[IntentMatch]) -> list[IntentMatch]:
    """Sorted by position. Within one intent, a match inside a longer one (or equal to one
    found by another phrase) is dropped, and so is a negated match that overlaps a counted one."""
    key = lambda m: (m.start, -m.end, m.intent, m.phrase)  # noqa: E731
    counted = _outermost(sorted((m for m in matches if m.negated_by is None), key=key))
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in counted:
        spans.setdefault(m.intent, []).append((m.start, m.end))
    negated = [m for m in _outermost(sorted((m for m in matches if m.negated_by is not None), key=key))
               if not any(a < m.end and m.start < b for a, b in spans.get(m.intent, ()))]
    return sorted(counted + negated, key=key)


def _outermost(matches: list[IntentMatch]) -> list[IntentMatch]:
    out: list[IntentMatch] = []
    reach: dict[str, int] = {}  # intent -> end of the furthest match kept so far
    for m in matches:
        if m.end <= reach.get(m.intent, -1):
            continue
        reach[m.intent] = m.end
        out.append(m)
    return out
