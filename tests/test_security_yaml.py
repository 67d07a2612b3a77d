"""Hostile YAML from a pull request: bombs, recursive aliases, bad merges, huge numbers and
deep nesting end in one line at the right place, in bounded time and memory, never in a
traceback, an internal error or a crash.

The table is the attacker's: each row is a file a pull request could add or change, the place
ccm must point at, and what the line must say. Each row runs in-process (parse and the lazy
parse agree) and, for the worst rows, as a real ``ccm lint`` of a repository copy with the
file as a comm, as ``brand/guidelines.yaml`` and as ``ccm.yaml``, under a 1.5 GB address-space
limit, so a regression fails instead of eating the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

import pytest

from ccm_cli.errors import CcmError
from ccm_cli.yamlbounds import MAX_CHARS, MAX_DEPTH, MAX_NODES
from ccm_cli.yamlio import parse, parse_lazy
from conftest import copy_repo

MEGABYTE_STRING = "x" * 1_000_000
AMPLIFIED = "a: &a '" + MEGABYTE_STRING + "'\nb: [" + ", ".join(["*a"] * 100_000) + "]\n"
# the alias that passes MAX_CHARS: "a" and "b" and the string itself, then one string per alias
FIRST_TOO_MANY = next(k for k in range(1, 100) if 2 + 1_000_000 * (k + 1) > MAX_CHARS)
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
BIG = "9" * 5000


def _at(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the ``occurrence``-th ``needle`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


HOSTILE = [
    # (id, text, (line, column) or None for "an alias", words the message must hold)
    ("amplified-string", AMPLIFIED, _at(AMPLIFIED, "*a", FIRST_TOO_MANY), ["alias *a", f"{MAX_CHARS:,} characters"]),
    ("billion-laughs", LAUGHS, None, [f"{MAX_NODES:,} values", "alias bomb"]),
    ("recursive-sequence", "a: &a [*a]\n", (1, 8), ["alias *a", "recursive alias"]),
    ("recursive-mapping", "a: &a {b: *a}\n", (1, 11), ["alias *a", "recursive alias"]),
    ("recursive-merge", "base: &a\n  x: 1\n  <<: *a\n", (3, 7), ["alias *a", "recursive alias"]),
    ("recursive-through-inner-anchor", "a: &a\n  b: &b [1, {c: *a}]\n", (2, 17), ["alias *a", "recursive alias"]),
    ("merge-a-number", "a:\n  <<: 5\n  x: 1\n", (2, 3), ["'<<'", "the number 5"]),
    ("merge-text", "a:\n  <<: hello\n", (2, 3), ["'<<'", "the text 'hello'"]),
    ("merge-null", "a:\n  <<:\n  x: 1\n", (2, 3), ["'<<'", "empty (null)"]),
    ("merge-list-of-numbers", "a:\n  <<: [1, 2]\n", (2, 3), ["'<<'", "a list with the number 1"]),
    ("merge-nested-list", "b: &b {y: 2}\na:\n  <<: [[*b]]\n", (3, 3), ["'<<'", "a list with a list"]),
    ("merge-alias-to-list", "l: &l [1]\na:\n  <<: *l\n", (3, 3), ["'<<'", "a list with the number 1"]),
    ("integer-5000-digits", f"a: {BIG}\n", (1, 4), ["5,000 digits", "308 digits"]),
    ("negative-integer-5000-digits", f"a: [1, -{BIG}]\n", (1, 8), ["5,000 digits"]),
    ("hex-5000-digits", f"a: 0x{'f' * 5000}\n", (1, 4), ["5,000 hexadecimal digits"]),
    ("integer-5000-digits-as-key", f"? {BIG}\n: 1\n", (1, 3), ["5,000 digits"]),
    ("integer-309-digits", f"a: {'9' * 309}\n", (1, 4), ["309 digits"]),
    # the top-level mapping is the first level: its value may nest MAX_DEPTH - 1 more
    ("flow-nesting-100000", "a: " + "[" * 100_000 + "]" * 100_000 + "\n", (1, 3 + MAX_DEPTH), [f"more than {MAX_DEPTH} levels"]),
    ("dash-nesting-100000", "- " * 100_000 + "x\n", (1, 1 + 2 * MAX_DEPTH), [f"more than {MAX_DEPTH} levels"]),
    ("closers-hide-openers", "# " + "]" * 60_000 + "\na: " + "[" * 40_000 + "]" * 40_000 + "\n", (2, 3 + MAX_DEPTH),
     [f"more than {MAX_DEPTH} levels"]),
    ("indented-nesting-300", "".join(" " * i + "k:\n" for i in range(300)), (MAX_DEPTH + 1, MAX_DEPTH + 1),
     [f"more than {MAX_DEPTH} levels"]),
    ("alias-nests-too-deep", "a: &a " + "[" * 150 + "]" * 150 + "\nb: " + "[" * 60 + "*a" + "]" * 60 + "\n",
     (2, 64), ["alias *a", f"more than {MAX_DEPTH} levels"]),
]


@pytest.mark.parametrize("text, where, words", [row[1:] for row in HOSTILE], ids=[row[0] for row in HOSTILE])
def test_hostile_yaml_is_one_line_at_the_right_place(text, where, words):
    started = time.perf_counter()
    with pytest.raises(CcmError) as full:
        parse(text, "comms/x.yaml")
    with pytest.raises(CcmError) as lazy:
        parse_lazy(text, "comms/x.yaml")
    assert time.perf_counter() - started < 5
    error = full.value
    assert lazy.value.one_line() == error.one_line()
    line = error.one_line()
    assert "\n" not in line and line.startswith(f"comms/x.yaml:{error.line}:{error.column}: "), line
    for word in words:
        assert word in line, line
    if where is None:  # an alias: the column points at its '*'
        source_line = text.splitlines()[error.line - 1]
        assert source_line[error.column - 1] == "*", line
    else:
        assert (error.line, error.column) == where, line


def test_bounds_leave_room_for_real_documents():
    """Just inside every bound: a long text aliased a few times, MAX_DEPTH levels, 308 digits."""
    shared = "y" * 100_000
    doc = parse("a: &a '" + shared + "'\nb: [" + ", ".join(["*a"] * 40) + "]\n", "x.yaml")
    assert len(doc.data["b"]) == 40 and doc.data["b"][0] == shared
    nested = parse("[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", "x.yaml").data
    for _ in range(MAX_DEPTH - 1):
        nested = nested[0]
    assert nested == []
    assert parse(f"a: {'9' * 308}\nb: 0x{'f' * 255}\n", "x.yaml").data["a"] == int("9" * 308)
    merged = parse("b: &b {x: 1}\nc: &c {y: 2}\na:\n  <<: [*b, *c]\n  z: 3\n", "x.yaml").data["a"]
    assert merged == {"z": 3, "x": 1, "y": 2}


def test_huge_but_valid_numbers_load_and_cache():
    """10**300, 1.7e308, .inf, -.inf and .nan are values; the parse cache's JSON holds them."""
    text = f"a: 1{'0' * 300}\nb: 1.7e+308\nc: .inf\nd: -.inf\ne: .nan\nf: 1.{'0' * 5000}1\n"
    for doc in (parse(text, "x.yaml"), parse_lazy(text, "x.yaml")):
        data = doc.data
        assert data["a"] == 10**300 and data["b"] == 1.7e308 and data["c"] == float("inf") and data["d"] == float("-inf")
        assert data["e"] != data["e"] and data["f"] == 1.0
        again = json.loads(json.dumps(data, ensure_ascii=False))
        assert again["a"] == 10**300 and again["c"] == float("inf")


