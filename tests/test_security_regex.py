"""A pull request cannot hang or exhaust CI with a regular expression or a glob.

The expressions a pull request can write — `banned:` patterns, Vale rules under `styles:`,
the "/regexp/" options of the `ja:` rules — run with a time limit per text and per run, and
refuse what would take gigabytes to compile; a CODEOWNERS line of many `*` matches in linear
time; ccm's own expressions stay linear on hostile text. Every case runs the real `ccm lint`
in a subprocess bounded by a timeout of a few seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import edit

from ccm_cli import user_regex
from ccm_cli.policy.codeowners import matches

BOUND = 20  # seconds: a hang is minutes; a stopped expression is ccm's start-up plus half a second
SLOW = "(a|aa)+$"
LONG = "a" * 5000 + "!"  # (a|aa)+$ tries every way to split the a's before it gives up at "!"


def lint(root: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "ccm_cli.cli", "lint", "--no-cache", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=BOUND)
    return done, time.monotonic() - start


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout[-2000:], done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, row in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in row)


@pytest.fixture
def repo(minimal: Path) -> Path:
    """The minimal repository with guidelines, and a push body of 5,000 a's."""
    edit(minimal / "comms/billing/outage.yaml", 'body: "Power is back on in your area. Thank you for your patience."', f'body: "{LONG}"')
    (minimal / "brand/guidelines.yaml").write_text("banned:\n  - {phrase: cheap}\n", "utf-8")
    return minimal


def test_a_catastrophic_banned_pattern_is_stopped_at_its_line(repo):
    guidelines = repo / "brand/guidelines.yaml"
    guidelines.write_text(f'banned:\n  - {{phrase: cheap}}\n  - {{pattern: "{SLOW}", reason: slow}}\n', "utf-8")
    done, seconds = lint(repo)
    assert one_line_error(done).startswith(
        "ccm: brand/guidelines.yaml:3:15: banned[1].pattern took longer than 0.5 s on one text; nested repeats")
    assert seconds < BOUND


@pytest.mark.parametrize("rule,key", ids=["existence", "occurrence", "conditional", "capitalization", "substitution"], argvalues=[
    ("extends: existence\nmessage: \"'%s'\"\nnonword: true\ntokens:\n  - '{slow}'\n", "  - '"),
    ("extends: occurrence\nmessage: \"%s\"\nmax: 3\ntoken: '{slow}'\n", "token:"),
    ("extends: conditional\nmessage: \"%s\"\nfirst: '{slow}'\nsecond: 'x'\n", "first:"),
    ("extends: capitalization\nmessage: \"%s\"\nscope: text\nmatch: '{slow}'\n", "match:"),
    ("extends: substitution\nmessage: \"%s\"\nnonword: true\nswap:\n  '{slow}': b\n", "  '"),
])
def test_a_catastrophic_vale_rule_is_stopped_at_its_line(repo, rule, key):
    styles = repo / "brand/styles/Hostile"
    styles.mkdir(parents=True)
    (styles / "Slow.yml").write_text(rule.format(slow=SLOW), "utf-8")
    (repo / "brand/guidelines.yaml").write_text("styles: [brand/styles]\n", "utf-8")
    done, _ = lint(repo)
    line = line_of(styles / "Slow.yml", key)
    message = one_line_error(done)
    assert message.startswith(f"ccm: brand/styles/Hostile/Slow.yml:{line}:"), message
    assert "Vale rule Hostile.Slow took longer than 0.5 s on one text" in message


def test_a_catastrophic_ja_option_is_stopped_at_its_rule(minimal):
    edit(minimal / "comms/billing/outage.yaml", 'body: "お住まいの地域の電力は復旧しました。ご協力ありがとうございました。"',
         f'body: "{LONG}"')
    guidelines = minimal / "brand/guidelines.yaml"
    guidelines.write_text(f'ja:\n  sentence-length: {{skipPatterns: ["/{SLOW}/"]}}\n', "utf-8")
    done, _ = lint(minimal)
    assert one_line_error(done).startswith(f"ccm: brand/guidelines.yaml:2:20: ja.sentence-length: the pattern '/{SLOW}/' took longer")


@pytest.mark.parametrize("pattern", ["a{4294967295}", "(?:a{10000}){10000}", "x{99999999999999999999999}", "(", "(?V1)a"])
def test_an_invalid_or_huge_banned_pattern_is_an_error_at_its_line(repo, pattern):
    (repo / "brand/guidelines.yaml").write_text(f'banned:\n  - {{pattern: "{pattern}"}}\n', "utf-8")
    done, _ = lint(repo)
    assert one_line_error(done).startswith("ccm: brand/guidelines.yaml:2:15: banned[0].pattern is not a valid regular expression: ")


