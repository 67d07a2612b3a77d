"""Vale's check types, on a text split into Vale's scopes.

A :class:`ValeRule` is one ``<Style>/<Rule>.yml``; ``rule.check(scopes)`` yields
:class:`Alert` ranges of ``scopes.text`` (the reader's text). Semantics follow Vale:

* ``tokens`` are joined into one alternation; unless ``nonword: true`` it is wrapped in word
  boundaries (``\\b(?:a|b)\\b``); ``ignorecase: true`` adds ``(?i)``; ``raw`` pieces are
  concatenated as-is and appended; matches equal to one of ``exceptions`` are skipped;
* ``message`` takes ``%s`` arguments: the match (existence, repetition, consistency,
  conditional, capitalization), the replacement then the match (substitution), the count
  (occurrence);
* ``level``: error, warning, or suggestion (reported as info);
* ``scope``: text (default), paragraph, sentence, heading (Markdown headings, and fields that
  are headlines: subject, title, headline, cta), list (list items); ``~heading``
  means everything but headings. Capitalization rules default to ``heading``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..text.ja import split_sentences
from ..user_regex import UserRegex, compile_user

EXTENDS = ("existence", "substitution", "occurrence", "repetition", "capitalization", "consistency", "conditional")
LEVELS = {"error": "error", "warning": "warning", "suggestion": "info"}
SCOPES = ("text", "summary", "paragraph", "sentence", "heading", "list", "raw")
_SMALL_WORDS = frozenset("a an and as at but by en for from if in nor of on or per the to via vs with".split())


@dataclass(frozen=True)
class Alert:
    start: int
    end: int
    message: str


@dataclass
class Scopes:
    """The reader's text and its units per Vale scope (ranges of ``text``)."""

    text: str
    units: dict[str, list[tuple[int, int]]]
    typed: Callable[[int, int], bool] | None = None  # did the writer type text[a:b]?

    @classmethod
    def build(cls, prose, headline_field: bool = False, typed: Callable[[int, int], bool] | None = None) -> "Scopes":
        text = prose.text
        blocks = [b for b in prose.blocks if b.end > b.start]
        paragraphs = [(b.start, b.end) for b in blocks]
        headings = [(b.start, b.end) for b in blocks if b.kind == "heading"]
        if headline_field:
            headings = [(0, len(text.rstrip()))] if text.strip() else []
        lists = [(b.start, b.end) for b in blocks if b.in_list]
        sentences = []
        for b in blocks:
            sentences.extend(split_sentences(text, b.start, b.end))
        units = {
            "text": [(0, len(text))],
            "summary": [(0, len(text))],
            "paragraph": paragraphs,
            "sentence": sentences,
            "heading": headings,
            "list": lists,
            "raw": [(0, len(text))],
        }
        return cls(text, units, typed)

    def get(self, scope) -> list[tuple[int, int]]:
        scopes = scope if isinstance(scope, list) else [scope]
        out: list[tuple[int, int]] = []
        for name in scopes:
            name = str(name).strip()
            if name.startswith("~"):
                excluded = self.units.get(name[1:].split(".")[0], [])
                out.extend(_subtract([(0, len(self.text))], excluded))
            else:
                out.extend(self.units.get(name.split(".")[0], []))
        return out


def _subtract(ranges, holes):
    out = []
    for a, b in ranges:
        cur = a
        for h0, h1 in sorted(holes):
            if h1 <= cur or h0 >= b:
                continue
            if h0 > cur:
                out.append((cur, h0))
            cur = max(cur, h1)
        if cur < b:
            out.append((cur, b))
    return out


def compile_token(token: str, rule: "ValeRule") -> UserRegex:
    """One expression of ``rule`` (a token, a swap key, ...), compiled as Vale would; a bad
    one raises :class:`re.error` (the loader reports it at its line)."""
    return compile_user(token, re.I if rule.ignorecase else 0, label=f"Vale rule {rule.name}")


def _format(message: str, *args: str) -> str:
    parts = message.split("%s")
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += (args[i] if i < len(args) else "") + part
    return out


