"""The built-in intent library and ``policies/intents.yaml``, which extends and overrides it.

The built-in library is data: one YAML file per intent in ``ccm_cli/intents/library/``, each
shaped like one entry of ``policies/intents.yaml``.

``policies/intents.yaml`` (JSON Schema: ``ccm_cli/schemas/intents.schema.json``)::

    promotion:                      # names a built-in intent: EXTENDS it
      en: ["switch to Green"]       #   these phrases are added to the built-in English ones
    referral-request:
      replace: true                 # REPLACES the built-in phrases (every language; a language
      en: ["bring a friend"]        #   not listed here then has none)
    solar-upsell:                   # a new intent: description and at least one phrase
      description: Sells solar panels
      en: ["solar panels", "re:\\bsolar (?:roof|battery)\\b"]
      ja: ["太陽光パネル"]
      negatable: false              # optional: a negated phrase does not show the intent
      aliases: [solar]              # optional: tag names that mean this intent

* A key is an intent name (lower-case, digits and hyphens: the name a tag would have).
* ``description`` (text) replaces the built-in one when given; required for a new intent.
* ``negatable`` (true/false) replaces the built-in setting when given; default false.
* ``aliases`` (a list of tag names) are tags that mean the intent: a comm tagged
  ``payment-holiday`` is treated as showing ``payment-deferral``, and a policy naming
  ``payment-holiday`` applies to every comm that shows ``payment-deferral``. They are added to
  the built-in aliases (``replace: true`` replaces those too). An alias may not be another
  intent's name or another intent's alias.
* Any other key is a language code (``en``, ``ja``, ``de``, ``fr``...): a list of phrases. A
  locale reads its language's list (``en-GB`` reads ``en``).
* A phrase is text (matched on words, or on morphemes in Japanese) or ``re:`` and a regular
  expression (matched case-insensitively on the text; see ccm_cli.intents.patterns for what
  is refused).

Problems (wrong types, empty phrases, phrases with no words, unsafe or invalid ``re:``
patterns, a new intent without description) are reported with file:line:column.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import CcmError, CcmErrors
from ..problems import Problem, from_error, unique
from ..yamlio import YamlDoc, parse
from .catalog import IntentLibrary
from .model import BUILT_IN, Intent, Phrase, REGEX_PREFIX
from .patterns import UnsafePattern, compile_user_regex

INTENTS_FILE = "policies/intents.yaml"
_SETTINGS = ("description", "replace", "negatable", "aliases")

__all__ = ["IntentsProblem", "builtin_library", "builtin_problems", "load_intents_doc", "load_intents_text", "extend",
           "INTENTS_FILE"]


IntentsProblem = Problem  # a problem in an intents file, at the offending key or value


@lru_cache(maxsize=1)
def builtin_library() -> IntentLibrary:
    """The intents shipped with ccm (``ccm_cli/intents/library/*.yaml``). Its phrases are not
    checked here (that cuts every Japanese phrase into morphemes: a process that never reads
    Japanese would load the dictionary for nothing); :func:`builtin_problems` checks them, and
    the tests keep the library clean."""
    intents, problems = _builtin(check_phrases=False)
    if problems:  # a defect of ccm itself
        raise RuntimeError("built-in intent library: " + "; ".join(p.one_line() for p in problems))
    return IntentLibrary(intents)


def builtin_problems() -> list[IntentsProblem]:
    """Every problem of the built-in library, its phrases checked as policies/intents.yaml's are."""
    return _builtin(check_phrases=True)[1]


def _builtin(check_phrases: bool) -> tuple[dict[str, Intent], list[IntentsProblem]]:
    intents: dict[str, Intent] = {}
    problems: list[IntentsProblem] = []
    folder = resources.files(__package__).joinpath("library")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        name = entry.name[: -len(".yaml")]
        rel = f"ccm_cli/intents/library/{entry.name}"
        doc = parse(entry.read_text("utf-8"), rel)
        intent = _intent(doc, (), name, doc.data, None, problems, BUILT_IN, check_phrases)
        if intent is not None:
            intents[name] = intent
    return intents, problems


def load_intents_text(text: str, rel: str = INTENTS_FILE, base: IntentLibrary | None = None) -> tuple[IntentLibrary, list[IntentsProblem]]:
    """:func:`load_intents_doc` of a file's text; invalid YAML is a problem too."""
    try:
        doc = parse(text, rel)
    except CcmErrors as errors:
        return base or builtin_library(), [from_error(e, rel) for e in errors.errors]
    except CcmError as error:
        return base or builtin_library(), [from_error(error, rel)]
    return load_intents_doc(doc, base)


def load_intents_doc(doc: YamlDoc, base: IntentLibrary | None = None, *,
                     schema_problems: bool = True) -> tuple[IntentLibrary, list[IntentsProblem]]:
    """The library ``base`` (default: the built-in one) extended by an intents file, and the
    file's problems. An intent with problems is left as it was in ``base``; the rest of the file
    still applies. ``schema_problems=False`` leaves out the problems of the JSON Schema and
    duplicate keys (lint's schema rules report those) but still leaves such intents out."""
    from ..schemas import validate

    base = base if base is not None else builtin_library()
    problems: list[IntentsProblem] = []
    broken: set = set()  # intents with a schema problem: left as they are in base
    for issue in validate("intents", doc):
        line, column = issue.position()
        if schema_problems:
            problems.append(IntentsProblem(doc.rel, line, column, _plain(issue.message)))
        if issue.path:
            broken.add(issue.path[0])
    for dup in doc.duplicates if schema_problems else ():
        problems.append(IntentsProblem(doc.rel, dup.line, dup.column, f"duplicate key '{dup.key}' (the first one counts)"))
    data = doc.data
    if data is None:
        return base, problems
    if not isinstance(data, dict):
        return base, problems  # reported by the schema
    changes: dict[str, Intent] = {}
    for name, body in data.items():
        if not isinstance(name, str) or (body is not None and not isinstance(body, dict)):
            continue  # reported by the schema
        before = len(problems)
        intent = _intent(doc, (name,), name, body, base.get(name), problems, f"{doc.rel}")
        if intent is not None and len(problems) == before and name not in broken:
            changes[name] = intent
    library = extend(base, changes)
    changes = _alias_problems(doc, data, base, library, changes, problems)
    problems.sort(key=lambda p: (p.line, p.column, p.message))
    return extend(base, changes), unique(problems)


def _alias_problems(doc: YamlDoc, data: dict, base: IntentLibrary, library: IntentLibrary,
                    changes: dict[str, Intent], problems: list[IntentsProblem]) -> dict[str, Intent]:
    """Aliases that collide: with an intent's name (its own or another's) or with another
    intent's alias. Each is a problem at the alias, and is left out of the intent."""
    claimed = {alias: intent.name for intent in base for alias in intent.aliases if intent.name not in changes}
    out = dict(changes)
    for name, intent in changes.items():
        body = data.get(name) if isinstance(data.get(name), dict) else {}
        listed = body.get("aliases") if isinstance(body.get("aliases"), list) else []
        kept = []
        for alias in intent.aliases:
            where = ((name, "aliases", listed.index(alias)) if alias in listed else (name,))
            why = None
            if alias == name:
                why = f"'{alias}' is the intent's own name; an alias is another tag name that means it"
            elif alias in library.intents:
                why = f"'{alias}' is the name of another intent; an alias must be a tag name that is not an intent"
            elif claimed.get(alias, name) != name:
                why = f"'{alias}' is already an alias of '{claimed[alias]}'; a tag can mean one intent only"
            if why is not None:
                line, column = doc.position(where)
                problems.append(IntentsProblem(doc.rel, line, column, f"{name}.aliases: {why}"))
                continue
            claimed.setdefault(alias, name)
            kept.append(alias)
        if len(kept) != len(intent.aliases):
            out[name] = Intent(intent.name, intent.description, intent.phrases, intent.negatable, intent.origin, tuple(kept))
    return out


def extend(base: IntentLibrary, changes: dict[str, Intent]) -> IntentLibrary:
    """``base`` with the intents of ``changes`` put in (they are already merged)."""
    if not changes:
        return base
    return IntentLibrary({**base.intents, **changes})


def _intent(doc: YamlDoc, path: tuple, name: str, body: Any, built_in: Intent | None,
            problems: list[IntentsProblem], origin: str, check_phrases: bool = True) -> Intent | None:
    """The intent ``body`` defines (merged with ``built_in``), or None when it cannot be read."""
    def problem(at: tuple, message: str, on_key: bool = False) -> None:
        line, column = doc.key_position(at) if on_key else doc.position(at)
        problems.append(IntentsProblem(doc.rel, line, column, message))

    if body is None:
        body = {}
    if not isinstance(body, dict):
        problem(path, f"intent '{name}' must be a mapping of settings and phrase lists")
        return None
    replace = body.get("replace") is True
    description = body.get("description")
    if not isinstance(description, str) or not description.strip():
        description = None
    negatable = body.get("negatable")
    negatable = negatable if isinstance(negatable, bool) else None
    listed = body.get("aliases")
    listed = [a.strip() for a in listed if isinstance(a, str) and a.strip()] if isinstance(listed, list) else None
    if listed is None:
        aliases = built_in.aliases if built_in is not None else ()
    elif replace or built_in is None:
        aliases = tuple(dict.fromkeys(listed))
    else:
        aliases = tuple(dict.fromkeys([*built_in.aliases, *listed]))
    phrases: dict[str, list[Phrase]] = {}
    if built_in is not None and not replace:
        phrases = {lang: list(ps) for lang, ps in built_in.phrases.items()}
    elif built_in is not None:
        phrases = {}
    for key, value in body.items():
        if key in _SETTINGS or not isinstance(key, str):
            continue
        if not isinstance(value, list):
            continue  # reported by the schema (a language's phrases are a list)
        language = key.lower()
        listed = phrases.setdefault(language, [])
        for i, text in enumerate(value):
            at = path + (key, i)
            if not isinstance(text, str):
                continue  # reported by the schema
            checked = _phrase_problem(text, language) if check_phrases else None
            if checked is not None:
                problem(at, f"{name}.{key}[{i}]: {checked}")
                continue
            if origin == BUILT_IN:
                where = BUILT_IN
            else:
                line, column = doc.position(at)
                where = f"{doc.rel}:{line}:{column}"
            listed.append(Phrase(text.strip() if not text.startswith(REGEX_PREFIX) else text, language, where))
    if built_in is None and description is None:
        problem(path, f"new intent '{name}' needs a description (what does a text that shows it do?)", on_key=True)
    if built_in is None and not any(phrases.values()):
        problem(path, f"new intent '{name}' has no phrases: list them under a language code (en: [...], ja: [...])",
                on_key=True)
    if origin == BUILT_IN:
        where = BUILT_IN
    elif built_in is None:
        where = origin
    else:
        where = f"{origin} (replaces the built-in phrases)" if replace else f"built-in, extended by {origin}"
    return Intent(
        name=name,
        description=description if description is not None else (built_in.description if built_in else ""),
        phrases={lang: tuple(ps) for lang, ps in sorted(phrases.items())},
        negatable=negatable if negatable is not None else (built_in.negatable if built_in else False),
        origin=where,
        aliases=aliases,
    )


def _phrase_problem(text: str, language: str) -> str | None:
    """Why a phrase cannot be used, or None."""
    if not text.strip():
        return "a phrase is empty"
    if text.startswith(REGEX_PREFIX):
        try:
            compile_user_regex(text[len(REGEX_PREFIX):])
        except UnsafePattern as error:
            return f"'{_short(text)}': {error}"
        return None
    if len(text) > 200:
        return f"'{_short(text)}' is {len(text)} characters long; a phrase is at most 200 (use re: for patterns)"
    if language == "ja":
        from .morphemes import JapaneseMatcher

        keys = JapaneseMatcher.phrase_keys(text)
    else:
        keys = _word_matcher(language).phrase_keys(text)
    if not keys:
        return f"'{text}' has no words that count (articles and possessives are left out when matching)"
    return None


@lru_cache(maxsize=None)
def _word_matcher(language: str):
    from .words import WordMatcher

    return WordMatcher(language, [])  # only its phrase_keys() is used


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NAME_PATTERN = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


def _plain(message: str) -> str:
    """A schema message in the words of this file."""
    import re

    where, _, detail = message.partition(": ")
    if detail.endswith("should be non-empty") or detail.endswith("does not match '\\\\S'"):
        return f"{where}: a phrase is empty"
    if _NAME_PATTERN.replace("\\", "\\\\") in detail or _NAME_PATTERN in detail:
        name = re.match(r"^'(.*)' does not match", detail)
        shown = name.group(1) if name else detail
        return f"invalid intent name '{shown}': use lower-case letters, digits and hyphens, like payment-deferral"
    return message
