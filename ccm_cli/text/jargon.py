"""Jargon: terms a reader may not know, which must be replaced or explained where first used
(issue 22, item 7).

A glossary entry says what to do with a term::

    # brand/guidelines.yaml
    jargon:
      - {term: standing charge, explain: true, locale: en}       # explain it the first time
      - {term: tariff, use: price plan, locale: en}             # replace it (every time)
      - {term: 基本料金, explain: true, locale: ja}
      - {term: utilize, allow: true, locale: en}                # the brand uses it: drop the default

``term`` (required) is matched like an intent phrase: English (and other space-separated
languages) on word boundaries in any inflection, on the intents' Snowball stems
(``ccm_cli.intents.words``) but only in the term's own inflections ("terminate" matches
"terminated", never "terminal"); Japanese on morphemes (``ccm_cli.intents.morphemes`` over
``ccm_cli.text.ja`` tokens); German, French and the other Snowball languages on stems alone.
A term written like an abbreviation or a unit (``kWh``, ``MPAN``)
is matched case-sensitively, also right after a number ("350kWh"). ``use`` is a replacement
(text or a list); ``explain: true`` asks for an explanation at the first use (``use`` may be
given too, as a suggestion); ``allow: true`` removes a built-in default. ``locale`` is a
language (``en``: every English variant) or a locale (``en-GB``); default: every language the
term's script suggests (Japanese script: ``ja``; otherwise ``en``). Terms inside URLs never
match.

**Built-in defaults** (``ccm_cli/text/jargon_defaults.yaml``, sources and licences in its
header): the plainlanguage.gov "Use simple words and phrases" list (US federal government,
public domain / CC0), minus the entries that raise false alarms in customer mail (listed there
with the reason), and Japanese loanwords from 文化庁「公用文作成の考え方」(2022) and 国立国語研究所
「外来語」言い換え提案 (2006). They are ``use:`` entries (replace). A guideline entry for the same
term and language replaces the default.

**Explained** means the words right next to the first use explain it:

* after it: ``standing charge (a fixed daily amount you pay whatever you use)``,
  ``standing charge — the fixed daily amount…``, ``standing charge: the fixed…``,
  ``standing charge, which means…`` / ``, which is a…`` / ``, meaning…`` / ``, that is, …`` /
  ``, i.e. …`` / ``, in other words…`` / ``, a fixed daily amount…`` / ``kWh, or kilowatt-hours``,
  ``the standing charge is the fixed…`` / ``means`` / ``refers to`` / ``stands for``;
* before it: ``a fixed daily amount, called the standing charge``, ``known as``, ``referred to
  as``, ``a fixed daily amount (the standing charge)``;
* Japanese: 「基本料金（使用量にかかわらずかかる定額の料金）」 (a reading in kana, 「斟酌（しんしゃく）」,
  is not an explanation), 「基本料金とは、…」, 「基本料金というのは…」, 「基本料金：…」,
  「基本料金、つまり…」, 「基本料金は…のことです」, 「…定額の料金（基本料金）」, 「…を基本料金といいます」.

The first use is the first one outside a heading (a line starting with ``#``, or a block of at
most 80 characters without sentence punctuation); when every use is in a heading, the first.

The API the rules call::

    from ccm_cli.text.jargon import builtin_glossary, find_jargon, load_glossary

    glossary, problems = load_glossary(guidelines.get("jargon"), doc, ("jargon",))  # + defaults
    for m in find_jargon(text, "en-GB", glossary):         # sorted by position
        m.term.term, m.start, m.end, m.words, m.first, m.explained, m.explanation
        m.needs          # "replace", "explain" or None (nothing to do)
        m.message()      # "'utilize' is jargon: use 'use'" (plainlanguage.gov)
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..scale.lru import BoundedCache
from ..intents.matching import PARAGRAPH_CACHE
from ..problems import Problem, did_you_mean

__all__ = ["DEFAULTS_FILE", "JARGON_SCHEMA", "Glossary", "JargonMatch", "JargonTerm", "builtin_glossary",
           "find_jargon", "load_glossary"]

DEFAULTS_FILE = "ccm_cli/text/jargon_defaults.yaml"
GUIDELINES = "brand/guidelines.yaml"

JARGON_SCHEMA = {
    "type": "array",
    "title": "Jargon",
    "description": "Terms a reader may not know: replace them (use) or explain them where first used "
                   "(explain: true). allow: true removes a built-in default (plainlanguage.gov, 公用文作成の考え方).",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["term"],
        "properties": {
            "term": {"type": "string", "minLength": 1, "maxLength": 200, "title": "Term",
                     "description": "The term, as a writer would write it; any inflection matches.",
                     "examples": ["standing charge"]},
            "explain": {"type": "boolean", "title": "Explain on first use",
                        "description": "true: the first use must be explained: 'standing charge (a fixed daily amount…)'.",
                        "examples": [True]},
            "use": {"title": "Use instead", "description": "The word or words to write instead.",
                    "anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}],
                    "examples": ["price plan"]},
            "allow": {"type": "boolean", "title": "Allow",
                      "description": "true: the brand uses this term freely (removes a built-in default).",
                      "examples": [True]},
            "locale": {"type": "string", "title": "Locale",
                       "description": "A language (en: every English variant) or a locale (en-GB).",
                       "examples": ["en", "ja", "en-GB"]},
            "note": {"type": "string", "title": "Note", "description": "Why (shown to writers).",
                     "examples": ["Ofgem asks suppliers to explain it on every bill"]},
            "severity": {"enum": ["error", "warning", "info"], "title": "Severity",
                         "description": "error, warning or info (default: warning; the built-in defaults are info).",
                         "examples": ["warning"]},
        },
    },
    "examples": [[{"term": "standing charge", "explain": True, "locale": "en"},
                  {"term": "tariff", "use": "price plan", "locale": "en"}]],
}


@dataclass(frozen=True)
class JargonTerm:
    """One glossary entry, for one language."""

    term: str
    language: str                     # "en", "ja"...
    locale: str | None = None         # as written ("en-GB"); None: every locale of the language
    use: tuple[str, ...] = ()
    explain: bool = False
    omit: bool = False                # the source says: leave it out
    source: str = "built-in"          # a source name, or "brand/guidelines.yaml:LINE:COLUMN"
    note: str = ""
    severity: str | None = None       # as the entry declares (None: the rule decides)
    builtin: bool = True              # a built-in default, not the repository's own entry

    def applies_to(self, locale: str) -> bool:
        if self.locale is None or "-" not in self.locale:
            return True
        return _norm_locale(locale).startswith(_norm_locale(self.locale))

    @property
    def advice(self) -> str:
        """What to do, in words: "use 'use'", "leave it out", "explain it where it is first used"."""
        parts = []
        if self.use:
            parts.append("use " + " or ".join(f"'{u}'" for u in self.use))
        if self.omit:
            parts.append("leave it out")
        if self.explain:
            parts = ["explain it where it is first used" + (f" (or {parts[0]})" if parts else "")]
        return "; ".join(parts) or "replace it"


@dataclass(frozen=True)
class JargonMatch:
    """Where a text uses a term: ``text[start:end] == words``. ``first``: the first use (see the
    module docstring); ``explained``: this use carries an explanation (``explanation``)."""

    term: JargonTerm
    start: int
    end: int
    words: str
    first: bool
    explained: bool
    explanation: str | None = None

    @property
    def needs(self) -> str | None:
        """"replace" (a use: / omit entry, at every use), "explain" (an explain entry whose
        first use is not explained) or None."""
        if self.term.explain:
            return "explain" if self.first and not self.explained else None
        return "replace" if (self.term.use or self.term.omit) else None

    def message(self) -> str:
        source = _SOURCE_NAMES.get(self.term.source, self.term.source)
        if self.needs == "explain":
            text = f"'{self.words}' is jargon: explain it where it is first used"
            if self.term.use:
                text += " or use " + " or ".join(f"'{u}'" for u in self.term.use)
        else:
            text = f"'{self.words}' is jargon: {self.term.advice}"
        return f"{text} ({source})" if source else text

    def to_json(self) -> dict:
        return {"term": self.term.term, "words": self.words, "start": self.start, "end": self.end,
                "first": self.first, "explained": self.explained, "explanation": self.explanation,
                "needs": self.needs, "source": self.term.source}


@dataclass(frozen=True)
class Glossary:
    """Terms by language. Immutable; matchers are built per language on first use."""

    terms: tuple[JargonTerm, ...]
    _matchers: dict = field(default_factory=dict, repr=False, compare=False)

    def in_language(self, language: str) -> list[JargonTerm]:
        return [t for t in self.terms if t.language == language]

    def find(self, text: str, locale: str, tokens=None) -> list[JargonMatch]:
        return find_jargon(text, locale, self, tokens=tokens)

    @property
    def digest(self) -> str:
        """A hash of every entry: equal glossaries have equal digests (for result caches)."""
        data = [[t.term, t.language, t.locale, list(t.use), t.explain, t.omit, t.severity, t.builtin] for t in self.terms]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()

    def _matcher(self, language: str) -> "_LanguageMatcher":
        found = self._matchers.get(language)
        if found is None:
            found = _LanguageMatcher(language, self.in_language(language))
            self._matchers[language] = found
        return found


# ------------------------------------------------------------------------------ loading
_SOURCE_NAMES: dict[str, str] = {}


@lru_cache(maxsize=1)
def builtin_glossary() -> Glossary:
    """The built-in defaults (``ccm_cli/text/jargon_defaults.yaml``)."""
    import yaml

    data = yaml.safe_load(resources.files(__package__).joinpath("jargon_defaults.yaml").read_text("utf-8"))
    for key, source in (data.get("sources") or {}).items():
        _SOURCE_NAMES[key] = source["short"]
    terms = []
    for language in ("en", "ja"):
        for entry in data.get(language) or []:
            use = entry.get("use") or []
            terms.append(JargonTerm(str(entry["term"]), language, None, tuple(use if isinstance(use, list) else [use]),
                                    bool(entry.get("explain")), bool(entry.get("omit")), entry["source"],
                                    entry.get("note", "")))
    return Glossary(tuple(terms))


def load_glossary(entries: Any, doc=None, at: tuple = ("jargon",), rel: str = GUIDELINES,
                  defaults: bool = True, schema_problems: bool = True) -> tuple[Glossary, list[Problem]]:
    """The glossary of a guidelines file's ``jargon:`` list (``entries``; ``doc`` the parsed
    ``YamlDoc`` for positions, ``at`` the path of the list in it), on top of the built-in
    defaults unless ``defaults=False``. Problems: wrong types and unknown keys (the schema), an
    entry that says nothing to do, a term with no words, the same term twice.
    ``schema_problems=False`` leaves out the schema's (lint's schema rules report those against
    the guidelines schema) but still leaves such entries out."""
    from jsonschema import Draft202012Validator

    problems: list[Problem] = []
    file = doc.rel if doc is not None and rel == GUIDELINES else rel

    def problem(path: tuple, message: str, fix: str | None = None, on_key: bool = False, schema: bool = False) -> None:
        if schema and not schema_problems:
            return
        if doc is None:
            line, column = 1, 1
        else:
            line, column = doc.key_position((*at, *path)) if on_key else doc.position((*at, *path))
        problems.append(Problem(file, line, column, message, fix))

    base = list(builtin_glossary().terms) if defaults else []
    if entries is None:
        return Glossary(tuple(base)), problems
    broken: set[int] = set()
    for error in Draft202012Validator(JARGON_SCHEMA).iter_errors(entries):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            for key in error.instance:
                if key not in JARGON_SCHEMA["items"]["properties"]:
                    known = JARGON_SCHEMA["items"]["properties"]
                    problem((*path, key), f"jargon[{path[0]}]: unknown key '{key}'{did_you_mean(str(key), known, 0.6)}",
                            on_key=True, schema=True)
        else:
            where = "jargon" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
            if error.validator == "anyOf":
                problem(path, f"{where}: expected text or a list of texts, got {type(error.instance).__name__} "
                              f"{error.instance!r}", schema=True)
            elif error.validator == "type":
                words = {"array": "a list", "object": "a mapping", "string": "text", "boolean": "true or false"}
                problem(path, f"{where}: expected {words.get(error.validator_value, error.validator_value)}, "
                              f"got {type(error.instance).__name__}", schema=True)
            else:
                problem(path, f"{where}: {error.message}", schema=True)
        if path:
            broken.add(path[0])
    if not isinstance(entries, list):
        return Glossary(tuple(base)), problems
    own: list[JargonTerm] = []
    allowed: set[tuple[str, str]] = set()
    seen: dict[tuple[str, str | None], int] = {}
    for i, entry in enumerate(entries):
        if i in broken or not isinstance(entry, dict):
            continue
        term = str(entry["term"]).strip()
        locale = entry.get("locale")
        language = _language(locale) if locale else _guess_language(term)
        key = (_fold(term), locale.lower() if isinstance(locale, str) else None)
        if key in seen:
            problem((i, "term"), f"jargon[{i}]: '{term}' is already listed (jargon[{seen[key]}]); the first one counts")
            continue
        seen[key] = i
        if not _has_words(term, language):
            problem((i, "term"), f"jargon[{i}]: '{term}' has no words that count (articles are left out when matching)")
            continue
        if entry.get("allow") is True:
            allowed.add((_fold(term), language))
            continue
        use = entry.get("use")
        use = tuple(use) if isinstance(use, list) else ((use,) if isinstance(use, str) else ())
        explain = entry.get("explain") is True
        if not use and not explain:
            problem((i,), f"jargon[{i}]: say what to do with '{term}': explain: true, use: '…', or allow: true",
                    "Add explain: true (explain it where it is first used) or use: the words to write instead")
            continue
        line, column = doc.position((*at, i)) if doc is not None else (0, 0)
        where = f"{file}:{line}:{column}" if doc is not None else file
        severity = entry.get("severity") if entry.get("severity") in ("error", "warning", "info") else None
        own.append(JargonTerm(term, language, locale if isinstance(locale, str) else None, use, explain, False,
                              where, str(entry.get("note") or ""), severity, builtin=False))
    replaced = {(_fold(t.term), t.language) for t in own} | allowed
    terms = [t for t in base if (_fold(t.term), t.language) not in replaced] + own
    return Glossary(tuple(terms)), problems


def _language(locale: str) -> str:
    return str(locale).replace("_", "-").split("-", 1)[0].strip().lower()


def _guess_language(term: str) -> str:
    return "ja" if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", term) else "en"


def _norm_locale(locale: str) -> str:
    return (locale or "").replace("_", "-").lower()


def _fold(term: str) -> str:
    return unicodedata.normalize("NFKC", term).casefold().strip()


def _has_words(term: str, language: str) -> bool:
    if _is_abbreviation(term):
        return True
    if language == "ja":
        from ..intents.morphemes import JapaneseMatcher

        return bool(JapaneseMatcher.phrase_keys(term))
    return bool(_word_matcher(language).phrase_keys(term))


@lru_cache(maxsize=None)
def _word_matcher(language: str):
    from ..intents.words import WordMatcher

    return WordMatcher(language, [])


# ------------------------------------------------------------------------------ matching
def find_jargon(text: str, locale: str, glossary: Glossary | None = None, *, tokens=None) -> list[JargonMatch]:
    """Every use in ``text`` (in ``locale``) of a term of ``glossary`` (default: the built-in
    defaults) that applies to the locale, sorted by position; offsets into ``text``.
    ``tokens``: Japanese morphemes already cut (``JaDocument(text).tokens``)."""
    if not text:
        return []
    glossary = glossary if glossary is not None else builtin_glossary()
    language = _language(locale) if locale else "en"
    matcher = glossary._matcher(language)
    if not matcher.terms:
        return []
    raw = matcher.find(text, tokens)
    raw = [(t, a, b) for t, a, b in raw if t.applies_to(locale or language)]
    if not raw:
        return []
    urls = _url_spans(text)
    if urls:
        raw = [(t, a, b) for t, a, b in raw if not any(u < b and a < v for u, v in urls)]
    raw.sort(key=lambda r: (r[1], -r[2]))
    kept: list[tuple[JargonTerm, int, int]] = []
    for t, a, b in raw:  # a term inside a longer term's match is the longer one's
        if kept and a < kept[-1][2]:
            continue
        kept.append((t, a, b))
    headings = _heading_spans(text)
    first_at: dict[JargonTerm, int] = {}
    for t, a, _ in kept:
        if t not in first_at or (_inside(first_at[t], headings) and not _inside(a, headings)):
            first_at[t] = a
    out = []
    for t, a, b in kept:
        explanation = (_explained_ja if language == "ja" else _explained_en)(text, a, b)
        out.append(JargonMatch(t, a, b, text[a:b], first_at[t] == a, explanation is not None, explanation))
    return out


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class _LanguageMatcher:
    """The terms of one language: word or morpheme phrases through the intents' matchers, and
    abbreviations and units by a case-sensitive pattern."""

    def __init__(self, language: str, terms: list[JargonTerm]) -> None:
        from ..intents.model import Intent, Phrase

        self.language = language
        self.terms = terms
        self._by_name: dict[str, JargonTerm] = {}
        entries = []
        abbreviations = []
        for i, t in enumerate(terms):
            if _is_abbreviation(t.term):
                abbreviations.append(t)
                continue
            name = f"j{i}"
            self._by_name[name] = t
            entries.append((Intent(name, t.term, {language: (Phrase(t.term, language),)}), Phrase(t.term, language)))
        if language == "ja":
            from ..intents.morphemes import JapaneseMatcher

            self._phrases = JapaneseMatcher(entries)
        else:
            from ..intents.words import WordMatcher

            self._phrases = WordMatcher(language, entries)
        self._abbreviations = [(t, re.compile(rf"(?<![A-Za-z]){re.escape(t.term)}s?(?![A-Za-z])")) for t in abbreviations]
        self._inflect = language == "en"  # other languages: the stems of ccm_cli.intents.words decide
        self._cache: BoundedCache = BoundedCache(PARAGRAPH_CACHE)  # paragraph -> its uses of a term

    def find(self, text: str, tokens=None) -> list[tuple[JargonTerm, int, int]]:
        """Every use of a term in ``text``. Without ``tokens``, paragraph by paragraph through a
        cache: no term spans a blank line, and the paragraphs of a repository recur across its
        samples, channels and comms (only the one that says "Hi Ana," differs)."""
        if tokens is not None:
            return self._find(text, tokens)
        out: list[tuple[JargonTerm, int, int]] = []
        start = 0
        for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
            end = brk.start() if brk is not None else len(text)
            if end > start:
                paragraph = text[start:end]
                found = self._cache.get(paragraph, lambda p=paragraph: tuple(self._find(p, None)))
                out.extend((t, a + start, b + start) for t, a, b in found)
            if brk is not None:
                start = brk.end()
        return out

    def _find(self, text: str, tokens=None) -> list[tuple[JargonTerm, int, int]]:
        out = []
        for m in self._phrases.find(text, tokens) if self.language == "ja" else self._phrases.find(text):
            t = self._by_name.get(m.intent)
            if t is None:
                continue
            if self._inflect:
                exact = _own_inflection(t.term, text, m.start, m.end)
                if exact is None:
                    continue
                out.append((t, *exact))
            else:
                out.append((t, m.start, m.end))
        for t, pattern in self._abbreviations:
            out.extend((t, m.start(), m.end()) for m in pattern.finditer(text))
        return out


def _is_abbreviation(term: str) -> bool:
    """kWh, MPAN, SMETS2: no spaces, letters (and digits), an upper-case letter after the first."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,9}", term)) and any(c.isupper() for c in term[1:])


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _own_inflection(term: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the term's own words, in their own inflections, where the word matcher found
    it (``start``..``end``), or None. The word matcher compares stems and leaves articles out,
    so alone it would let "terminate" match "terminal", "a number of" match "an excessive
    number of" and "provided that" match "the URL provided"."""
    pattern = _term_pattern(term)
    for m in pattern.finditer(text, max(0, start - 40), min(len(text), end + 40)):
        if m.start() < end and start < m.end():
            return m.start(), m.end()
    return None


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern:
    words = _WORD.findall(term)
    parts = ["(?:" + "|".join(re.escape(f) for f in sorted(_inflections(w.lower()), key=len, reverse=True)) + ")"
             for w in words]
    return re.compile(r"(?<![^\W_])" + r"[\W_]{1,3}".join(parts) + r"(?![^\W_])", re.I)


@lru_cache(maxsize=4096)
def _inflections(word: str) -> frozenset[str]:
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing", word + "'s", word + "er",
             word + "ers"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms)


