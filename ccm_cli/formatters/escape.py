"""Escaping for each output medium, so that content under review stays text.

A pull request writes guideline reasons, comm ids, file names, Vale rule ids and the customer
text, and all of them reach a report. Each medium has its own rules, kept here and nowhere
else; a formatter names the medium of each value it prints and knows no rule itself.

terminal and CI log (``--format text``, ``ccm diff`` text)
    :func:`terminal` shows every control character, line or paragraph separator, bidi override
    and lone surrogate as a visible escape (``\\x1b``, ``\\n``, ``\\u2028``; a byte of a file
    name that is not UTF-8 as ``\\xff``), so a value is one line and moves no cursor.
    :func:`terminal_line` first joins the lines of a multi-line message with a space;
    :func:`terminal_block` keeps line feeds (a rendered body shown as it reads).
    Japanese, emoji (with their joiners and variation selectors) and all other text stay as
    they are.
every text written where GitHub Actions reads it (stdout and stderr of a step)
    The runner treats a line (ended by CR, LF or CRLF) as a workflow command when it starts,
    after blanks, with ``::``, and also when it holds ``##[`` followed by a command name
    anywhere (the legacy syntax). :func:`guard` puts a backslash before such a ``::`` and into
    ``##[`` (``##\\[``); :class:`LineGuard` does it to a stream, for rich's output, wrapped lines
    included. Only ``--format github`` writes commands, and only its own.
GitHub workflow commands (``--format github``)
    :func:`github_data` and :func:`github_property` escape as GitHub documents (``%`` → %25,
    CR → %0D, LF → %0A; in properties also ``:`` → %3A and ``,`` → %2C) after showing the other
    controls visibly.
XML 1.0 (JUnit)
    :func:`xml_text` keeps tab and line breaks and shows every character XML 1.0 cannot carry
    (most C0 controls, lone surrogates, U+FFFE/U+FFFF) and the C1 controls as visible escapes.
JSON (``json``, ``sarif``, ``ccm diff --format json``)
    :func:`json_text` post-processes serialised JSON losslessly: lone surrogates, DEL, C1
    controls, line/paragraph separators and bidi overrides become ``\\uXXXX`` escapes, and
    ``##[`` becomes ``#\\u0023[`` (the same string to a JSON reader, no command to the runner).
Markdown and HTML (the ``ccm diff`` pull-request comment)
    :func:`markdown_text` for prose and table cells, :func:`markdown_code` for code spans,
    :func:`markdown_fence` for blocks, :func:`html_text` inside HTML tags. No content can open
    an HTML comment or tag, close a code fence, start a heading, list or table cell, or ping a
    person or link an issue (``@name`` and ``#123`` get a zero-width space after ``@``/``#``).
"""

from __future__ import annotations

import html
import re
from typing import TextIO

# Characters no one-line value may carry: C0 and C1 controls, DEL, line and paragraph
# separators, bidi embeddings/overrides/isolates (they reorder what a reader sees), lone
# surrogates (undecodable file-name bytes; they cannot even be written as UTF-8) and the
# noncharacters U+FFFE/U+FFFF (not XML).
_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# The same, keeping tab, LF and CR: for media where a value may span lines.
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# The same, keeping tab and LF: several lines for a terminal.
_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# Runs of blanks around a line break of any kind, for messages written over several lines.
_LINE_BREAK = re.compile("[^\\S\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\\s*")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": " "}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _visible(match: re.Match) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: object) -> str:
    """``text`` on one line with every control character shown as a visible escape."""
    return _ONE_LINE.sub(_visible, str(text))


def terminal_block(text: object) -> str:
    """Several lines for a terminal (a rendered body): line feeds and tabs kept, every other
    control shown as in :func:`terminal`."""
    return _BLOCK.sub(_visible, str(text))


def terminal_line(text: object) -> str:
    """A message written over several lines, on one line (the lines joined by a space),
    controls shown as in :func:`terminal`."""
    return terminal(_LINE_BREAK.sub(" ", str(text).strip()))


# ---------------------------------------------------------------- the CI log
# A line is what .NET's ReadLine returns (ended by CR, LF or CRLF); a command starts a line
# after whitespace (String.TrimStart: Unicode white space), possibly behind colour codes.
_COMMAND = re.compile("(?:^|(?<=[\r\n]))((?:[^\\S\r\n]|\x1b\\[[0-9;]*m)*)(?=::)|##\\[")


