"""Where a text shows each intent: :func:`find_intents` (the API the rules call)."""

from __future__ import annotations

import re

from .catalog import IntentLibrary
from .library import builtin_library
from .model import IntentMatch, language_of

__all__ = ["find_in_prose", "find_intents", "intents_shown"]


def find_intents(text: str, locale: str, library: IntentLibrary | None = None, *,
                 include_negated: bool = False, tokens=None, blocks=None) -> list[IntentMatch]:
    """Where ``text`` (in ``locale``) shows each intent of ``library`` (default: built-in),
    sorted by position. ``start``/``end`` are character offsets into ``text``.

    Negated matches of ``negatable`` intents ("we will never ask for your password") do not
    count; ``include_negated=True`` returns them too, with ``negated_by`` set (to explain).

    ``tokens``: for Japanese, the text's morphemes when the caller has them
    (``ccm_cli.text.ja.JaDocument(text).tokens``, offsets into ``text``), so that a text the ja
    rules read is cut once; ignored for other languages.

    ``blocks``: (start, end) parts of ``text`` that no phrase crosses (a Markdown document's
    paragraphs, list items, headings: ``Prose.blocks``). Each is matched once per distinct text
    in this process — the blocks of a comm recur across its samples, variants and copies — and
    a Japanese block is cut through the same cache as the ja rules' documents, so a text is
    tokenized once either way."""
    if not text:
        return []
    library = library if library is not None else builtin_library()
    matcher = library.matcher(language_of(locale))
    if blocks is not None:
        matches = _by_block(matcher, text, blocks)
    else:
        matches = matcher.find(text, tokens) if tokens is not None else _by_paragraph(matcher, text)
    if include_negated:
        return matches
    return [m for m in matches if m.negated_by is None]


def find_in_prose(prose, locale: str, library: IntentLibrary) -> tuple[IntentMatch, ...]:
    """The intents a reader's text (a :class:`ccm_cli.text.markdown.Prose`) shows, negated
    ones left out: found once per prose and library — kept with the prose, which every rule
    reading the same text shares (the contact policy and the brand's voice ask alike) — and,
    inside it, once per distinct block (paragraph, list item, heading); a Japanese block is cut
    into morphemes through the cache the ja rules' documents use."""
    language = language_of(locale)

    def build(p) -> tuple[IntentMatch, ...]:
        return tuple(find_intents(p.text, locale, library, blocks=[(b.start, b.end) for b in p.blocks]))

    return prose.view(("intents", library.digest, language), build)


def intents_shown(text: str, locale: str, library: IntentLibrary | None = None) -> dict[str, list[IntentMatch]]:
    """The intents ``text`` shows, each with its matches (in order of position)."""
    out: dict[str, list[IntentMatch]] = {}
    for m in find_intents(text, locale, library):
        out.setdefault(m.intent, []).append(m)
    return out


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _by_paragraph(matcher, text: str) -> list[IntentMatch]:
    """The matches of ``text``, paragraph by paragraph through the matcher's cache: no phrase
    spans a blank line, and the paragraphs of a comm recur across its samples, channels and
    variants (only the one that says "Hi Ana," differs), so most are read once per run."""
    out: list[IntentMatch] = []
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk is not None else len(text)
        if end > start:
            paragraph = text[start:end]
            found = matcher.cache.get(paragraph, lambda p=paragraph: tuple(matcher.find(p)))
            if start == 0:
                out.extend(found)
            else:
                out.extend(_shifted(m, start) for m in found)
        if brk is not None:
            start = brk.end()
    return out


def _by_block(matcher, text: str, blocks) -> list[IntentMatch]:
    out: list[IntentMatch] = []
    for start, end in blocks:
        if end > start:
            block = text[start:end]
            found = matcher.cache.get(block, lambda b=block: tuple(matcher.find(b)))
            out.extend(found if start == 0 else (_shifted(m, start) for m in found))
    return out


def _shifted(m: IntentMatch, offset: int) -> IntentMatch:
    return IntentMatch(m.intent, m.phrase, m.start + offset, m.end + offset, m.words, m.origin, m.negated_by)
