"""Text a template left for somebody to fill in: [Product Name], TODO, example.com links.

What it checks: the text a customer reads, and every link in it, against the built-in
placeholder patterns (``ccm_cli/rules/template/placeholders.yaml``, each named):

* ``bracketed``: ``[Product Name]``, ``[Company Name, LLC]``, ``[email address]``, ``[x] days``,
  ``[FIRST_NAME]`` — a bracket naming a field to fill (name, company, email, date, link …), not
  a subject tag (``[GitHub]``, ``[Action Required]``, ``[{{ facts.brand }}]``), a Markdown link
  or reference, a footnote (``[2]``), ``[sic]``, nor a task-list box (``- [x] done``);
* ``bracketed-ja`` and ``circles``: 【会社名】様, 【ここに入力】, ○○様, ＸＸ円 (not 【重要】, not a
  label followed by its value, not 二〇〇〇年);
* ``todo``: TODO, TBD, TBC, FIXME, XXX; ``lorem-ipsum``: dummy text;
* ``merge-tag``: another platform's merge tags, pasted (``*|FNAME|*``, ``%%FirstName%%``,
  ``%recipient.name%``, ``%{name}``, ``${name}``);
* ``example-domain``: a link or address at example.com, example.org or example.net;
* ``plain-http``: an ``http://`` link (a warning: it may be real, but should be https).

Text that came from a fact or a variable is not judged (sample data may well link to
example.com); code (inline, fenced or indented), HTML comments and ``<!DOCTYPE>`` are skipped.
``placeholders:`` in brand/guidelines.yaml changes the list: ``disable`` (names of built-in
patterns to turn off), ``allow`` (regular expressions: text they match in full is no
placeholder, e.g. ``"\\[x\\]"`` for a brand named "[x] Labs") and ``patterns`` (more entries,
``{name, pattern, where: prose|source, message, severity, fix}`` — prose: the words a reader
reads; source: the text as written, link targets included; ``{0}`` in a message is the
text found). Expressions from the file run bounded (a slow one stops the run with its line).
Handlebars/Mustache tags (``{{#each}}``, ``{{/if}}``, ``{{> partial}}``) in a template are
template/syntax-error's, with a hint naming the Jinja to write; in a loose prose file they are
reported here.
Why: a placeholder that reaches a customer is a broken message — "[Company Name, LLC]" in a
receipt, a link to example.com in a password reset. Templates copied from a vendor's gallery
carry dozens; a reviewer misses some, a pattern does not. Default severity error: the default
patterns are narrow (measured ≥ 95 % precise on real templates, docs/real-copy-precision.md),
and what they find must not ship; plain-http links are a warning.
Bad:
    body: "Thanks for trying [Product Name]. Reply to [Sender Name] or visit https://example.com."
Good:
    body: "Thanks for trying {{ facts.brand }}. Reply to this email or visit {{ facts.help_url }}."
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ...findings import TextProblem
from ...text.not_prose import unread_in_source
from ...user_regex import compile_user
from ..brand._common import guideline_error, guidelines_of, memo, reader_view, to_source
from ..options import Option, Schema
from ._handlebars import jinja_for

ID = "template/placeholder"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "text"

OPTIONS = {
    "placeholders": Option(Schema({
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "disable": {"type": "array", "items": {"type": "string"}, "title": "Turned off",
                        "description": "Names of built-in patterns not to report (bracketed, bracketed-ja, circles, todo, "
                                       "lorem-ipsum, example-domain, plain-http, merge-tag, handlebars).", "examples": [["plain-http"]]},
            "allow": {"type": "array", "items": {"type": "string"}, "title": "Allowed",
                      "description": "Regular expressions: text they match in full is not a placeholder.",
                      "examples": [["\\[x\\]"]]},
            "patterns": {"type": "array", "title": "More patterns", "description": "Placeholders of your own.", "items": {
                "type": "object", "additionalProperties": False, "required": ["name", "pattern"],
                "properties": {
                    "name": {"type": "string", "title": "Name", "description": "What the finding and `disable` call it.",
                             "examples": ["ticket"]},
                    "pattern": {"type": "string", "title": "Pattern", "description": "A regular expression (Python syntax).",
                                "examples": ["\\bJIRA-\\d+\\b"]},
                    "where": {"enum": ["prose", "source"], "title": "Where",
                              "description": "prose: the words a reader reads (default); source: the text as written, "
                                             "link targets included."},
                    "message": {"type": "string", "title": "Message", "description": "{0} is the text found."},
                    "fix": {"type": "string", "title": "Fix", "description": "What to do, shown with the finding."},
                    "severity": {"$ref": "#/$defs/severity", "title": "Severity", "description": "error, warning or info (default: error)."},
                },
            }},
        },
    }), None, "Placeholders", "Which placeholder patterns template/placeholder reports.",
        ({"disable": ["plain-http"], "allow": ["\\[x\\]"]},)),
}

DATA_FILE = "placeholders.yaml"
_XMLNS = re.compile(r"xmlns(?::\w+)?\s*=\s*[\"']?$")


class _Entry:
    __slots__ = ("name", "regex", "where", "message", "fix", "severity")

    def __init__(self, name, regex, where, message, fix, severity):
        self.name, self.regex, self.where = name, regex, where
        self.message, self.fix, self.severity = message, fix, severity


@lru_cache(maxsize=1)
def builtin() -> tuple[_Entry, ...]:
    """The built-in patterns (:data:`DATA_FILE`), compiled once per process."""
    import yaml

    data = yaml.safe_load(resources.files(__package__).joinpath(DATA_FILE).read_text("utf-8"))
    return tuple(_Entry(e["name"], re.compile(e["pattern"]), e.get("where", "prose"), e["message"], e.get("fix"),
                        e.get("severity", SEVERITY)) for e in data)


def _settings(ctx) -> tuple[list[_Entry], list]:
    """The patterns of this run and the ``allow`` expressions (built-ins minus ``disable``, plus
    ``patterns``); values of the wrong type are schema/invalid-value's and are ignored here."""
    block = guidelines_of(ctx).get("placeholders")
    block = block if isinstance(block, dict) else {}
    disable = block.get("disable")
    off = {x for x in disable if isinstance(x, str)} if isinstance(disable, list) else set()
    entries = [e for e in builtin() if e.name not in off]
    allow = []
    allowed = block.get("allow")
    for i, pattern in enumerate(allowed if isinstance(allowed, list) else []):
        if isinstance(pattern, str) and pattern:
            allow.append(_compile(ctx, pattern, ("placeholders", "allow", i)))
    extra = block.get("patterns")
    for i, e in enumerate(extra if isinstance(extra, list) else []):
        if not isinstance(e, dict) or not isinstance(e.get("pattern"), str) or not e["pattern"]:
            continue
        name = e.get("name") if isinstance(e.get("name"), str) else f"patterns[{i}]"
        severity = e.get("severity") if e.get("severity") in ("error", "warning", "info") else SEVERITY
        where = "source" if e.get("where") == "source" else "prose"
        message = e["message"] if isinstance(e.get("message"), str) else "'{0}' is a placeholder left in the text"
        fix = e["fix"] if isinstance(e.get("fix"), str) else "Replace it with the real text"
        entries.append(_Entry(name, _compile(ctx, e["pattern"], ("placeholders", "patterns", i, "pattern")),
                              where, message, fix, severity))
    return entries, allow


