"""Turn a YAML parser's error into one line a writer can act on.

libyaml (and ruamel.yaml) say what the *parser* was doing when it gave up, at the place it gave
up: "found unexpected end of stream" at the end of the file for a quote opened on line 5,
"found character that cannot start any token" for a tab. :func:`explain` recognises the
mistakes writers make and says, at the place where the mistake *is*, what is wrong and how to
fix it:

======================================  ==============================================
mistake                                 reported at
======================================  ==============================================
unclosed quote (``"Your bill``)         the opening quote, even when a later quote
                                        closed it and the parser failed further down
text after a closing quote, an          the quote that ended the string
unescaped quote inside a quoted string
tab used for indentation                the tab
``subject: Note: x``                    the second ``:`` (quote the value)
a line indented more or less than       the line, naming the key above or the
its neighbours                          indentation expected
``a:b`` (no space after the colon)      the colon
``- item`` among ``key:`` lines and     the line
``key:`` among ``- item`` lines
unclosed ``[`` or ``{``                 the bracket
a value starting with ``[``, ``{``,     the value (quote it), with a word on Jinja
``{{``, ``{%``, ``*``, ``&``, ``|``,    templates for ``{{``/``{%``
``>``, ``%``, ``@``, `````
a line with no ``:``                    the line
two documents (a second ``---``)        the second ``---``
unknown escape in a double-quoted       the backslash
string (``"C:\\path"``)
control character, byte-order mark      the character
inside the file
duplicate anchor                        the second anchor
======================================  ==============================================

Anything else keeps the parser's own words, at its problem position, with where the
construct it was reading started. Positions are computed from the character offset, so
a line break YAML 1.1 counts but editors do not (U+0085, U+2028, U+2029) does not shift them.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from .errors import CcmError

TAB = "tab characters are not allowed for indentation in YAML; use spaces"


class _Where:
    """The text of a file and positions in it (1-based line and column from a character offset)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def pos(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, len(self.text)))
        line_start = self.text.rfind("\n", 0, index) + 1
        return self.text.count("\n", 0, index) + 1, index - line_start + 1

    def at(self, index: int) -> str:
        return f"{self.pos(index)[0]}:{self.pos(index)[1]}"

    def char(self, index: int) -> str:
        return self.text[index] if 0 <= index < len(self.text) else ""

    def line_of(self, index: int) -> tuple[int, str]:
        """(offset where the line starts, the line without its break)."""
        start = self.text.rfind("\n", 0, index) + 1
        end = self.text.find("\n", index)
        return start, self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")

    def previous_lines(self, index: int) -> Iterable[tuple[int, str]]:
        """The lines before the one holding ``index``, nearest first, skipping blank and comment lines."""
        start = self.text.rfind("\n", 0, index) + 1
        while start > 0:
            prev_start = self.text.rfind("\n", 0, start - 1) + 1
            line = self.text[prev_start : start - 1].rstrip("\r")
            if line.strip() and not line.lstrip().startswith("#"):
                yield prev_start, line
            start = prev_start


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def explain(exc: Exception, text: str, rel: str, tokens: Callable[[str], Iterable] | None = None) -> CcmError:
    """A :class:`CcmError` for ``exc`` (raised parsing ``text``); ``tokens(text)`` yields the
    scanner's tokens (used to find the quoted string or bracket a later error comes from)."""
    where = _Where(text)
    found = _reader_error(exc, where) or _marked(exc, where, tokens)
    message, index, hint = found
    if index is None:
        return CcmError(f"invalid YAML: {message}", rel, hint=hint)
    line, column = where.pos(index)
    return CcmError(f"invalid YAML: {message}", rel, line, column, hint=hint)