def test_a_list_used_as_a_key_is_its_text_not_its_expansion():
    """``? [*a, *a, ...]`` as a key was the repr of its nodes: with a long *a, gigabytes."""
    text = "a: &a '" + "z" * 100_000 + "'\n? [" + ", ".join(["*a"] * 1000) + "]\n: 1\n? &r [*r]\n: 2\nsubject: {{ name }}\n"
    data = parse_lazy(text, "x.yaml").data
    assert data["[" + ", ".join(["*a"] * 1000) + "]"] == 1
    assert data["&r [*r]"] == 2  # a recursive key is text too: nothing expands it
    assert data["subject"] == {"{ name }": None}


def test_unique_items_is_linear():
    """jsonschema compares every pair of a list it cannot sort: 20,000 tags (text and one
    number) or 20,000 sample mappings under ``uniqueItems`` took minutes."""
    from ccm_cli.schemas import data_validator, validator

    started = time.perf_counter()
    errors = list(validator("comm").iter_errors({"tags": [f"t{i}" for i in range(20_000)] + [1]}))
    assert [e.validator for e in errors if e.validator == "uniqueItems"] == []
    mappings = [{"k": i} for i in range(20_000)]
    assert list(data_validator({"type": "array", "uniqueItems": True}).iter_errors(mappings)) == []
    assert time.perf_counter() - started < 5
    duplicated = [e.validator for e in data_validator({"uniqueItems": True}).iter_errors(mappings + [{"k": 7.0}])]
    assert duplicated == ["uniqueItems"]