_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+|[\w.+-]+@[\w-]+\.[\w.-]+")


def _url_spans(text: str) -> list[tuple[int, int]]:
    if "://" not in text and "www." not in text and "@" not in text:
        return []
    return [(m.start(), m.end()) for m in _URL.finditer(text)]


_SENTENCE_MARKS = re.compile(r"[.!?:;。！？：]")


def _heading_spans(text: str) -> list[tuple[int, int]]:
    """Lines that start with '#', and blocks (between blank lines) of at most 80 characters
    without sentence punctuation: titles, not sentences."""
    spans = []
    for m in re.finditer(r"(?m)^[ \t]*#[^\n]*", text):
        spans.append((m.start(), m.end()))
    for m in re.finditer(r"(?:^|(?<=\n\n))([^\n]+(?:\n[^\n]+)*)", text):
        block = m.group(1)
        if len(block.strip()) <= 80 and not _SENTENCE_MARKS.search(block) and "\n\n" in text:
            spans.append((m.start(1), m.end(1)))
    return spans


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


# ------------------------------------------------------------------------------ explained?
_MARKUP_AFTER = re.compile(r"""^[*_`"'”’」』]*""")
_MARKUP_BEFORE = re.compile(r"""[*_`"'“‘「『]*$""")
_PRONOUNS = {"we", "you", "i", "they", "it", "he", "she", "us", "our", "your", "pay", "call", "contact", "visit",
             "else", "both", "not", "more", "less", "higher", "lower", "so"}