def test_an_invalid_or_huge_vale_token_is_an_error_at_its_line(repo):
    styles = repo / "brand/styles/Hostile"
    styles.mkdir(parents=True)
    (styles / "Huge.yml").write_text("extends: existence\nmessage: \"'%s'\"\ntokens:\n  - fine\n  - 'a{4294967295}'\n", "utf-8")
    (repo / "brand/guidelines.yaml").write_text("styles: [brand/styles]\n", "utf-8")
    done, _ = lint(repo)
    assert one_line_error(done).startswith("ccm: brand/styles/Hostile/Huge.yml:5:5: invalid regular expression 'a{4294967295}': too large")


def test_an_invalid_ja_pattern_is_a_finding_at_its_line(repo):
    row = '    allow: ["Yahoo!", "/a{4294967295}/"]'
    (repo / "brand/guidelines.yaml").write_text(f"ja:\n  no-exclamation-question-mark:\n{row}\n", "utf-8")
    done, _ = lint(repo, "--format", "github")
    assert done.returncode == 1, done.stderr
    assert f"file=brand/guidelines.yaml,line=3,col={row.index('/a') }" in done.stdout, done.stdout
    assert "ja.no-exclamation-question-mark.allow[1]: not a valid regular expression: too large" in done.stdout


def test_codeowners_with_many_stars_matches_in_linear_time(repo):
    (repo / "CODEOWNERS").write_text("*" * 18 + "x @org/billing\n" + "/comms/" + "*/" * 30 + "x @org/ops\n"
                                     + "*a" * 40 + "b @org/ops\n/comms/billing/ @org/billing\n", "utf-8")
    deep = repo / "comms" / "billing" / ("a" * 200) / ("a" * 200) / ("a" * 200)
    deep.mkdir(parents=True)
    (repo / "comms/billing/outage.yaml").rename(deep / ("a" * 200 + ".yaml"))
    done, seconds = lint(repo)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert seconds < BOUND
    start = time.monotonic()
    assert not matches("*" * 18 + "x", "a/" * 2000 + "b" * 3000)
    assert not matches("**/a*a*a*a*a*a*a*a*b/**/" + "a*" * 30 + "c", "aaaaaaaaaaaaaa/" * 300)
    assert time.monotonic() - start < 1


CODEOWNERS = [  # gitignore's reading, as GitHub applies it
    ("*", "a/b/c.yaml", True), ("/comms/", "comms/x/y.yaml", True), ("/comms/", "x/comms/y.yaml", False),
    ("comms/", "x/comms/y.yaml", True), ("comms/", "comms", False), ("*.yaml", "comms/x.yaml", True),
    ("docs/*", "docs/a.md", True), ("docs/*", "docs/a/b.md", False), ("**/clauses/", "policies/clauses/a.yaml", True),
    ("**/logs", "a/b/logs/x", True), ("/a/**/b", "a/b", True), ("/a/**/b", "a/x/y/b/c", True), ("/a/**/b", "x/a/b", False),
    ("a/**", "a", False), ("a/**", "a/x/y", True), ("/a?c/", "abc/x", True), ("/a?c/", "a/c/x", False),
    ("a*b*c", "x/aXbYc", True), ("a*b*c", "x/aXbY/c", False), ("a**b", "a/b", False), ("a**b", "aXXb", True),
    ("/comms/billing/x.yaml", "comms/billing/x.yaml", True), ("/comms/billing/x.yaml", "comms/billing/x.yaml.bak", False),
    ("/", "a", False), ("[ab]", "a", False), ("[ab]", "[ab]", True),
]


@pytest.mark.parametrize("pattern,path,expected", CODEOWNERS)
def test_codeowners_patterns(pattern, path, expected):
    assert matches(pattern, path) is expected


@pytest.mark.parametrize("line", ["@." * 5000 + " x", "- " + "a@" * 10000 + " ", "日本語" * 30000, "x" + " " * 50000 + "y#"],
                         ids=["at-dot", "list-of-at", "one-long-word", "spaces-then-hash"])
