"""The values of the intent engine: a phrase, an intent, a library of intents, a match.

An :class:`IntentLibrary` is immutable; it builds one matcher per language the first time a
text of that language is read, and keeps it (a lint run reads thousands of texts with the same
library). :attr:`IntentLibrary.digest` names its content, for result caches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterator

__all__ = ["Phrase", "Intent", "IntentMatch", "IntentLibrary", "language_of", "REGEX_PREFIX", "BUILT_IN"]

REGEX_PREFIX = "re:"
BUILT_IN = "built-in"


def language_of(locale: str) -> str:
    """The language a locale reads its phrases in: ``en-GB`` → ``en``, ``ja-JP`` → ``ja``."""
    return (locale or "").replace("_", "-").split("-", 1)[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase of an intent, in one language, as its author wrote it."""

    text: str
    language: str
    origin: str = BUILT_IN  # "built-in" or "policies/intents.yaml:LINE:COLUMN"

    @property
    def is_regex(self) -> bool:
        return self.text.startswith(REGEX_PREFIX)

    @property
    def pattern(self) -> str:
        """The regular expression of a ``re:`` phrase."""
        return self.text[len(REGEX_PREFIX):]


@dataclass(frozen=True)
class Intent:
    """What a text does (sells, threatens disconnection...) and the phrases that show it.

    ``negatable``: a negated phrase ("we will not disconnect you", 「止めることはありません」)
    does not show the intent. ``origin`` says where the definition comes from. ``aliases``:
    tag names that mean this intent (``payment-holiday`` for ``payment-deferral``): a policy or a
    comm that writes one means the intent (SPEC 2.6, a tag and an intent are the same thing).
    """

    name: str
    description: str
    phrases: dict[str, tuple[Phrase, ...]]  # language -> phrases
    negatable: bool = False
    origin: str = BUILT_IN
    aliases: tuple[str, ...] = ()

    def phrases_in(self, language: str) -> tuple[Phrase, ...]:
        return self.phrases.get(language, ())

    @property
    def languages(self) -> list[str]:
        return sorted(lang for lang, phrases in self.phrases.items() if phrases)


@dataclass(frozen=True, slots=True)
class IntentMatch:
    """Where a text shows an intent: ``text[start:end]`` is ``words`` and matched ``phrase``.

    ``negated_by`` is set (the negating words) only on matches that do not count, which
    :func:`ccm_cli.intents.find_intents` returns only when asked for them.
    """

    intent: str
    phrase: str
    start: int
    end: int
    words: str
    origin: str = BUILT_IN
    negated_by: str | None = None

    def to_json(self) -> dict:
        out = {"intent": self.intent, "phrase": self.phrase, "words": self.words, "start": self.start,
               "end": self.end, "origin": self.origin}
        if self.negated_by is not None:
            out["negated_by"] = self.negated_by
        return out


@dataclass(frozen=True)
class IntentLibrary:
    """Intents by name. Read-only; matchers are built per language on first use."""

    intents: dict[str, Intent]
    _matchers: dict = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Intent]:
        return iter(self.intents[name] for name in sorted(self.intents))

    def __contains__(self, name: object) -> bool:
        return name in self.intents

    def __len__(self) -> int:
        return len(self.intents)

    def get(self, name: str) -> Intent | None:
        return self.intents.get(name)

    @property
    def names(self) -> list[str]:
        return sorted(self.intents)

    @property
    def languages(self) -> list[str]:
        return sorted({lang for intent in self.intents.values() for lang in intent.languages})

    @property
    def alias_names(self) -> list[str]:
        """Every alias of every intent (tag names that mean an intent)."""
        return sorted(self._alias_map())

    def intent_of(self, tag: str) -> str | None:
        """The intent a tag names: the intent itself, or the intent it is an alias of; else None."""
        if tag in self.intents:
            return tag
        return self._alias_map().get(tag)

    def names_of(self, intent: str) -> tuple[str, ...]:
        """The intent's name and its aliases: every tag that means it."""
        found = self.intents.get(intent)
        return (intent, *found.aliases) if found is not None else (intent,)

    def tag_names(self) -> frozenset[str]:
        """Every name a tag may use to mean an intent: intent names and aliases."""
        return frozenset(self.intents) | frozenset(self._alias_map())

    def _alias_map(self) -> dict[str, str]:
        cached = self._matchers.get("#aliases")
        if cached is None:
            cached = {}
            for intent in self:
                for alias in intent.aliases:
                    if alias not in self.intents:
                        cached.setdefault(alias, intent.name)
            self._matchers["#aliases"] = cached
        return cached

    def matcher(self, language: str):
        """The compiled matcher for ``language`` (Japanese: morphemes; others: words)."""
        found = self._matchers.get(language)
        if found is None:
            entries = [(intent, phrase) for intent in self for phrase in intent.phrases_in(language)]
            if language == "ja":
                from .morphemes import JapaneseMatcher

                found = JapaneseMatcher(entries)
            else:
                from .words import WordMatcher

                found = WordMatcher(language, entries)
            self._matchers[language] = found
        return found

    @property
    def digest(self) -> str:
        """A hash of every intent's definition: equal libraries have equal digests."""
        cached = self._matchers.get("#digest")
        if cached is None:
            data = [[i.name, i.description, i.negatable,
                     {lang: [p.text for p in ps] for lang, ps in sorted(i.phrases.items())}, list(i.aliases)] for i in self]
            cached = hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()
            self._matchers["#digest"] = cached
        return cached
