"""ccm_cli.formatters.escape: each medium's rules, checked against the medium itself — the
GitHub runner's parsing rules, an XML parser, a JSON parser and a CommonMark renderer —
on tables of hostile strings and on strings hypothesis makes up."""

from __future__ import annotations

import html
import json
import os
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings, strategies as st
from markdown_it import MarkdownIt

from ccm_cli.formatters import escape

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Characters that mean something to a terminal, the runner, XML, JSON, Markdown or HTML.
SPECIAL = list("\\`*_[]|~$#<>&!()-+=.:@1 \t\n\r\x0b\x0c\x00\x1b\x07\x85\x9b\u2028\u2029\u202e\u3000\ufffe") + [
    "::", "##[", "<!--", "```", "@octocat", "#12", "\x1b[31m", "\x1b]8;;", "\udcff", "日本語", "🧑‍💻"]
TEXT = st.lists(st.one_of(st.sampled_from(SPECIAL), st.characters()), max_size=30).map(lambda parts: "".join(parts).replace("\u200b", ""))
MARKDOWN = MarkdownIt("commonmark").enable("table")
ZWSP = "\u200b"


def runner_lines(text: str) -> list[str]:
    return re.split("\r\n|\r|\n", text)


def is_command(line: str) -> bool:
    """What the GitHub Actions runner takes for a workflow command (ActionCommand.TryParseV2,
    then the legacy TryParse)."""
    return line.lstrip().startswith("::") or "##[" in line


@pytest.mark.parametrize("text, shown", [
    ("a\nb\r\nc", "a\\nb\\r\\nc"),
    ("\x1b[31mred\x1b]8;;https://x\x07", "\\x1b[31mred\\x1b]8;;https://x\\x07"),
    ("\x00\x7f\x85\x9b\u2028\u2029\u202e\u2066", "\\x00\\x7f\\x85\\x9b\\u2028\\u2029\\u202e\\u2066"),
    (os.fsdecode(b"\xff\xfe.yaml"), "\\xff\\xfe.yaml"),
    ("a\tb", "a b"),
    ("日本語の件名🧑‍💻 ＠「！」", "日本語の件名🧑‍💻 ＠「！」"),  # text, joiners and full-width signs untouched
])
def test_terminal_shows_controls(text, shown):
    assert escape.terminal(text) == shown


def test_terminal_line_joins_the_lines_of_a_message():
    assert escape.terminal_line("  one\n  two \r\n three\u2028four\x85five  ") == "one two three four five"


@pytest.mark.parametrize("text, guarded", [
    ("::error::x\n", "\\::error::x\n"),
    ("  \t\u3000::warning::x\n", "  \t\u3000\\::warning::x\n"),
    ("ok\r::error::x", "ok\r\\::error::x"),
    ("\x1b[1m::error::x", "\x1b[1m\\::error::x"),
    ("text ##[error]x ##[set-output name=a;]b", "text ##\\[error]x ##\\[set-output name=a;]b"),
    ("a :: b\n", "a :: b\n"),
])
def test_guard(text, guarded):
    assert escape.guard(text) == guarded


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_no_guarded_line_is_a_command(text):
    guarded = escape.guard(text)
    assert not any(is_command(line) for line in runner_lines(guarded))
    assert escape.guard(guarded) == guarded


def test_line_guard_sees_lines_across_writes():
    class Out:
        text = ""

        def write(self, s):
            self.text += s

    out = Out()
    with escape.LineGuard(out) as guarded:
        for piece in ("ok\n  ", ":", ":error::x\n#", "#[warning]y"):
            guarded.write(piece)
    assert out.text == "ok\n  \\::error::x\n##\\[warning]y"


def _runner_unescape(value: str, mappings) -> str:
    for token, replacement in mappings:
        value = value.replace(replacement, token)
    return value


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_github_escaping_is_githubs(text):
    """The runner's own unescaping (StringEscapingUtil, in its mapping order) gives back the
    text, controls other than line breaks shown visibly; properties hold no separator."""
    data = escape.github_data(text)
    assert not re.search("[\r\n]", data) and CONTROLS.search(data) is None
    assert _runner_unescape(data, [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]) == escape._MULTI_LINE.sub(escape._visible, text)
    prop = escape.github_property(text)
    assert not re.search("[\r\n:,]", prop)
    assert _runner_unescape(prop, [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]) == escape.terminal(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_xml_text_is_always_valid_xml(text):
    element = ET.Element("failure", message=escape.xml_text(text))
    element.text = escape.xml_text(text)
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode").encode("utf-8"))
    assert CONTROLS.search(parsed.text or "") is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, st.text()))
def test_json_text_is_lossless(text):
    serialised = escape.json_text(json.dumps({"message": text}, ensure_ascii=False))
    assert json.loads(serialised) == {"message": text}
    assert "##[" not in serialised and CONTROLS.search(serialised) is None
    serialised.encode("utf-8")  # no lone surrogate left


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_markdown_text_renders_as_the_text_itself(text):
    expected = escape.terminal_line(text)
    rendered = MARKDOWN.render("- " + escape.markdown_text(text) + "\n") if expected else "<ul>\n<li></li>\n</ul>\n"
    inner = re.fullmatch(r"<ul>\n<li>(.*)</li>\n</ul>\n", rendered, re.S)
    assert inner, rendered
    assert "<" not in inner.group(1)  # no tag, comment, link, emphasis or code of the content's
    assert html.unescape(inner.group(1)).replace(ZWSP, "") == expected
    assert not re.search(r"(?<!\w)@[A-Za-z0-9]|#\d", html.unescape(inner.group(1)))  # no ping, no issue link


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_markdown_code_in_a_table_cell_shows_the_text(text):
    expected = escape.terminal_line(text)
    if not expected:
        return
    rendered = MARKDOWN.render(f"| a | b |\n|---|---|\n| {escape.markdown_code(text, in_table=True)} | {escape.markdown_text(text)} |\n")
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.S)
    assert len(cells) == 2, rendered
    code = re.fullmatch(r"<code>(.*)</code>", cells[0], re.S)
    assert code and html.unescape(code.group(1)) == expected
    assert html.unescape(cells[1]).replace(ZWSP, "") == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["`", "``", "```", "````", "~~~", "\n", "<!--", "</details>", " ", "x"]),
                         st.characters(blacklist_categories=("Cs",))), max_size=40).map("".join))
def test_markdown_fence_shows_the_text_verbatim(text):
    text = text.replace("\r", "").replace("\x00", "")  # CommonMark reads CR as a line end and NUL as U+FFFD
    rendered = MARKDOWN.render(escape.markdown_fence(text, "diff"))
    block = re.fullmatch(r'<pre><code class="language-diff">(.*)</code></pre>\n', rendered, re.S)
    assert block, rendered
    assert html.unescape(block.group(1)) == text + "\n"


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_html_text_stays_text_inside_a_tag(text):
    rendered = MARKDOWN.render(f"<details><summary><b>{escape.html_text(text)}</b></summary>\n\nbody\n</details>\n")
    inner = re.search(r"<summary><b>(.*?)</b></summary>", rendered, re.S)
    assert inner and "<" not in inner.group(1)
    assert html.unescape(inner.group(1)).replace(ZWSP, "") == escape.terminal_line(text)
    assert not re.search(r"(?<!\w)@[A-Za-z0-9]|#\d", html.unescape(inner.group(1)))
    assert "<p>body</p>" in rendered