def _reader_error(exc: Exception, where: _Where):
    if type(exc).__name__ != "ReaderError":
        return None
    position = getattr(exc, "position", 0) or 0
    if getattr(exc, "encoding", None) == "?":  # libyaml counts UTF-8 bytes
        position = len(where.text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    character = getattr(exc, "character", None)
    code = character if isinstance(character, int) else (ord(character) if isinstance(character, str) and character else 0)
    return (f"the control character U+{code:04X} is not allowed in YAML", position,
            f"delete it; to keep it, write it as \\x{code:02X} inside a double-quoted string" if code < 0x100 else "delete it")


def _marked(exc: Exception, where: _Where, tokens) -> tuple[str, int | None, str | None]:
    problem = (getattr(exc, "problem", None) or "").strip()
    context = (getattr(exc, "context", None) or "").strip()
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if problem_mark is None and context_mark is None:
        return (str(exc).splitlines()[0] if str(exc) else "invalid YAML", None, None)
    index = (problem_mark or context_mark).index
    start = context_mark.index if context_mark is not None else index
    if problem.startswith("expected <block end>, but found"):  # ruamel.yaml's words for libyaml's
        problem = "did not find expected key" if "mapping" in context else "did not find expected '-' indicator"
    if "unknown escape" in problem and where.char(index) != "\\" and where.char(index - 1) == "\\":
        index -= 1  # ruamel.yaml points after the backslash
    for recognise in _RECOGNISERS:
        found = recognise(where, problem, context, index, start, tokens)
        if found:
            return found
    message = problem or context
    if context and problem and context_mark is not None and where.pos(start) != where.pos(index):
        message += f" ({context} that starts at {where.at(start)})"
    return (message, index, None)


# -- recognisers: (where, problem, context, problem index, context index, tokens) -> (message, index, hint) or None


def _bom(where, problem, context, index, start, tokens):
    bom = where.text.find("\ufeff", 1)  # one at the very start is allowed
    if 0 < bom and where.pos(bom)[0] <= where.pos(index)[0]:
        return ("an invisible byte-order mark (U+FEFF) inside the file", bom,
                "delete it: it often comes from pasting text or joining files")
    return None


_ODD_BREAKS = {"\x85": "U+0085 (next line)", "\u2028": "U+2028 (line separator)", "\u2029": "U+2029 (paragraph separator)"}


def _odd_break(where, problem, context, index, start, tokens):
    """U+0085, U+2028 and U+2029 are line breaks to YAML 1.1 (libyaml), invisible to a writer."""
    line_start, _ = where.line_of(index)
    begin = where.text.rfind("\n", 0, max(line_start - 1, 0)) + 1  # this line and the one before
    for offset in range(begin, min(index + 1, len(where.text))):
        name = _ODD_BREAKS.get(where.text[offset])
        if name:
            return (f"an invisible line break {name}, which YAML reads as a new line", offset,
                    "replace it with a space or a real line break")
    return None


def _tab(where, problem, context, index, start, tokens):
    line_start, line = where.line_of(index)
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indentation:
        return (TAB, line_start + indentation.index("\t"), None)
    if "tab character" in problem:
        return (TAB, index, None)
    return None


def _unclosed_quote(where, problem, context, index, start, tokens):
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        quote = where.char(start)
        return (f"unclosed quoted string starting at {where.at(start)}", start,
                f"add the closing {quote} at the end of the value on line {where.pos(start)[0]}")
    return None


def _quote_ran_on(where, problem, context, index, start, tokens):
    """A quote never closed, closed instead by the next value's opening quote: the parser
    fails right after that, lines later (or further along a ``{flow: mapping}``)."""
    scalar = _token_before(where, index, tokens, quoted=True)
    if scalar is None:
        return None
    begin, end = scalar.start_mark.index, scalar.end_mark.index
    if not _SWALLOWED.search(where.text, begin + 1, end - 1):
        return None  # holds nothing that looks like the YAML after it: no sign it ran on
    quote = where.char(begin)
    return (f"unclosed quoted string starting at {where.at(begin)}", begin,
            f"add the closing {quote} at the end of the value on line {where.pos(begin)[0]}; "
            f"without it the string runs on to {where.at(end - 1)}")


# a line that looks like "key: ..." or "- ...", or ", key: " (the next entry of a {flow: mapping})
_SWALLOWED = re.compile(r"\n[ \t]*(?:-[ \t]|[^\s:#'\"][^:\n]*:(?:[ \t]|$))|,[ \t]*[^\s:#'\",\[\]{}][^:\n,]*:[ \t]", re.M)


def _after_quote(where, problem, context, index, start, tokens):
    """Text right after a quoted string on the same line: a quote or apostrophe inside it ended it early."""
    if "expected key" not in problem and "expected '-'" not in problem and "expected ',' or" not in problem:
        return None
    scalar = _token_before(where, index, tokens, quoted=True)
    if scalar is None:
        return None
    close = scalar.end_mark.index - 1
    if where.pos(close)[0] != where.pos(index)[0] or where.text[close + 1 : index].strip():
        return None
    quote = where.char(close)
    if quote == "'":
        hint = "inside single quotes write an apostrophe as '' (It''s), or put the value in double quotes"
    else:
        hint = "inside double quotes write a quote as \\\", or put the value in single quotes"
    return (f"the quoted string ends at this {quote}, but the value goes on after it", close, hint)


def _after_flow(where, problem, context, index, start, tokens):
    """``subject: [Action required] Pay now``: a value starting with [ or { is a list or mapping."""
    if "expected key" not in problem and "expected '-'" not in problem:
        return None
    before = where.text[:index].rstrip(" \t")
    if not before.endswith(("]", "}")) or tokens is None:
        return None
    opening = _flow_start(where, index, tokens)
    if opening is None:
        return None
    return _starts_like_yaml(where, opening)


def _flow_start(where, index, tokens) -> int | None:
    """Where the outermost [ or { ending right before ``index`` opened."""
    depth, opened = 0, None
    for token in _tokens_until(where, index, tokens):
        name = type(token).__name__
        if name in ("FlowSequenceStartToken", "FlowMappingStartToken"):
            if depth == 0:
                opened = token.start_mark.index
            depth += 1
        elif name in ("FlowSequenceEndToken", "FlowMappingEndToken"):
            depth = max(0, depth - 1)
    return opened


def _starts_like_yaml(where, value: int):
    """A plain value whose first character YAML reads as syntax."""
    two = where.text[value : value + 2]
    first = two[:1]
    quoted = _quoted_value(where, value)
    if two in ("{{", "{%"):
        return (f"a value starting with '{two}' is read as a YAML mapping, not a template", value,
                f"put the whole value in quotes: {quoted}")
    what = {"[": "a YAML list", "{": "a YAML mapping", "*": "an alias (a reference to an &anchor)",
            "&": "an anchor", "|": "the start of a block of text", ">": "the start of a block of text",
            "!": "a tag", "?": "a complex key"}.get(first)
    if what is None:
        what = "YAML syntax"
    return (f"a value starting with '{first}' is read as {what}", value, f"put the whole value in quotes: {quoted}")


def _quoted_value(where, value: int) -> str:
    """``key: "the value"`` for the line holding ``value`` (for a hint)."""
    line_start, line = where.line_of(value)
    head, rest = line[: value - line_start], line[value - line_start :]
    rest = re.sub(r"\s+#.*$", "", rest).rstrip()
    if '"' in rest and "'" not in rest:
        return f"{head.strip()} '{rest}'"
    return f'{head.strip()} "{_escape(rest)}"'


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _syntax_start(where, problem, context, index, start, tokens):
    """A plain value beginning with a character YAML reserves: @ ` % * & | > ? {% ."""
    if "while scanning an alias" in context or "while scanning an anchor" in context or "while scanning a block scalar" in context:
        return _starts_like_yaml(where, start)
    if "undefined alias" in problem:
        name = re.match(r"\*[^\s,\[\]{}]*", where.text[index:])
        found = _starts_like_yaml(where, index)
        alias = name.group(0) if name else "*"
        return (f"{alias} refers to no anchor &{alias[1:]} defined above, and a value starting with '*' is read as an alias",
                index, found[2])
    if "cannot start any token" in problem:
        char = where.char(index)
        if char == "%" and where.char(index - 1) == "{":
            return _starts_like_yaml(where, index - 1)
        if char in "@`%":
            return (f"'{char}' cannot start a value in YAML", index, f"put the whole value in quotes: {_quoted_value(where, index)}")
        return (f"'{char}' cannot start a value here", index, "put the value in quotes")
    if "mapping keys are not allowed" in problem and where.char(index) == "?":
        return _starts_like_yaml(where, index)
    return None


def _colon(where, problem, context, index, start, tokens):
    if "mapping values are not allowed" not in problem:
        return None
    line_start, line = where.line_of(index)
    column = index - line_start
    before = line[:column]
    if re.search(r":(?:\s|$)", before) or before.lstrip().startswith("- "):
        value = _value_start(line_start, line, column)
        hint = f"put the whole value in quotes: {_quoted_value(where, value)}" if value is not None else "put the value in quotes"
        return ("': ' inside an unquoted value", index, hint)
    if column > 1024:
        return ("a key longer than 1,024 characters", line_start + _indent(line), "shorten the key")
    for prev_start, prev in where.previous_lines(index):
        if _indent(prev) < _indent(line):
            key = re.match(r"\s*(?:-\s+)?([^:#]+?):(?:\s|$)", prev)
            name = f"'{key.group(1)}:'" if key else "the line above"
            line_no = where.pos(prev_start)[0]
            return (f"this line is indented more than {name} on line {line_no}, so YAML reads it as more of that value",
                    line_start + _indent(line),
                    f"indent it like {name}; to nest it under {name}, leave nothing after that colon")
        if _indent(prev) == _indent(line):
            glued = re.search(r"[^\s:]:[^\s:/]", prev)
            if glued:
                return ("a key needs a space after its ':'", prev_start + glued.start() + 1,
                        f"write '{prev[: glued.start() + 2].strip()} {prev[glued.start() + 2:].strip()}'")
            break
        break
    return None


def _value_start(line_start: int, line: str, column: int) -> int | None:
    """Where the value of the ``key:`` on ``line`` starts (before ``column``)."""
    match = re.match(r"(\s*(?:-\s+)?(?:[^\s:#][^:#]*?:\s+)?)\S", line)
    if not match or match.end(1) >= column:
        return None
    return line_start + match.end(1)


def _list_among_keys(where, problem, context, index, start, tokens):
    if "expected key" in problem and where.text[index : index + 2] in ("- ", "-", "-\n", "-\r"):
        return ("a list item ('- ') among the keys of a mapping", index,
                "a mapping cannot also be a list: put the list under a key, its '- ' lines indented below that key")
    if "expected '-' indicator" in problem:
        line_start, line = where.line_of(index)
        list_column = start - where.line_of(start)[0]
        if re.match(r"\s*[^\s\-#][^:]*:(?:\s|$)", line) and _indent(line) == index - line_start == list_column:
            return ("a 'key:' among the items of a list", index,
                    "a list cannot also have keys: write '- key: value' for an item, or indent less to end the list")
    return None


def _indentation(where, problem, context, index, start, tokens):
    if "expected key" not in problem and "expected '-' indicator" not in problem:
        return None
    line_start, line = where.line_of(index)
    spaces = _indent(line)
    if index - line_start != spaces:
        return None  # not at the start of the line: not an indentation problem
    levels: list[int] = []  # the indentation of the lists and mappings still open above, innermost first
    for _, prev in where.previous_lines(index):
        level = _indent(prev)
        if levels and level >= min(levels):
            continue
        item = re.match(r"((?:-[ \t]+)+)\S", prev[level:])  # '- key:' opens a mapping after the dash
        if item:
            levels.append(level + len(item.group(1)))
        levels.append(level)
        if level == 0:
            break
    expected = sorted({level for level in levels if level != spaces}, reverse=True)
    if not expected:
        return None
    options = " or ".join(str(level) for level in expected[:3])
    return (f"this line is indented {spaces} space{'s' if spaces != 1 else ''}, but the lines above it are indented {options}", index,
            "indent the keys of one mapping, and the items of one list, by the same number of spaces")


def _no_colon(where, problem, context, index, start, tokens):
    if "expected ':'" in problem and "simple key" in context:
        return ("this line is neither 'key: value' nor a list item", start,
                "add ': ' after the key, indent it to continue the value above, or start it with '#' to make it a comment")
    return None


def _unclosed_flow(where, problem, context, index, start, tokens):
    if "flow sequence" not in context and "flow mapping" not in context:
        return None
    bracket = where.char(start) or ("[" if "sequence" in context else "{")
    closing = "]" if bracket == "[" else "}"
    if where.pos(index)[0] > where.pos(start)[0] or index >= len(where.text.rstrip()):
        if where.text[start : start + 2] in ("{{", "{%"):
            return _starts_like_yaml(where, start)
        return (f"the '{bracket}' here is never closed", start,
                f"end the {'list' if bracket == '[' else 'mapping'} with '{closing}' on line {where.pos(start)[0]}, "
                f"or put the value in quotes if the '{bracket}' is text")
    if where.text[start : start + 2] in ("{{", "{%"):
        return _starts_like_yaml(where, start)
    return (f"{problem} in the {'list' if bracket == '[' else 'mapping'} that starts at {where.at(start)}", index,
            "separate items with ', ', or put the value in quotes if the brackets are text")


def _second_document(where, problem, context, index, start, tokens):
    if "single document" in context or "another document" in problem:
        return ("a second YAML document: ccm reads one document per file", index,
                "remove this '---', or split the file in two")
    return None


def _escape_sequence(where, problem, context, index, start, tokens):
    if "unknown escape" in problem:
        sequence = where.text[index : index + 2]
        return (f"unknown escape '{sequence}' in a double-quoted string", index,
                "write a backslash as \\\\ inside double quotes, or put the value in single quotes")
    return None


def _duplicate_anchor(where, problem, context, index, start, tokens):
    if "duplicate anchor" in context:
        return (f"this anchor is defined twice (first at {where.at(start)})", index, "rename one of the two anchors")
    return None


_RECOGNISERS = (
    _bom, _odd_break, _tab, _unclosed_quote, _quote_ran_on, _after_quote, _after_flow, _syntax_start, _unclosed_flow,
    _colon, _list_among_keys, _no_colon, _indentation, _second_document, _escape_sequence, _duplicate_anchor,
)


# -- the scanner's tokens up to the error


def _tokens_until(where, index: int, tokens) -> list:
    found: list = []
    if tokens is None:
        return found
    try:
        for token in tokens(where.text):
            if token.start_mark.index >= index:
                break
            found.append(token)
    except Exception:  # noqa: BLE001 - the scanner stops at the same error (or an earlier one): keep what it gave
        pass
    return found


def _token_before(where, index: int, tokens, quoted: bool):
    """The last scalar token ending at or before ``index`` (only a quoted one when ``quoted``)."""
    last = None
    for token in _tokens_until(where, index, tokens):
        if type(token).__name__ == "ScalarToken" and token.end_mark.index <= index:
            last = token
        elif type(token).__name__ not in ("ValueToken", "KeyToken", "BlockEndToken"):
            last = None
    if last is None or (quoted and getattr(last, "style", None) not in ("'", '"')):
        return None
    return last
