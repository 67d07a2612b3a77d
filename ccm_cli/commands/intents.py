"""`ccm intents [TEXT or FILE]`: the intent library, or which intents a text shows and why.

* Without an argument: every intent with its description and phrases per language.
* With a text, a file path or ``-`` (standard input): each match — line:column, the intent,
  the words, the phrase that matched and where that phrase is defined — the matches that do
  not count because they are negated, and the promise a payment deferral makes ("for up to 3
  months").

Inside a content repository (``ccm.yaml`` found upward from the current folder) the
repository's ``policies/intents.yaml`` extends the built-in library, and a file inside the
repository is read through its :class:`~ccm_cli.sources.DirSource` (no path outside it, no
symlink out of it). ``--locale`` defaults to the one ``ccm lint FILE.md`` would use (Japanese
script → ja-JP, else the project's English locale, else en-US).

Exit 0, or 2 with a one-line error (bad option, unreadable file, invalid intents file, a comm
or clause file of the repository: its YAML keys are not what a customer reads — ``ccm preview``
shows what each variant of a comm shows).
Registered in cli.py with ``app.command("intents")(intents)``; only typer and the standard
library are imported at module level, so that ``ccm --help`` stays fast.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Optional

import typer

FORMATS = ("text", "json")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_FILE_LIKE = re.compile(r"^[^\s]+\.(?:md|markdown|txt|text|html?|ya?ml|j2|jinja2?|json)$", re.IGNORECASE)


def intents(
    text: Optional[str] = typer.Argument(None, metavar="[TEXT or FILE]", help="A text, a file path, or - for standard input. Without it: list the library."),
    locale: Optional[str] = typer.Option(None, "--locale", "-l", help="Locale of the text (e.g. en-GB, ja-JP); default: detected from the script."),
    format: str = typer.Option("text", "--format", "-f", help="Output format: text or json."),
) -> None:
    """List the intent library, or explain which intents a text shows (the words and why)."""
    import json

    from ..errors import CcmError

    if format not in FORMATS:
        raise CcmError(f"unknown format '{format}'; use one of: {', '.join(FORMATS)}")
    if locale is not None and not _LOCALE.match(locale):
        raise CcmError(f"--locale must be a language tag like en-US or ja-JP, got '{locale}'")
    root = _repository()
    library = _library(root)
    if text is None:
        data = _library_json(library)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if format == "json" else _library_text(data))
        return
    source, content = _read_input(text, root)
    report = explain(content, source, locale or _detect_locale(content, root), library)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2) if format == "json" else _report_text(report))


# --------------------------------------------------------------------------- inputs
def _repository() -> Optional[Path]:
    from ..errors import CcmError
    from ..project import find_root

    try:
        return find_root(Path.cwd())
    except CcmError:
        return None


def _library(root: Optional[Path]):
    from ..errors import CcmErrors
    from ..intents import INTENTS_FILE, builtin_library, load_intents_text
    from ..sources import DirSource

    if root is None:
        return builtin_library()
    source = DirSource(root)
    if not source.is_file(INTENTS_FILE):
        return builtin_library()
    library, problems = load_intents_text(source.read_text(INTENTS_FILE), INTENTS_FILE)
    if problems:
        raise CcmErrors([p.as_error() for p in problems])
    return library


def _read_input(argument: str, root: Optional[Path]) -> tuple[str, str]:
    """(what to call the input, its text)."""
    import os

    from ..errors import CcmError
    from ..repo_files import read_named_file
    from ..sources import DirSource
    from ..yamlio import MAX_FILE_BYTES, decode_text

    if argument == "-":
        raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise CcmError(f"standard input is larger than {MAX_FILE_BYTES} bytes", "-")
        return "-", decode_text(raw, "-")
    looks_like_path = "\n" not in argument and len(argument) < 4096
    path = Path(argument) if looks_like_path else None
    if path is not None and path.is_file():
        if root is not None:
            try:  # the path as named, not resolved: a symlink out of the repository is refused by the gate
                rel = Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
            except ValueError:
                rel = None
            if rel is not None:
                from ..project import is_clause_file, is_comm_file

                if is_comm_file(rel) or is_clause_file(rel):
                    raise CcmError(f"a {'comm' if is_comm_file(rel) else 'clause'} file: its keys and ids are not what a "
                                   "customer reads", rel, hint="`ccm preview COMM_ID` shows what each variant shows (its intents, "
                                   "with the words); give ccm intents a text, a template or a Markdown file")
                return rel, DirSource(root).read_text(rel)
        return argument, read_named_file(path, argument)
    if path is not None and (path.is_dir() or _FILE_LIKE.match(argument)):
        what = "a folder" if path.is_dir() else "no such file"
        raise CcmError(f"{what}: {argument}", hint="give a file, a text in quotes, or - for standard input")
    return "<text>", argument


def _detect_locale(text: str, root: Optional[Path]) -> str:
    from types import SimpleNamespace

    from ..prose_files import detect_locale

    project = None
    if root is not None:
        try:
            from ..sources import DirSource
            from ..yamlio import parse

            data = parse(DirSource(root).read_text("ccm.yaml"), "ccm.yaml").data
        except Exception:  # an unreadable ccm.yaml: lint reports it; here the default does
            data = None
        if isinstance(data, dict):
            locales = [str(x) for x in data.get("locales") or [] if isinstance(x, str)] if isinstance(data.get("locales"), list) else []
            default = data.get("default_locale") if isinstance(data.get("default_locale"), str) else None
            project = SimpleNamespace(default_locale=default, locales=locales)
    return detect_locale(text, project)


# --------------------------------------------------------------------------- explanation
def explain(text: str, source: str, locale: str, library) -> dict:
    """The JSON report of which intents ``text`` shows (``ccm intents TEXT --format json``)."""
    from ..intents import find_intents, language_of, promised_duration

    matches = find_intents(text, locale, library, include_negated=True)
    counted = [m for m in matches if m.negated_by is None]
    lines = _LineIndex(text)
    promise = promised_duration(text, locale, counted)
    shown = sorted({m.intent for m in counted})
    return {
        "version": 1,
        "source": source,
        "locale": locale,
        "language": language_of(locale),
        "intents": shown,
        "matches": [_match_json(m, lines) for m in counted],
        "not_counted": [_match_json(m, lines) for m in matches if m.negated_by is not None],
        "promise": None if promise is None else {"intent": "payment-deferral", "lasts": promise.describe(),
                                                 **promise.to_json(), **lines.span(promise.start, promise.end)},
        "descriptions": {name: library.get(name).description for name in shown},
    }


class _LineIndex:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def at(self, offset: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def span(self, start: int, end: int) -> dict:
        line, column = self.at(start)
        end_line, end_column = self.at(max(start, end - 1))
        return {"line": line, "column": column, "end_line": end_line, "end_column": end_column + 1}


def _match_json(m, lines: _LineIndex) -> dict:
    return {**m.to_json(), **lines.span(m.start, m.end)}


def _report_text(report: dict) -> str:
    out = []
    shown = ", ".join(report["intents"]) or "no intent"
    out.append(f"{_printable(report['source'])} ({report['locale']}): shows {shown}")
    width = max((len(m["intent"]) for m in report["matches"] + report["not_counted"]), default=0)
    for m in report["matches"]:
        out.append(f"  {m['line']}:{m['column']}  {m['intent']:<{width}}  \"{_printable(m['words'])}\"  "
                   f"matches '{_printable(m['phrase'])}' ({m['origin']})")
    if report["promise"]:
        p = report["promise"]
        out.append(f"  {p['line']}:{p['column']}  promise: the payment deferral lasts {p['lasts']} "
                   f"(\"{_printable(p['words'])}\"): exclusivity holds that long after the schedule ends")
    for m in report["not_counted"]:
        out.append(f"  {m['line']}:{m['column']}  not counted: {m['intent']} \"{_printable(m['words'])}\" is negated "
                   f"by \"{_printable(m['negated_by'])}\"")
    for name, description in report["descriptions"].items():
        out.append(f"  {name}: {description}")
    return "\n".join(out)


# --------------------------------------------------------------------------- the library
def _library_json(library) -> dict:
    return {"version": 1, "intents": [
        {"name": i.name, "description": i.description, "negatable": i.negatable, "origin": i.origin,
         "aliases": list(i.aliases), "phrases": {lang: [p.text for p in i.phrases_in(lang)] for lang in i.languages}}
        for i in library]}


def _library_text(data: dict) -> str:
    out = []
    for intent in data["intents"]:
        origin = "" if intent["origin"] == "built-in" else f"  [{intent['origin']}]"
        negatable = "  (negated phrases do not count)" if intent["negatable"] else ""
        out.append(f"{intent['name']}: {intent['description']}{negatable}{origin}")
        if intent["aliases"]:
            out.append("  also a tag as: " + ", ".join(_printable(a) for a in intent["aliases"]))
        for lang, phrases in intent["phrases"].items():
            out.append(f"  {lang} ({len(phrases)}): " + " · ".join(_printable(p) for p in phrases))
        out.append("")
    return "\n".join(out).rstrip()


def _printable(text: str) -> str:
    """Text safe for a terminal: control characters (escape sequences) shown as \\xNN."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text))