def _neutralise(match: re.Match) -> str:
    return "##\\[" if match.group() == "##[" else match.group(1) + "\\"


def guard(text: str) -> str:
    """``text`` (whole lines) with no line starting a GitHub Actions workflow command."""
    if "::" not in text and "##[" not in text:
        return text
    return _COMMAND.sub(_neutralise, text)


class LineGuard:
    """A text stream that writes to ``out`` what :func:`guard` lets through, a line at a time.

    Call :meth:`finish` at the end (or use it as a context manager) to write a last line that
    has no line break. Everything else (``isatty``, ``encoding``…) is ``out``'s, so rich
    detects the terminal as it would on ``out``."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._pending = ""

    def write(self, text: str) -> int:
        data = self._pending + text
        cut = max(data.rfind("\n"), data.rfind("\r")) + 1
        self._pending = data[cut:]
        if cut:
            self._out.write(guard(data[:cut]))
        return len(text)

    def flush(self) -> None:
        self._out.flush()

    def finish(self) -> None:
        if self._pending:
            self._out.write(guard(self._pending))
            self._pending = ""

    def isatty(self) -> bool:
        try:
            return bool(self._out.isatty())
        except (AttributeError, ValueError):
            return False

    def __getattr__(self, name: str):
        return getattr(self._out, name)

    def __enter__(self) -> "LineGuard":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:  # a broken pipe or a full disk is not written to again
            self.finish()


# ---------------------------------------------------------------- GitHub workflow commands
def github_data(text: object) -> str:
    """The message of a workflow command: may span lines (%0A), holds no other control."""
    text = _MULTI_LINE.sub(_visible, str(text))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: object) -> str:
    """A property value of a workflow command (``file=``, ``title=``): one line."""
    return terminal(text).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")


# ---------------------------------------------------------------- XML 1.0
def xml_text(text: object) -> str:
    """``text`` with only characters XML 1.0 can carry (tab and line breaks kept); the
    XML writer escapes ``&``, ``<``, ``>`` and quotes."""
    return _MULTI_LINE.sub(_visible, str(text))


# ---------------------------------------------------------------- JSON
_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]|##\\[")


def _json_escape(match: re.Match) -> str:
    found = match.group()
    return "#\\u0023[" if found == "##[" else f"\\u{ord(found):04x}"


def json_text(serialised: str) -> str:
    """Serialised JSON (``ensure_ascii=False``) that every reader decodes to the same data,
    that is valid UTF-8, moves no terminal cursor and holds no legacy workflow command. The
    characters replaced occur only inside JSON strings, where ``\\uXXXX`` means the same."""
    return _JSON.sub(_json_escape, serialised)


# ---------------------------------------------------------------- Markdown and HTML
# `@name` pings a person or team and `#123` links an issue, whatever the Markdown around
# them: a zero-width space after the sign keeps the text and drops the link.
_PING = re.compile(r"(?<!\w)@(?=[A-Za-z0-9])|#(?=\d)")
_MARKDOWN = re.compile(r"[\\`*_\[\]|~$#<>&]")
_MARKDOWN_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _unping(text: str) -> str:
    return _PING.sub(lambda m: m.group() + "\u200b", text)


def markdown_text(text: object) -> str:
    """One line of plain text in Markdown prose or a table cell: renders as the text itself."""
    text = _unping(terminal_line(text))
    text = _MARKDOWN.sub(lambda m: _ENTITIES.get(m.group()) or "\\" + m.group(), text)
    return _MARKDOWN_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


def markdown_code(text: object, in_table: bool = False) -> str:
    """An inline code span showing ``text`` on one line, whatever backticks it holds."""
    text = terminal_line(text)
    if not text:
        return ""
    ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    if in_table:  # GitHub splits table cells at '|' even inside code spans
        text = text.replace("|", "\\|")
    return f"{ticks}{pad}{text}{pad}{ticks}"


def markdown_fence(text: str, lang: str = "") -> str:
    """A fenced code block showing ``text`` verbatim: its fence is longer than any run of
    backticks inside, so no line of ``text`` can close it."""
    text = _SURROGATE.sub(_visible, text)  # invalid in UTF-8: the comment could not be written
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{text}\n{ticks}\n"


def html_text(text: object) -> str:
    """One line of text inside HTML tags (``<summary>``): no tag, comment or entity of its own."""
    return html.escape(_unping(terminal_line(text)), quote=True)
