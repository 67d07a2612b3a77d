"""The intents in force — the built-in library, extended by policies/intents.yaml.

An :class:`IntentLibrary` is immutable; it builds one matcher per language the first time a
text of that language is read, and keeps it (a lint run reads thousands of texts with the same
library). :attr:`IntentLibrary.digest` names its content, for result caches."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterator

from .model import Intent
from .morphemes import JapaneseMatcher
from .words import WordMatcher

__all__ = ["IntentLibrary"]


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
            found = JapaneseMatcher(entries) if language == "ja" else WordMatcher(language, entries)
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