@dataclass
class ValeRule:
    name: str  # Style.Rule
    extends: str
    data: dict
    file: str
    level: str  # error | warning | info
    position: Callable[[tuple], tuple[int, int]] | None = field(default=None, repr=False)  # YAML path -> (line, column)
    _compiled: dict = field(default_factory=dict, repr=False)

    @property
    def ignorecase(self) -> bool:
        return bool(self.data.get("ignorecase", False))

    @property
    def nonword(self) -> bool:
        return bool(self.data.get("nonword", False))

    @property
    def message(self) -> str:
        return str(self.data.get("message") or f"{self.name}: '%s'")

    @property
    def scope(self):
        default = "heading" if self.extends == "capitalization" else "text"
        return self.data.get("scope", default)

    @property
    def exceptions(self) -> list[str]:
        return [str(x) for x in self.data.get("exceptions") or []]

    def _words(self, body: str) -> str:
        return body if self.nonword else rf"\b(?:{body})\b"

    def _flags(self) -> int:
        return re.I | re.M if self.ignorecase else re.M

    def _regex(self, body: str, key: str, flags: int | None = None, path: tuple = ()) -> UserRegex:
        """``body`` (from the rule's ``key``) compiled; a search that runs too long names the
        rule file and the line of ``key`` (see :mod:`ccm_cli.user_regex`)."""
        return compile_user(body, self._flags() if flags is None else flags, label=f"the '{key}' expression of Vale rule {self.name}",
                            locate=lambda: self._where(path or (key,)))

    def _where(self, path: tuple) -> tuple:
        line, column = self.position(path) if self.position is not None else (None, None)
        return self.file, line, column

    def compile(self) -> None:
        d = self.data
        c = self._compiled
        if self.extends in ("existence", "repetition"):
            tokens = [str(t) for t in d.get("tokens") or []]
            body = self._words("|".join(tokens)) if tokens else ""
            body += "".join(str(r) for r in d.get("raw") or [])
            c["re"] = self._regex(body, "tokens" if tokens else "raw")
        elif self.extends == "substitution":
            c["swap"] = [(self._regex(self._words(str(k)), "swap", path=("swap", k)), str(v)) for k, v in d["swap"].items()]
        elif self.extends == "occurrence":
            c["re"] = self._regex(str(d["token"]), "token")
        elif self.extends == "consistency":
            c["either"] = [(self._regex(self._words(str(k)), "either", path=("either", k)), self._regex(self._words(str(v)), "either", path=("either", k)))
                           for k, v in d["either"].items()]
        elif self.extends == "conditional":
            c["first"] = self._regex(str(d["first"]), "first")
            c["second"] = self._regex(str(d["second"]), "second")
        elif self.extends == "capitalization":
            match = str(d.get("match", "$sentence"))
            if not match.startswith("$"):
                c["re"] = self._regex(match, "match")
        if self.exceptions:
            c["exceptions"] = self._regex("|".join(f"(?:{e})" for e in self.exceptions), "exceptions", re.I if self.ignorecase else 0)

    def _excepted(self, found: str) -> bool:
        exc = self._compiled.get("exceptions")
        return bool(exc and exc.fullmatch(found))

    # -- check types ------------------------------------------------------------------
    def check(self, scopes: Scopes) -> Iterator[Alert]:
        if not self._compiled:
            self.compile()
        units = scopes.get(self.scope)
        if self.extends == "capitalization":
            yield from self._capitalization(scopes.text, units, scopes.typed)
            return
        yield from getattr(self, "_" + self.extends)(scopes.text, units)

    def _existence(self, text, units):
        regex = self._compiled["re"]
        for a, b in units:
            for m in regex.finditer(text, a, b):
                if m.end() > m.start() and not self._excepted(m.group(0)):
                    yield Alert(m.start(), m.end(), _format(self.message, m.group(0)))

    def _substitution(self, text, units):
        taken: list[tuple[int, int]] = []
        found = []
        for regex, replacement in self._compiled["swap"]:
            for a, b in units:
                for m in regex.finditer(text, a, b):
                    observed = m.group(0)
                    options = [o.strip() for o in replacement.split("|")]
                    same = observed in options or (self.ignorecase and observed.lower() in (o.lower() for o in options))
                    if m.end() <= m.start() or same or self._excepted(observed):
                        continue
                    if any(s < m.end() and m.start() < e for s, e in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    shown = " or ".join(f"{o}" for o in options)
                    found.append(Alert(m.start(), m.end(), _format(self.message, shown, observed)))
        yield from sorted(found, key=lambda al: al.start)

    def _occurrence(self, text, units):
        regex = self._compiled["re"]
        high, low = self.data.get("max"), self.data.get("min")
        for a, b in units:
            matches = [m for m in regex.finditer(text, a, b) if m.end() > m.start()]
            if high is not None and len(matches) > max(high, 0):
                m = matches[max(high, 0)]
                yield Alert(m.start(), m.end(), _format(self.message, str(len(matches))))
            elif low is not None and len(matches) < low:
                yield Alert(a, min(b, a + 1), _format(self.message, str(len(matches))))

    def _repetition(self, text, units):
        regex = self._compiled["re"]
        alpha = bool(self.data.get("alpha", False))
        for a, b in units:
            prev = None
            for m in regex.finditer(text, a, b):
                word = m.group(0)
                if alpha and not word.isalpha():
                    prev = None
                    continue
                if prev is not None and not text[prev.end() : m.start()].strip():
                    same = word.lower() == prev.group(0).lower() if self.ignorecase else word == prev.group(0)
                    if same and not self._excepted(word):
                        yield Alert(prev.start(), m.end(), _format(self.message, word))
                prev = m

    def _consistency(self, text, units):
        for left, right in self._compiled["either"]:
            spans_l = [m for a, b in units for m in left.finditer(text, a, b)]
            spans_r = [m for a, b in units for m in right.finditer(text, a, b)]
            if not spans_l or not spans_r:
                continue
            later = spans_r if spans_l[0].start() < spans_r[0].start() else spans_l
            for m in later:
                yield Alert(m.start(), m.end(), _format(self.message, m.group(0)))

    def _conditional(self, text, units):
        first, second = self._compiled["first"], self._compiled["second"]
        defined = set()
        for a, b in units:
            for m in second.finditer(text, a, b):
                defined.add(m.group(1) if m.groups() else m.group(0))
        for a, b in units:
            for m in first.finditer(text, a, b):
                key = m.group(1) if m.groups() else m.group(0)
                if key in defined or self._excepted(key):
                    continue
                inside = any(d.start() <= m.start() < d.end() for d in second.finditer(text, a, b))
                if not inside:
                    yield Alert(m.start(), m.end(), _format(self.message, key))

    def _capitalization(self, text, units, typed=None):
        match = str(self.data.get("match", "$sentence"))
        for a, b in units:
            unit = text[a:b].strip()
            if not unit:
                continue
            start = a + text[a:b].find(unit)
            skip = None
            if typed is not None:  # words from facts and variables are not the writer's
                skip = lambda i, j, s=start: not typed(s + i, s + j)
            if not self._capitalized(unit, match, skip):
                yield Alert(start, start + len(unit), _format(self.message, unit))

    def _capitalized(self, unit: str, match: str, skip=None) -> bool:
        if match == "$lower":
            return unit == unit.lower()
        if match == "$upper":
            return unit == unit.upper()
        if not match.startswith("$"):
            return bool(self._compiled["re"].fullmatch(unit))
        words = list(re.finditer(r"[^\W\d_][\w'’-]*", unit))
        if not words:
            return True
        for i, m in enumerate(words):
            w = m.group(0)
            if skip is not None and skip(m.start(), m.end()):
                continue
            if self._excepted(w) or not w[0].isalpha() or not w[0].isascii() or (len(w) > 1 and w.isupper()) or any(ch.isupper() for ch in w[1:]):
                continue  # exceptions, non-Latin words, acronyms, iPhone-style names
            if match == "$sentence":
                ok = w[0].isupper() if i == 0 else (w[0].islower() or w == "I")
            else:  # $title
                small = w.lower() in _SMALL_WORDS and 0 < i < len(words) - 1
                ok = w[0].islower() if small else w[0].isupper()
            if not ok:
                return False
        return True
