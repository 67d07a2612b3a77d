"""What the brand, readability and Vale text rules share (not a rule).

* :func:`guidelines_of` / :func:`root_of`: the guidelines and repository root of a run (a lint
  run's project, or the context of a loose prose file); :func:`guideline`: one list or mapping
  of them, empty when the file has something else there;
* :func:`locale_matches`: ``locale: en`` matches every English locale, ``locale: en-US`` one;
* :func:`phrase_regex`: a phrase as a regex, word-boundary aware for Latin script and a plain
  substring for Japanese;
* :func:`reader_view`: the reader's text (``target.prose``) and the ranges in it that are no
  one's prose (inline code, bare URLs and e-mail addresses), so a rule can skip them — built
  once per prose and shared by every rule;
* :func:`to_source`: map a range of the reader's text back to ``target.text``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...errors import CcmError
from ...text.not_prose import non_prose

_LATIN_WORD = re.compile(r"[A-Za-z0-9]")


def guidelines_of(ctx) -> dict:
    """The guidelines of this run: ``ctx.guidelines`` (loose files) or the project's."""
    own = getattr(ctx, "guidelines", None)
    if isinstance(own, dict):
        return own
    project = getattr(ctx, "project", None)
    value = getattr(project, "guidelines", None) if project is not None else None
    return value if isinstance(value, dict) else {}


def guideline(ctx, key: str, kind: type):
    """``key`` of the guidelines when it is a ``kind`` (list or dict), else an empty one: a
    value of the wrong type is schema/invalid-value's finding, and no rule reads it."""
    value = guidelines_of(ctx).get(key)
    return value if isinstance(value, kind) else kind()


def root_of(ctx):
    """The content repository's root folder, or ``None`` (a loose file outside any repository)."""
    project = getattr(ctx, "project", None)
    return getattr(project, "root", None) if project is not None else getattr(ctx, "root", None)


def memo(ctx, key, build):
    """Compute ``build()`` once per run (``ctx.memo``)."""
    store = getattr(ctx, "memo", None)
    if store is None:
        return build()
    if key not in store:
        store[key] = build()
    return store[key]


def guideline_error(ctx, message: str, path: tuple) -> CcmError:
    """A :class:`CcmError` pointing at ``path`` in brand/guidelines.yaml."""
    project = getattr(ctx, "project", None)
    doc = project.doc("guidelines") if project is not None else None
    if doc is None:
        return CcmError(message, "brand/guidelines.yaml")
    line, column = doc.position(path)
    return CcmError(message, doc.rel, line, column)


def locale_matches(wanted, locale: str | None) -> bool:
    """True when an entry's ``locale`` (absent, ``en``, ``en-US``, or a list) covers ``locale``."""
    if wanted in (None, "", []):
        return True
    if locale is None:
        return False
    wanted_list = wanted if isinstance(wanted, list) else [wanted]
    lang = locale.split("-")[0].lower()
    for item in wanted_list:
        item = str(item)
        if item.lower() == locale.lower() or ("-" not in item and item.lower() == lang):
            return True
    return False


def is_latin(phrase: str) -> bool:
    return bool(_LATIN_WORD.search(phrase)) and all(ord(ch) < 0x2E80 for ch in phrase)


def phrase_regex(phrase: str, ignorecase: bool = True) -> re.Pattern:
    """``phrase`` as a regex: whole words for Latin script (any run of spaces between the
    words), a plain substring for Japanese and other scripts without spaces."""
    words = phrase.split()
    body = r"\s+".join(re.escape(w) for w in words) if words else re.escape(phrase)
    if is_latin(phrase):
        body = rf"(?<![\w-]){body}(?![\w-])"
    return re.compile(body, re.I if ignorecase else 0)


@dataclass
class ReaderView:
    text: str  # the reader's text (prose)
    skip: list[tuple[int, int]]  # ranges of it that are code, URLs or e-mail addresses (sorted)

    def __post_init__(self) -> None:
        merged: list[list[int]] = []  # the ranges joined where they touch: sorted and disjoint
        for a, b in self.skip:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def skipped(self, start: int, end: int) -> bool:
        """Does ``[start, end)`` (at least one character) touch a skipped range? A binary
        search: a text of 20,000 inline code spans and as many marks took minutes by scan."""
        k = bisect.bisect_left(self._starts, max(end, start + 1)) - 1  # the last range starting before the end
        return k >= 0 and self._ends[k] > start


def reader_view(target, sentences: bool = False) -> ReaderView | None:
    """The text a reader reads, with the ranges that are no one's prose to skip (code, URLs;
    with ``sentences``, also what is not part of a sentence): :func:`ccm_cli.text.not_prose.non_prose`."""
    prose = target.sentence_prose if sentences else target.prose
    if prose is None:
        return None
    return prose.view(("reader_view", sentences), lambda p: ReaderView(p.text, non_prose(p, sentences)))


def to_source(target, start: int, end: int, sentences: bool = False) -> tuple[int, int]:
    """Map ``[start, end)`` of the reader's text back to ``target.text``."""
    prose = target.sentence_prose if sentences else target.prose
    return prose.source_span(start, max(end, start + 1))


def writer_typed(target, start: int, end: int) -> bool:
    """True when the writer typed ``target.text[start:end]`` (not a fact or a variable)."""
    return target.writer_typed(start, end)
