"""The values of the intent engine: a phrase, an intent, a match (the library of intents
in force, with its matchers, is :class:`ccm_cli.intents.catalog.IntentLibrary`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Phrase", "Intent", "IntentMatch", "language_of", "REGEX_PREFIX", "BUILT_IN"]

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
