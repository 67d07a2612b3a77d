"""Lint a loose prose file (web copy, an FAQ, a press note): ``ccm lint FILE.md``.

:func:`lint_prose_file` runs the brand, style (``ja/*`` and Vale) and readability rules on a
Markdown or plain-text file that is not a communication, and reports positions in that file.

* Locale: the ``locale`` argument, else detected from the script — a text whose letters are
  at least 20 % kana or kanji is ``ja-JP``; otherwise the project's default English locale,
  else ``en-US``.
* Guidelines: the content repository's (``brand/guidelines.yaml`` of the repository that
  holds the file, found upward from it as ``ccm`` finds ``ccm.yaml``); outside a repository,
  :data:`DEFAULT_GUIDELINES`: no brand rules (there is no brand to check), the default
  Japanese style rules, and plain-language readability limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import rules as registry
from .errors import CcmError
from .linter import LintResult, _dedupe
from .textcheck import TextTarget, ja_options, judge
from .yamlio import read_text

PROSE_CATEGORIES = ("brand", "style", "readability")

DEFAULT_GUIDELINES: dict = {
    "readability": {
        "en": {"default": {"fk_grade_max": 9, "flesch_min": 50, "sentence_words_max": 30}},
        "ja": {"default": {"sentence_chars_max": 100, "jreadability_min": 1.5}},
    },
    # the ja/* rules with their textlint preset defaults
    "ja": {rule.ID.split("/", 1)[1]: {} for rule in registry.all_rules() if rule.ID.startswith("ja/")},
}

_KANA_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class ProseContext:
    """What the text rules read when there is no lint run: guidelines, root, a memo."""

    project: Any  # the enclosing Project, or None
    guidelines: dict
    root: Path | None
    memo: dict = field(default_factory=dict)


def detect_locale(text: str, project=None) -> str:
    """``ja-JP`` for Japanese text; otherwise the project's default English locale or en-US."""
    letters = len(_LETTER.findall(text))
    if letters and len(_KANA_KANJI.findall(text)) / letters >= 0.2:
        return "ja-JP"
    if project is not None:
        for locale in [project.default_locale, *project.locales]:
            if locale and locale.lower().startswith("en"):
                return locale
    return "en-US"


def find_project(path: Path):
    """The content repository holding ``path`` (loaded), or ``None``."""
    from .project import find_root, load_project

    try:
        root = find_root(path.resolve().parent)
    except CcmError:
        return None
    return load_project(root)


def lint_prose_file(path: Path, project=None, locale: str | None = None) -> LintResult:
    """Lint one .md/.txt file with the brand, style and readability rules.

    ``project`` is the enclosing content repository (``None``: look for one upward from the
    file; none found: :data:`DEFAULT_GUIDELINES`). Findings point into the file (``file`` is
    its path relative to the repository root, or as given when there is no repository).
    """
    path = Path(path)
    if not path.is_file():
        raise CcmError(f"no such file: {path}")
    if project is None:
        project = find_project(path)
    root = Path(project.root) if project is not None else None
    rel = _relative(path, root)
    text = read_text(path, rel)
    if project is not None:
        guidelines = project.guidelines if isinstance(project.guidelines, dict) else {}
    else:
        guidelines = DEFAULT_GUIDELINES
    locale = locale or detect_locale(text, project)
    ctx = ProseContext(project=project, guidelines=guidelines, root=root)
    target = TextTarget.for_file(rel, text, locale, markdown=path.suffix.lower() in (".md", ".markdown"))
    rules = [r for r in registry.all_rules() if r.CATEGORY in PROSE_CATEGORIES and not _disabled(r, project)]
    by_scope = {scope: [r for r in rules if r.SCOPE == scope] for scope in ("text", "ja")}
    findings = list(judge(target, ctx, by_scope["text"], by_scope["ja"], ja_options(guidelines)))
    findings = sorted(_dedupe(findings), key=lambda f: f.sort_key)
    return LintResult(findings=findings, comms=0, variants=0)


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _disabled(rule, project) -> bool:
    from fnmatch import fnmatchcase

    if project is None:
        return False
    lint_config = project.config.get("lint")
    disabled = lint_config.get("disable", []) if isinstance(lint_config, dict) else []
    return any(fnmatchcase(rule.ID, str(p)) for p in disabled or [])


__all__ = ["lint_prose_file", "detect_locale", "DEFAULT_GUIDELINES", "ProseContext"]
