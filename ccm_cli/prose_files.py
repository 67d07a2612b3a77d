"""Lint a loose prose file (web copy, an FAQ, a press note): ``ccm lint FILE.md``.

:func:`lint_prose_file` runs the brand, style (``ja/*`` and Vale), readability and placeholder rules on a
Markdown or plain-text file that is not a communication, and reports positions in that file.

* Locale: the ``locale`` argument, else detected from the script — a text whose letters are
  at least 20 % kana or kanji is ``ja-JP``; otherwise the project's default English locale,
  else ``en-US``.
* Facts: inside a content repository, rules with ``check_file(rel, text, locale, project)``
  check the file against the repository too (consistency/hand-typed-fact: brand/facts.yaml).
* Guidelines: the content repository's (``brand/guidelines.yaml`` of the repository that
  holds the file, found upward from it as ``ccm`` finds ``ccm.yaml``); outside a repository,
  :data:`DEFAULT_GUIDELINES`: no brand rules (there is no brand to check), the default
  Japanese style rules, and plain-language readability limits.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import rules as registry
from .errors import CcmError
from .linter import LintResult, dedupe
from .repo_files import RepoFiles, read_named_file
from .text_rules import TextRules, TextTarget, judge

PROSE_CATEGORIES = ("brand", "style", "readability", "template")  # template: its text rules (placeholders)

DEFAULT_GUIDELINES: dict = {
    "readability": {
        "en": {"default": {"fk_grade_max": 9, "flesch_min": 50, "sentence_words_max": 30}},
        "ja": {"default": {"sentence_chars_max": 100, "jreadability_min": 1.5}},
    },
    # the ja rules (textlint's Japanese rules, options under ja.<name>) with their preset defaults
    "ja": {rule.ID.split("/", 1)[1]: {} for rule in registry.all_rules() if rule.SCOPE == "ja"},
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


def lint_prose_file(path: Path, project=None, locale: str | None = None) -> LintResult:
    """Lint one .md/.txt file with the brand, style and readability rules.

    ``project`` is the enclosing content repository (``None``: look for one upward from the
    file; none found: :data:`DEFAULT_GUIDELINES`). Findings point into the file (``file`` is
    its path relative to the repository root, or as given when there is no repository).

    The file is read as content: inside a repository, through the gate every content read
    passes (:class:`ccm_cli.repo_files.RepoFiles`), so a file that is a symlink out of the
    repository or into ``.git/`` is refused; outside any, a file inside a ``.git`` folder and
    anything but a regular file are refused.
    """
    path = Path(os.path.abspath(path))  # not resolved: a symlink is judged where it lies
    if not path.exists():
        raise CcmError(f"no such file: {path}")
    found = _holding(path, Path(project.root) if project is not None else None)
    if project is None and found is not None:
        from .project import load_project

        project = load_project(found[0])
    if found is not None:
        root, rel = found
        text = RepoFiles(root).read_text(rel)
    else:
        root, rel = None, path.as_posix()
        text = read_named_file(path, rel)
    if project is not None:
        guidelines = project.guidelines if isinstance(project.guidelines, dict) else {}
    else:
        guidelines = DEFAULT_GUIDELINES
    locale = locale or detect_locale(text, project)
    ctx = ProseContext(project=project, guidelines=guidelines, root=Path(project.root) if project is not None else None)
    target = TextTarget.for_file(rel, text, locale, markdown=path.suffix.lower() in (".md", ".markdown"))
    enabled = registry.enabled(project) if project is not None else registry.all_rules()
    rules = TextRules.of([r for r in enabled if r.CATEGORY in PROSE_CATEGORIES], guidelines)
    found = list(judge(target, ctx, rules))
    if project is not None:  # rules that check a loose file against the repository (facts typed by hand)
        for rule in enabled:
            if hasattr(rule, "check_file"):
                found.extend(rule.check_file(rel, text, locale, project))
    findings = sorted(dedupe(found), key=lambda f: f.sort_key)
    return LintResult(findings=findings, comms=0, variants=0)


def _holding(path: Path, root: Path | None = None) -> tuple[Path, str] | None:
    """(repository root, the file's path in it) of the content repository holding ``path`` —
    ``root`` when given, else the nearest folder upward holding ``ccm.yaml`` — looked for from
    the file as written (a symlinked file is judged where it lies), then with its folder
    resolved, then resolved itself; None when no repository holds it."""
    from .project import CONFIG_NAME

    roots = {str(root), os.path.realpath(root)} if root is not None else None
    seen = []
    for file in (path, Path(os.path.realpath(path.parent)) / path.name, Path(os.path.realpath(path))):
        if file in seen:
            continue
        seen.append(file)
        for folder in file.parents:
            if roots is not None and str(folder) in roots or roots is None and (folder / CONFIG_NAME).is_file():
                return folder, file.relative_to(folder).as_posix()
    return None


__all__ = ["lint_prose_file", "detect_locale", "DEFAULT_GUIDELINES", "ProseContext"]
