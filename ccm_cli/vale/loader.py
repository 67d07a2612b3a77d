"""Read Vale styles (``<folder>/<Style>/<Rule>.yml``) into :class:`ValeRule` objects.

Every problem in a rule file — invalid YAML, an unknown ``extends``, a missing or mistyped
key, a regular expression Python cannot compile — is a :class:`CcmError` naming the file,
line and column, never a traceback.

``styles:`` is content under review: folders and rule files are read only through
:class:`ccm_cli.repo_files.RepoFiles` — an absolute path, ``..``, a symlink leading out of the
repository or into ``.git/``, and anything but a regular file (``/dev/zero``, a FIFO) is
refused with an error naming the path and why, never quoting the refused file.
"""

from __future__ import annotations

import os
import re
from fnmatch import fnmatchcase
from pathlib import Path

from ..errors import CcmError
from ..repo_files import Refused, RepoFiles, clean
from ..yamlio import YamlDoc, parse
from .checks import EXTENDS, LEVELS, SCOPES, ValeRule, compile_token

_LIST_KEYS = ("tokens", "exceptions", "raw")
_STRING_KEYS = ("message", "link", "description", "level", "token", "first", "second", "match", "style", "extends")
_GUIDELINES = "brand/guidelines.yaml"
_HINT = "list folders of Vale styles (Style/Rule.yml) inside the repository, relative to its root"


def load_styles(root: Path, folders: list[str]) -> list[ValeRule]:
    """Every rule of every style in ``folders`` (relative to ``root``), sorted by name."""
    files = RepoFiles(root)
    rules: list[ValeRule] = []
    for folder in folders:
        rel_base = clean(str(folder))
        if rel_base is None:
            raise CcmError(f"styles folder '{folder}' is outside the repository; not read", _GUIDELINES, hint=_HINT)
        base = _folder(files, rel_base, f"styles folder '{folder}'")
        if base is None:
            raise CcmError(f"styles folder '{folder}' does not exist", _GUIDELINES, hint=_HINT)
        for style in _entries(base):
            if style.name.startswith(".") or not style.is_dir():
                continue
            style_rel = f"{rel_base}/{style.name}"
            style_base = _folder(files, style_rel, None)
            for entry in _entries(style_base) if style_base else ():
                if not entry.name.startswith(".") and fnmatchcase(entry.name, "*.y*ml"):
                    rel = f"{style_rel}/{entry.name}"
                    rules.append(parse_rule(parse(files.read_text(rel), rel), f"{style.name}.{Path(entry.name).stem}"))
    return rules


def _folder(files: RepoFiles, rel: str, what: str | None) -> str | None:
    """The real path of a styles folder, None when missing; a refused one is an error
    (``what``: how guidelines.yaml names it; None: a style folder inside it, named by path)."""
    try:
        real = files.locate(rel)
    except Refused as refused:
        if what is None:
            raise CcmError(refused.message, rel) from None
        raise CcmError(f"{what} {refused.message}", _GUIDELINES, hint=_HINT) from None
    return real if os.path.isdir(real) else None


def _entries(folder: str) -> list[os.DirEntry]:
    try:
        return sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        raise CcmError(f"cannot read folder: {exc.strerror}", folder) from None


def _error(doc: YamlDoc, message: str, path: tuple = ()) -> CcmError:
    line, column = doc.position(path) if path else (1, 1)
    return CcmError(message, doc.rel, line, column)


def parse_rule(doc: YamlDoc, name: str) -> ValeRule:
    data = doc.data
    if not isinstance(data, dict):
        raise _error(doc, f"Vale rule {name} must be a mapping with 'extends' and 'message'")
    extends = data.get("extends")
    if extends not in EXTENDS:
        raise _error(doc, f"unknown or missing 'extends' ({extends!r}); use one of: {', '.join(EXTENDS)}", ("extends",))
    for key in _STRING_KEYS:
        if key in data and not isinstance(data[key], str):
            raise _error(doc, f"'{key}' must be a string", (key,))
    for key in _LIST_KEYS:
        if key in data and not (isinstance(data[key], list) and all(isinstance(x, (str, int, float)) for x in data[key])):
            raise _error(doc, f"'{key}' must be a list of strings", (key,))
    scope = data.get("scope", "text")
    if not (isinstance(scope, str) or (isinstance(scope, list) and all(isinstance(x, str) for x in scope))):
        raise _error(doc, "'scope' must be a scope name or a list of them", ("scope",))
    for scope_name in scope if isinstance(scope, list) else [scope]:
        if scope_name.lstrip("~").split(".")[0] not in SCOPES:
            raise _error(doc, f"unknown scope '{scope_name}'; use one of: {', '.join(SCOPES)}", ("scope",))
    match = data.get("match")
    if isinstance(match, str) and match.startswith("$") and match not in ("$title", "$sentence", "$lower", "$upper"):
        raise _error(doc, f"unknown capitalization '{match}'; use $title, $sentence, $lower, $upper or a regex", ("match",))
    level = str(data.get("level", "suggestion")).lower()
    if level not in LEVELS:
        raise _error(doc, f"'level' must be error, warning or suggestion, got '{level}'", ("level",))
    for key in ("max", "min", "limit"):
        if key in data and (not isinstance(data[key], int) or isinstance(data[key], bool)):
            raise _error(doc, f"'{key}' must be an integer", (key,))
    for key in ("swap", "either"):
        if key in data and not isinstance(data[key], dict):
            raise _error(doc, f"'{key}' must be a mapping", (key,))
    rule = ValeRule(name=name, extends=extends, data=data, file=doc.rel, level=LEVELS[level], position=doc.position)
    # compile every expression now: a bad one names its file and line
    for key, path in _expressions(data):
        try:
            compile_token(key, rule)
        except re.error as exc:
            raise _error(doc, f"invalid regular expression {key!r}: {exc}", path) from None
    if extends == "occurrence" and "token" not in data:
        raise _error(doc, "an 'occurrence' rule needs 'token'")
    if extends == "occurrence" and "max" not in data and "min" not in data:
        raise _error(doc, "an 'occurrence' rule needs 'max' or 'min'")
    if extends == "conditional" and not ("first" in data and "second" in data):
        raise _error(doc, "a 'conditional' rule needs 'first' and 'second'")
    if extends in ("existence", "repetition") and not (data.get("tokens") or data.get("raw")):
        raise _error(doc, f"an '{extends}' rule needs 'tokens'")
    if extends == "substitution" and not data.get("swap"):
        raise _error(doc, "a 'substitution' rule needs 'swap'")
    if extends == "consistency" and not data.get("either"):
        raise _error(doc, "a 'consistency' rule needs 'either'")
    try:
        rule.compile()
    except re.error as exc:
        raise _error(doc, f"invalid regular expression: {exc}", ("extends",)) from None
    return rule


def _expressions(data: dict):
    for key in ("tokens", "exceptions"):
        for i, token in enumerate(data.get(key) or []):
            yield str(token), (key, i)
    for key in ("swap", "either"):
        for k, v in (data.get(key) or {}).items():
            yield str(k), (key, k)
            if key == "either":
                yield str(v), (key, k)
    for key in ("token", "first", "second"):
        if key in data:
            yield str(data[key]), (key,)
    match = data.get("match")
    if isinstance(match, str) and not match.startswith("$"):
        yield match, ("match",)