def test_hostile_text_does_not_slow_ccms_own_expressions(minimal, line):
    edit(minimal / "comms/billing/outage.yaml", 'body: "Power is back on in your area. Thank you for your patience."',
         'body: |\n        ' + line.replace("#", "") + '\n        Thanks.')
    (minimal / "CODEOWNERS").write_text(line + " @org/billing\n/comms/billing/ @org/billing\n", "utf-8")
    (minimal / "brand/guidelines.yaml").write_text(  # rules that read sentences, words and URLs
        "banned: [{phrase: cheap}]\nreadability: {en: {default: {sentence_words_max: 25}}}\n", "utf-8")
    done, seconds = lint(minimal)
    assert done.returncode in (0, 1), done.stderr
    assert seconds < BOUND


def test_many_code_spans_and_marks_are_checked_in_linear_time(minimal):
    """Brand rules skip code and URLs: each mark was compared with every skipped range."""
    comm = minimal / "comms/billing/reminder.yaml"
    text = comm.read_text("utf-8")
    body = text.index("\n", text.index("body: |", text.index("email:"))) + 1
    comm.write_text(text[:body] + "        " + "`c`!" * 20000 + "\n" + text[body:], "utf-8")
    (minimal / "brand/guidelines.yaml").write_text("tone: {exclamation_max: {default: 1}}\nbanned: [{phrase: cheap}]\n", "utf-8")
    done, seconds = lint(minimal, "--format", "json")
    assert done.returncode in (0, 1) and '"rule": "brand/exclamation"' in done.stdout, done.stderr
    assert seconds < BOUND


def test_a_clause_copied_by_hand_is_found_in_linear_time(minimal):
    """A required clause that cannot be rendered is looked for by its fixed wording, its parts
    in order with gaps; short parts that recur made that search exponential."""
    (minimal / "policies/clauses/hostile.yaml").write_text(
        "id: hostile\nversion: 1\nowner: legal\nrequired_for: {channel: [push]}\n"
        'text:\n  en-US: "xxxxxxxx{{ m.a }}a{{ m.b }}a{{ m.c }}a{{ m.d }}b"\n', "utf-8")
    edit(minimal / "comms/billing/outage.yaml", 'body: "Power is back on in your area. Thank you for your patience."',
         'body: "xxxxxxxx' + "a" * 3000 + '"')
    done, seconds = lint(minimal, "--format", "json")
    assert done.returncode == 1, done.stderr
    assert '"rule": "clause/required-missing"' in done.stdout
    assert seconds < BOUND


# -- the module itself ---------------------------------------------------------------

@pytest.mark.parametrize("pattern,units", [
    ("abc", 3), ("a{3}", 3), ("(?:ab){3}", 12), ("(a|b){10}", 20), ("[{]{5}", 5), (r"\{5}", 3), ("x{}", 3),
    ("a{1,}", 2), ("a{,5}", 5), ("(?:a{100}){100}", 10200), ("a{99999999999999999999}", 10**18),
])
def test_expanded_size(pattern, units):
    assert user_regex.expanded_size(pattern) == units


def test_errors_are_re_errors_and_semantics_are_pythons():
    with pytest.raises(re.error):
        user_regex.compile_user("a{4294967295}")
    with pytest.raises(re.error):
        user_regex.compile_user("(?x) a{1000} # comment")
    assert [m.group() for m in user_regex.compile_user(r"\bcafé\b").finditer("un café, cafés")] == ["café"]
    assert user_regex.compile_user(r"(?<=\$)\d+").search("pay $120 now").group() == "120"
    assert user_regex.compile_user("ACT NOW", re.I).fullmatch("act now")
    assert user_regex.compile_user("b+").sub("-", "abba") == "a-a"


def test_the_run_budget_bounds_every_expression_together():
    user_regex.start_run(seconds=0.2)
    try:
        expression = user_regex.compile_user(r"\w+", label="the test's", locate=lambda: ("brand/x.yaml", 4, 2))
        with pytest.raises(user_regex.PatternTooSlow) as stopped:
            for _ in range(100_000):  # each search is fast; together they are not
                expression.finditer("word " * 2000)
        assert stopped.value.one_line().startswith("brand/x.yaml:4:2: the regular expressions of guidelines and styles used up")
    finally:
        user_regex.start_run()


def test_the_run_budget_bounds_what_expressions_compile_to():
    user_regex.start_run(units=300_000)
    try:
        user_regex.compile_user("a{150000}")
        user_regex.compile_user("a{150000}")  # the same expression: compiled once
        with pytest.raises(user_regex.PatternError, match="together with the other expressions"):
            user_regex.compile_user("b{150001}")
    finally:
        user_regex.start_run()