_EN_AFTER = [
    ("paren", re.compile(r"^\s*\(([^()\n]{3,200})\)")),
    ("dash", re.compile(r"^\s*(?:—|–|--|\s-)\s*([^\n.;]{3,200})")),
    ("colon", re.compile(r"^\s*:\s+([^\n]{3,200})")),
    ("which", re.compile(r"^,?\s+(?:which|that)\s+(?:means?|refers?\s+to|stands?\s+for)\b([^\n.]{0,200})", re.I)),
    ("which", re.compile(r"^,?\s+(?:which|that)\s+(?:is|are)\s+(?:a|an|the|what|how|when|where|why)\b([^\n.]{0,200})", re.I)),
    ("meaning", re.compile(r"^,\s*(?:meaning|that is|i\.e\.|ie|in other words|or in plain words)\b,?([^\n.]{0,200})", re.I)),
    ("is", re.compile(r"^\s+(?:means|refers\s+to|stands\s+for|is\s+short\s+for|(?:is|are)\s+(?:a|an|the)\s+"
                      r"(?!(?:bit|little|lot|same|most|highest|lowest|only|first|last|best|biggest|main|largest|"
                      r"smallest|reason|result|one|part)\b))([^\n.]{0,200})", re.I)),
    ("appositive", re.compile(r"^,\s+(?:a|an)\s+([^\n.,;]{3,200})", re.I)),
    ("or", re.compile(r"^,\s+or\s+([A-Za-z][^\n.,;]{2,200})", re.I)),
]
_EN_BEFORE = [
    ("called", re.compile(r"(?:called|known\s+as|referred\s+to\s+as|named)\s+(?:(?:the|a|an|your|our)\s+)?$", re.I)),
]


