"""What a rendered comm shows, for people to read (issue 22, item 8): the intents of each
locale × channel, over every sample, with the words that show them — for ``ccm diff`` and the
preview — and the repository's intent library.

A variant is read the way the rules read it (SPEC 2.6): each field as the reader reads it
(Markdown fields through :func:`ccm_cli.text.markdown.to_prose`: no link URLs, no markup),
every sample, the clause text included (the customer reads legal's words too)::

    from ccm_cli.intents.variants import library_of, shown_by_variants, changes

    library = library_of(project)                   # built-in + policies/intents.yaml
    before = shown_by_variants(base_variants, base_library)   # {(locale, channel): Shown}
    after = shown_by_variants(head_variants, library)
    changes(before.get(key), after.get(key))        # IntentChange: added ("now also"), removed
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .finding import find_intents
from .library import builtin_library
from .catalog import IntentLibrary

__all__ = ["IntentChange", "Shown", "changes", "field_prose", "library_of", "shown_by_variants", "shown_in_fields"]

MARKDOWN_FIELDS = frozenset({("email", "body"), ("letter", "body"), ("web", "body")})


def library_of(project) -> IntentLibrary:
    """The repository's intent library: the built-in one extended by ``policies/intents.yaml``
    (:func:`ccm_cli.policy.vocabularies.intent_library`, kept with the project, so every rule
    and command shares one library and its compiled matchers); the built-in one without a
    project."""
    if project is None or not hasattr(project, "doc") or not isinstance(getattr(project, "cache", None), dict):
        return builtin_library()
    from ..policy.vocabularies import intent_library

    return intent_library(project)


def field_prose(channel: str, name: str, text: str) -> str:
    """A rendered field as the reader reads it (Markdown fields without their markup)."""
    from ..text.markdown import plain_prose, to_prose

    return (to_prose(text) if (channel, name) in MARKDOWN_FIELDS else plain_prose(text)).text


@dataclass
class Shown:
    """The intents one locale × channel shows: intent -> the (field, words) that show it, in
    the order they were found (samples in order, fields in the channel's order)."""

    words: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # intent -> [(field, words)]

    @property
    def names(self) -> list[str]:
        return sorted(self.words)

    def example(self, intent: str) -> tuple[str, str] | None:
        """The first (field, words) that show ``intent``: ``("body", "get $20 off")``."""
        found = self.words.get(intent)
        return found[0] if found else None

    def add(self, intent: str, name: str, words: str) -> None:
        seen = self.words.setdefault(intent, [])
        if (name, words) not in seen:
            seen.append((name, words))


def shown_in_fields(fields: Iterable[tuple[str, str]], locale: str, channel: str, library: IntentLibrary | None = None,
                    into: Shown | None = None) -> Shown:
    """The intents ``fields`` ((name, rendered text) pairs of one variant) show."""
    out = into if into is not None else Shown()
    for name, text in fields:
        if not text:
            continue
        for m in find_intents(field_prose(channel, name, text), locale, library):
            out.add(m.intent, name, m.words)
    return out


def shown_by_variants(variants, library: IntentLibrary | None = None) -> dict[tuple[str, str], Shown]:
    """(locale, channel) -> what its variants (every sample) show together."""
    out: dict[tuple[str, str], Shown] = {}
    for variant in variants:
        shown = out.setdefault((variant.locale, variant.channel), Shown())
        shown_in_fields(((n, f.text) for n, f in variant.fields.items()), variant.locale, variant.channel, library, shown)
    return out


@dataclass(frozen=True)
class IntentChange:
    """Intents a change adds to (``added``: "now also") or removes from (``removed``: "no
    longer") one locale × channel, each with the first words that show it and their field."""

    added: tuple[tuple[str, tuple[str, str] | None], ...] = ()    # (intent, (field, words))
    removed: tuple[tuple[str, tuple[str, str] | None], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def lines(self) -> list[str]:
        """For people: ``now also: promotion ('get $20 off' in body)``, ``no longer: payment-deferral (…)``."""
        out = []
        for label, items in (("now also", self.added), ("no longer", self.removed)):
            if items:
                out.append(f"{label}: " + ", ".join(name + (f" ('{ex[1]}' in {ex[0]})" if ex else "") for name, ex in items))
        return out

    def to_json(self) -> dict:
        def item(name: str, ex: tuple[str, str] | None) -> dict:
            return {"intent": name, "words": ex[1] if ex else None, "field": ex[0] if ex else None}
        return {"added": [item(n, ex) for n, ex in self.added], "removed": [item(n, ex) for n, ex in self.removed]}


def changes(before: Shown | None, after: Shown | None) -> IntentChange:
    """What changed from ``before`` to ``after`` (either may be missing: a variant added or
    removed changes nothing here — it is called out as added or removed)."""
    if before is None or after is None:
        return IntentChange()
    old, new = set(before.words), set(after.words)
    return IntentChange(tuple((n, after.example(n)) for n in sorted(new - old)),
                        tuple((n, before.example(n)) for n in sorted(old - new)))
