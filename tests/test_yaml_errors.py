"""YAML mistakes writers make, and where ccm says they are.

Each row: what a writer typed, where the mistake is (line, column: where a writer must look,
not where the parser gave up), words the message must hold and words the hint must hold.
"""

from __future__ import annotations

import pytest

from ccm_cli.errors import CcmError
from ccm_cli.yamlio import parse, parse_lazy
from conftest import run_ccm

TAB = "tab characters are not allowed for indentation in YAML; use spaces"

MISTAKES = [
    # quotes
    ("unclosed-quote-at-end", 'a: 1\nb: 2\nc: 3\nd: 4\ne: "hello\nf: 6\ng: 7\n', (5, 4),
     "unclosed quoted string starting at 5:4", 'add the closing " at the end of the value on line 5'),
    ("unclosed-single-quote", "a: 1\nb: 'hello\nc: 3\n", (2, 4), "unclosed quoted string starting at 2:4", "closing '"),
    ("unclosed-quote-closed-by-the-next-value", 'subject: "Your bill\npreheader: "See what you owe"\n', (1, 10),
     "unclosed quoted string starting at 1:10", "runs on to 2:12"),
    ("unclosed-quote-in-a-flow-mapping", 'window: {start: "08:00, end: "21:00"}\n', (1, 17),
     "unclosed quoted string starting at 1:17", 'closing "'),
    ("unclosed-quote-crlf", 'a: 1\r\nb: "x\r\nc: 2\r\n', (2, 4), "unclosed quoted string starting at 2:4", None),
    ("apostrophe-in-single-quotes", "subject: 'It's here'\n", (1, 13), "the quoted string ends at this '", "''"),
    ("quote-in-double-quotes", 'subject: "Say "hi" now"\n', (1, 15), 'the quoted string ends at this "', '\\"'),
    ("text-after-the-quote", 'a: "x" y\n', (1, 6), 'the quoted string ends at this "', None),
    ("unknown-escape", 'path: "C:\\data"\n', (1, 10), "unknown escape '\\d' in a double-quoted string", "single quotes"),
    # tabs
    ("tab-indentation", "a:\n\tb: 1\n", (2, 1), TAB, None),
    ("tab-after-spaces", "a:\n  b:\n  \tc: 1\n", (3, 3), TAB, None),
    ("tab-in-a-list", "a:\n  - x\n\t- y\n", (3, 1), TAB, None),
    ("tab-in-a-block", "body: |\n  Hello\n\tworld\n", (3, 1), TAB, None),
    # colons and indentation
    ("colon-in-a-value", "subject: Note: x\n", (1, 14), "': ' inside an unquoted value", 'subject: "Note: x"'),
    ("colon-in-a-list-item", "- a: Note: x\n", (1, 10), "': ' inside an unquoted value", 'a: "Note: x"'),
    ("no-space-after-colon", "a:b\nc: 1\n", (1, 2), "a key needs a space after its ':'", "'a: b'"),
    ("indented-too-far", "a: 1\n  b: 2\n", (2, 3), "indented more than 'a:' on line 1", "leave nothing after that colon"),
    ("indented-too-far-after-a-block", "body: |\n  text\nsubject: x\n  extra: 1\n", (4, 3), "indented more than 'subject:' on line 3", None),
    ("indented-to-nothing", "a:\n    b: 1\n  c: 2\n", (3, 3), "indented 2 spaces, but the lines above it are indented 4 or 0", "same number of spaces"),
    ("indented-to-nothing-in-a-list", "- a: 1\n  b: 2\n c: 3\n", (3, 2), "indented 1 space, but the lines above it are indented 2 or 0", None),
    ("block-text-dedented", "a: |\n  x\n y\n", (3, 2), "indented 1 space", None),
    ("line-without-colon", "a: 1\njust some text\nb: 2\n", (2, 1), "neither 'key: value' nor a list item", "'#'"),
    ("long-key", "k" * 1100 + ": 1\n", (1, 1), "a key longer than 1,024 characters", None),
    # lists and mappings
    ("list-item-among-keys", "a: 1\n- b\n", (2, 1), "a list item ('- ') among the keys of a mapping", "under a key"),
    ("key-among-list-items", "items:\n  - a\n  b: 1\n", (3, 3), "a 'key:' among the items of a list", "'- key: value'"),
    ("key-after-a-top-level-list", "- a\nb: 1\n", (2, 1), "a 'key:' among the items of a list", None),
    ("unclosed-bracket", "tags: [a, b\nowner: x\nname: y\n", (1, 7), "the '[' here is never closed", "']' on line 1"),
    ("unclosed-brace", "a: {x: 1\nb: 3\n", (1, 4), "the '{' here is never closed", "'}' on line 1"),
    ("unclosed-bracket-at-the-end", "a: [1, 2\n", (1, 4), "the '[' here is never closed", None),
    ("second-document", "a: 1\n---\nb: 2\n", (2, 1), "a second YAML document", "remove this '---'"),
    # values that start with YAML syntax
    ("value-starting-with-a-bracket", "subject: [Action required] Pay now\n", (1, 10), "a value starting with '[' is read as a YAML list",
     'subject: "[Action required] Pay now"'),
    ("value-starting-with-a-brace", "subject: {Action} Pay now\n", (1, 10), "a value starting with '{' is read as a YAML mapping", None),
    ("unquoted-template", "subject: {{ name }} your bill\n", (1, 10), "a value starting with '{{' is read as a YAML mapping, not a template",
     'subject: "{{ name }} your bill"'),
    ("unquoted-template-tag", "a: 1\nbody: {% if x %}y{% endif %}\n", (2, 7), "a value starting with '{%'", None),
    ("markdown-emphasis", "subject: *Special* offer\n", (1, 10), "a value starting with '*' is read as an alias", 'subject: "*Special* offer"'),
    ("markdown-bold", "subject: **Big** sale\n", (1, 10), "a value starting with '*'", None),
    ("undefined-alias", "a: *nope\n", (1, 4), "*nope refers to no anchor &nope defined above", 'a: "*nope"'),
    ("ampersand", "subject: & more\n", (1, 10), "a value starting with '&' is read as an anchor", None),
    ("pipe", "subject: | not a block\n", (1, 10), "a value starting with '|' is read as the start of a block of text", None),
    ("greater-than", "subject: > 5 items\n", (1, 10), "a value starting with '>'", None),
    ("question-mark", "subject: ? really\n", (1, 10), "a value starting with '?'", None),
    ("at-sign", "handle: @kumo\n", (1, 9), "'@' cannot start a value in YAML", 'handle: "@kumo"'),
    ("backtick", "a: `code`\n", (1, 4), "'`' cannot start a value in YAML", None),
    ("percent", "discount: % off\n", (1, 11), "'%' cannot start a value in YAML", None),
    # characters
    ("control-character", "a: b\x01c\n", (1, 5), "the control character U+0001 is not allowed in YAML", "\\x01"),
    ("control-character-after-multibyte", "a: é\x01\n", (1, 5), "U+0001", None),
    ("byte-order-mark-inside", "a: 1\n\ufeffb: 2\n", (2, 1), "byte-order mark (U+FEFF)", "delete it"),
    ("next-line-character", "a: b\x85c\n", (1, 5), "U+0085 (next line), which YAML reads as a new line", None),
    ("line-separator", "a: x\u2028y\nb: 1\n", (1, 5), "U+2028 (line separator)", None),
    ("duplicate-anchor", "a: &x 1\nb: &x 2\n", (2, 4), "this anchor is defined twice (first at 1:4)", None),
]