def _explained_en(text: str, start: int, end: int) -> str | None:
    after = text[end:end + 260]
    after = after[_MARKUP_AFTER.match(after).end():]
    for kind, pattern in _EN_AFTER:
        m = pattern.match(after)
        if m is None:
            continue
        content = m.group(1).strip() if m.groups() else ""
        if kind == "paren" and not _explains(content):
            continue
        if kind == "or" and content.split()[0].lower() in _PRONOUNS:
            continue
        if kind in ("dash", "colon") and len(_WORD.findall(content)) < 2:
            continue
        return m.group(0).strip()
    before = text[max(0, start - 160):start]
    before = before[:_MARKUP_BEFORE.search(before).start()]
    for _, pattern in _EN_BEFORE:
        m = pattern.search(before)
        if m is not None:
            return m.group(0).strip()
    if re.search(r"\(\s*(?:(?:the|a|an|your)\s+)?$", before, re.I) and re.match(r"^\s*\)", after):
        description = before[:before.rfind("(")].rstrip()
        if len(_WORD.findall(description[-80:])) >= 2:
            return before[before.rfind("("):].strip() + text[start:end] + ")"
    return None


def _explains(content: str) -> bool:
    """Does a parenthesis explain (at least two words, not a date, a number, an abbreviation
    or a reading)?"""
    words = _WORD.findall(content)
    if len(words) < 2 or all(w.isdigit() for w in words):
        return False
    return not re.fullmatch(r"[\s\d/.,:-]+(?:am|pm)?", content, re.I)