def _compile(ctx, pattern: str, path: tuple):
    label = "placeholders." + ".".join(str(p) for p in path[1:])
    try:
        return compile_user(pattern, label=label, locate=lambda: _where(ctx, path))
    except re.error as exc:
        raise guideline_error(ctx, f"{label} is not a valid regular expression: {exc}", path) from None


def _where(ctx, path: tuple) -> tuple:
    error = guideline_error(ctx, "", path)
    return error.file, error.line, error.column


def _task_box(prose, start: int, found: str) -> bool:
    """``[ ]``/``[x]`` opening a list item (``- [x] done``): a task-list box."""
    if found.lower() not in ("[x]", "[ ]"):
        return False
    block = prose.block_at(start) if prose is not None else None
    if block is not None:
        return block.in_list and block.start == start
    line_start = prose.text.rfind("\n", 0, start) + 1 if prose is not None else 0
    return re.fullmatch(r"\s*(?:[-*+]|\d+[.)])\s+", prose.text[line_start:start]) is not None


def check(target, ctx):
    entries, allow = memo(ctx, (ID, "settings"), lambda: _settings(ctx))
    view = None
    code = None  # code ranges of a Markdown text, found when a source pattern first matches
    taken: list[tuple[int, int]] = []  # spans (in target.text) already reported: one finding each
    for entry in entries:
        if entry.where == "source":
            text = target.text
        else:
            view = view or reader_view(target)
            if view is None:
                continue
            text = view.text
        for m in entry.regex.finditer(text):
            found = m.group(0)
            if m.end() <= m.start() or any(a.fullmatch(found) for a in allow):
                continue
            if entry.where == "source":
                if _XMLNS.search(text, max(0, m.start() - 24), m.start()):
                    continue
                if target.markdown:
                    code = unread_in_source(text) if code is None else code
                    if any(a <= m.start() < b for a, b in code):
                        continue
                start, end = m.start(), m.end()
            else:
                if view.skipped(m.start(), m.end()) or _task_box(target.prose, m.start(), found):
                    continue
                start, end = to_source(target, m.start(), m.end())
                if end - start > 2 and not target.writer_typed(start + 1, end - 1):
                    continue  # [{{ facts.brand }}]: a tag around an inserted value, not a field to fill
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            extra = {"severity": entry.severity} if entry.severity != SEVERITY else {}
            fix = f"Write it in Jinja: {jinja_for(found)}" if entry.name == "handlebars" else entry.fix
            yield TextProblem(start, end, entry.message.replace("{0}", found), fix, extra)