@pytest.mark.parametrize("text, where, words, hint", [row[1:] for row in MISTAKES], ids=[row[0] for row in MISTAKES])
def test_a_yaml_mistake_is_reported_where_it_is(text, where, words, hint):
    with pytest.raises(CcmError) as full:
        parse(text, "x.yaml")
    with pytest.raises(CcmError) as lazy:
        parse_lazy(text, "x.yaml")
    error = full.value
    assert lazy.value.one_line() == error.one_line()
    assert (error.line, error.column) == where, error.one_line()
    assert error.message.startswith("invalid YAML: ") and words in error.message, error.one_line()
    if hint is not None:
        assert error.hint and hint in error.hint, error.one_line()
    assert "\n" not in error.one_line()


@pytest.mark.parametrize("text", [
    "a:\tb\n",  # a tab after the colon is a separator, not indentation
    "a: x, y\n",
    "a: b#c\n",
    "subject: '{{ name }}'\n",
    "subject: \"It's here\"\n",
    "a: &x 1\nb: *x\n",
    "\ufeffa: 1\n",
    "a: 1\r\nb: [1,\r\n  2]\r\n",
], ids=["tab-after-colon", "comma", "hash-without-space", "quoted-template", "apostrophe-in-double-quotes", "alias",
        "leading-byte-order-mark", "crlf"])
def test_what_looks_like_a_mistake_but_is_yaml_still_loads(text):
    parse(text, "x.yaml")


def test_positions_after_a_line_separator_are_the_editors():
    """libyaml counts U+2028 as a line break; editors do not."""
    doc = parse('a: "x\u2028y"\nb: 1\nb: 2\nc: [1,\n  2]\n', "x.yaml")
    assert doc.position(("b",)) == (2, 4)
    assert doc.key_position(("c",)) == (4, 1) and doc.position(("c", 1)) == (5, 3)
    assert [(d.line, d.column) for d in doc.duplicates] == [(3, 1)]


def test_ccm_lint_points_at_the_unclosed_quote_not_the_line_the_parser_stopped(minimal):
    """The issue's example: a quote left open on line 5 was reported at 17:25."""
    comm = minimal / "comms" / "billing" / "outage.yaml"
    text = comm.read_text("utf-8")
    assert text.splitlines()[1] == "name: Outage"
    comm.write_text(text.replace("name: Outage", 'name: "Outage', 1), "utf-8")
    result = run_ccm("lint", cwd=minimal)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == ('ccm: comms/billing/outage.yaml:2:7: invalid YAML: unclosed quoted string starting at 2:7 '
                                     '(add the closing " at the end of the value on line 2; without it the string runs on to 9:14)')


def test_ccm_lint_names_a_tab_in_ccm_yaml(minimal):
    ccm = minimal / "ccm.yaml"
    ccm.write_text(ccm.read_text("utf-8") + "publish:\n\tdefault: {type: dir, path: out}\n", "utf-8")
    result = run_ccm("lint", cwd=minimal)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    line = len(ccm.read_text("utf-8").splitlines())
    assert result.stderr.strip() == f"ccm: ccm.yaml:{line}:1: invalid YAML: {TAB}"