_KANA_ONLY = re.compile(r"^[\u3040-\u309fー・\s]+$")
_KATAKANA_ONLY = re.compile(r"^[\u30a0-\u30ffー・\s]+$")
_KANJI = re.compile(r"[\u3400-\u9fff]")
_JA_AFTER = [
    ("paren", re.compile(r"^\s*[（(]([^（）()\n]{2,200})[）)]")),
    ("towa", re.compile(r"^(?:とは(?!別|異な|違|関係|無関係)|というのは|と言うのは|というものは)([^\n]{0,120})")),
    ("colon", re.compile(r"^\s*[:：]\s*([^\n]{2,200})")),
    ("tsumari", re.compile(r"^\s*[、，]?\s*(?:つまり|すなわち|要するに|言い換えると)([^\n]{0,120})")),
    ("nokoto", re.compile(r"^(?:は|とは)[、，]?([^。\n]{0,80}?(?:のこと|という意味|を指し|を言い|をいい))")),
]


def _explained_ja(text: str, start: int, end: int) -> str | None:
    after = text[end:end + 260]
    after = after[_MARKUP_AFTER.match(after).end():]
    term = text[start:end]
    for kind, pattern in _JA_AFTER:
        m = pattern.match(after)
        if m is None:
            continue
        if kind == "paren":
            content = m.group(1).strip()
            if _KANA_ONLY.match(content) or (_KATAKANA_ONLY.match(content) and _KANJI.search(term)):
                continue  # a reading, not an explanation
        return m.group(0).strip()
    before = text[max(0, start - 160):start]
    before = before[:_MARKUP_BEFORE.search(before).start()]
    if re.search(r"[（(]\s*$", before) and re.match(r"^\s*[）)]", after):
        return before[max(before.rfind("（"), before.rfind("(")):] + term + after.strip()[:1]
    if re.match(r"^\s*(?:と|って)(?:いい|言い|いう|言う|呼び|呼ぶ|呼ん|称し|申し)", after):
        return term + re.match(r"^\s*(?:と|って)[^\s。、]{0,8}", after).group(0)
    return None