# -- end to end: the real command, bounded


LIMIT = 1536 * 1024 * 1024


def _bounded():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _lint(root):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "ccm_cli.cli", "lint", "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60, preexec_fn=_bounded)


E2E = ["amplified-string", "billion-laughs", "recursive-merge", "merge-list-of-numbers", "integer-5000-digits",
       "flow-nesting-100000", "dash-nesting-100000"]
E2E_CASES = [(row, "comms/billing/hostile.yaml") for row in HOSTILE if row[0] in E2E] + [
    (row, place) for place in ("brand/guidelines.yaml", "ccm.yaml")
    for row in HOSTILE if row[0] in ("amplified-string", "recursive-merge", "integer-5000-digits")]


@pytest.mark.parametrize("row, place", E2E_CASES, ids=[f"{row[0]}-as-{place}" for row, place in E2E_CASES])
def test_ccm_lint_reports_hostile_yaml_in_one_line(minimal, row, place):
    name, text, where, words = row
    (minimal / place).write_text(text, "utf-8")
    started = time.perf_counter()
    result = _lint(minimal)
    assert time.perf_counter() - started < 30
    assert result.returncode == 2, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output
    lines = [line.removeprefix("ccm: ") for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    if where is not None:
        assert lines[0].startswith(f"{place}:{where[0]}:{where[1]}: "), lines[0]
    else:
        assert lines[0].startswith(f"{place}:"), lines[0]
    for word in words:
        assert word in lines[0], lines[0]


def test_ccm_lint_reports_a_huge_number_in_a_sample_at_the_number(minimal):
    comm = minimal / "comms" / "billing" / "outage.yaml"
    text = comm.read_text("utf-8").replace("kind: batch\n", f"kind: batch\nsamples:\n  - name: big\n    data: {{amount: {BIG}}}\n")
    comm.write_text(text, "utf-8")
    result = _lint(minimal)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    line, column = _at(text, BIG)
    assert result.stderr.strip() == (f"ccm: comms/billing/outage.yaml:{line}:{column}: this number has 5,000 digits; ccm reads "
                                     "numbers of up to 308 digits (quote it if it is an id or a code rather than a number)")


def test_ccm_lint_bounds_a_hostile_sample_list_under_unique_items(tmp_path):
    """20,000 distinct mappings in a sample, checked against a variable's uniqueItems."""
    root = copy_repo("minimal", tmp_path)
    comm = root / "comms" / "billing" / "outage.yaml"
    items = ", ".join(f"{{k: {i}}}" for i in range(20_000))
    comm.write_text(comm.read_text("utf-8").replace(
        "kind: batch\n", f"kind: batch\nvariables:\n  lines: {{type: array, uniqueItems: true}}\n"
                         f"samples:\n  - name: many\n    data: {{lines: [{items}, {{k: 5}}]}}\n"), "utf-8")
    result = _lint(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "has non-unique elements" in result.stdout and "schema/sample-invalid" in result.stdout
