"""Clause rules, as a table: an edit to the clean compliance repository and the finding it must
produce (rule, file, line). The clean repository has no findings at all."""

import datetime as dt
import subprocess

import pytest

from conftest import copy_repo, edit, lint_dir

P = "comms/marketing/promo.yaml"
D = "comms/billing/disconnect.yaml"
F = "policies/clauses/footer.yaml"

CASES = [
    # id, file, old, new, rule, expected file, expected line
    ("required clause missing (email en-US)", P, '        {{ clause("footer") }}\n', "", "clause/required-missing", P, 25, "en-US"),
    ("required clause missing by tag", D, '        {{ clause("disconnection") }}\n', "", "clause/required-missing", D, 23, None),
    ("clause required for a locale it has no text for", F, "    {{ facts.legal_name }}、{{ facts.postal_address }}\n", "    X\n", None, None, None, None),
    ("altered clause: pasted and edited", P,
     '        {{ clause("footer") }}\n    sms:',
     "        You get this email because you joined {{ facts.brand }} news.\n        Unsubscribe: {{ unsubscribe_url }}\n        {{ facts.legal_name }}, {{ facts.postal_address }}\n    sms:", "clause/altered", P, 33, "en-US"),
    ("expired clause", F, "expires: null", "expires: 2026-05-01", "clause/expired", F, 17, None),
    ("not yet effective, used by a comm", F, "effective: 2026-01-01", "effective: 2026-09-01", "clause/not-effective", P, 33, "en-US"),
]


@pytest.fixture
def compliance(tmp_path):
    return copy_repo("compliance", tmp_path)


def test_compliance_repository_is_clean(compliance):
    assert lint_dir(compliance).findings == []


@pytest.mark.parametrize("case", [c for c in CASES if c[4]], ids=[c[0] for c in CASES if c[4]])
def test_clause_rule_finds_the_defect(compliance, case):
    _, file, old, new, rule, expected_file, expected_line, locale = case
    edit(compliance / file, old, new)
    findings = [f for f in lint_dir(compliance).findings if f.rule == rule and (locale is None or f.locale in (locale, None))]
    assert findings, f"{rule} not reported; got {[(f.rule, f.message) for f in lint_dir(compliance).findings]}"
    assert expected_file in {f.file for f in findings}
    hit = [f for f in findings if f.file == expected_file]
    assert hit[0].line == expected_line, hit
    assert hit[0].message and hit[0].column


def test_missing_in_ja_only_is_reported_for_ja(compliance):
    edit(compliance / P, '        スマートプラグを14日間、20%オフでご提供します。\n\n        {{ clause("footer") }}\n', "        スマートプラグを14日間、20%オフでご提供します。\n")
    findings = [f for f in lint_dir(compliance).findings if f.rule == "clause/required-missing"]
    assert [(f.locale, f.channel) for f in findings] == [("ja-JP", "email")]
    assert "footer" in findings[0].message and findings[0].fix == 'Add {{ clause("footer") }} to the email body'


def test_clause_untranslated_for_a_required_locale(compliance):
    edit(compliance / P, '        {{ clause("footer") }}\n    sms:\n      body: "{{ facts.brand }}：', '    sms:\n      body: "{{ facts.brand }}：')
    edit(compliance / F, "  ja-JP: |-\n    このメールは{{ facts.brand }}のお知らせの受信に同意された方へお送りしています。\n    配信停止：{{ unsubscribe_url }}\n    {{ facts.legal_name }}、{{ facts.postal_address }}\n", "")
    findings = [f for f in lint_dir(compliance).findings if f.rule == "clause/required-missing"]
    assert findings and "no text for ja-JP" in findings[0].message


def test_exact_hand_copy_is_a_warning(compliance):
    edit(compliance / P, '        {{ clause("footer") }}\n    sms:',
         "        You get this email because you signed up for news from {{ facts.brand }}.\n        Unsubscribe: {{ unsubscribe_url }}\n        {{ facts.legal_name }}, {{ facts.postal_address }}\n    sms:")
    findings = lint_dir(compliance).findings
    assert not [f for f in findings if f.rule == "clause/required-missing"]
    (copy,) = [f for f in findings if f.rule == "clause/altered"]
    assert copy.severity.label == "warning" and "typed by hand" in copy.message


def test_unrelated_text_is_missing_not_altered(compliance):
    edit(compliance / P, '        {{ clause("footer") }}\n    sms:', "        Thanks for reading, see you soon.\n    sms:")
    rules = {f.rule for f in lint_dir(compliance).findings}
    assert "clause/required-missing" in rules and "clause/altered" not in rules


def test_expired_clause_reports_file_and_each_use(compliance):
    edit(compliance / F, "expires: null", "expires: 2026-05-01")
    findings = [f for f in lint_dir(compliance).findings if f.rule == "clause/expired"]
    assert {f.file for f in findings} == {F, P}
    assert {(f.locale, f.channel) for f in findings if f.file == P} == {("en-US", "email"), ("ja-JP", "email")}
    # the same repository, linted on the last day the clause is valid
    assert not [f for f in lint_dir(compliance, today=dt.date(2026, 5, 1)).findings if f.rule == "clause/expired"]


def test_not_effective_clause_is_info_on_the_file(compliance):
    edit(compliance / F, "effective: 2026-01-01", "effective: 2026-09-01")
    findings = [f for f in lint_dir(compliance).findings if f.rule == "clause/not-effective"]
    assert {f.severity.label for f in findings if f.file == F} == {"info"}
    assert {f.severity.label for f in findings if f.file == P} == {"warning"}
    # a clause not in force is not required yet
    assert not [f for f in lint_dir(compliance).findings if f.rule == "clause/required-missing"]


# ---------------------------------------------------------------- --base: version bumps
def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e", "HOME": str(root), "PATH": "/usr/bin:/bin:/usr/local/bin"})


def _lint_against_head(root):
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project, load_project_at

    return lint(load_project(root), today=dt.date(2026, 6, 1), base=load_project_at(root, "HEAD"))


@pytest.fixture
def committed(compliance):
    _git(compliance, "init", "-q")
    _git(compliance, "add", "-A")
    _git(compliance, "commit", "-q", "-m", "base")
    return compliance


VERSION_CASES = [
    # id, edits, expected message fragment or None
    ("text changed, version kept", [("Unsubscribe: {{ unsubscribe_url }}", "Opt out: {{ unsubscribe_url }}")], "text changed (en-US) but version is still 2"),
    ("text changed, version bumped", [("Unsubscribe: {{ unsubscribe_url }}", "Opt out: {{ unsubscribe_url }}"), ("version: 2", "version: 3")], None),
    ("version went down", [("version: 2", "version: 1")], "version went down from 2 to 1"),
    ("translation removed, version kept", [("  ja-JP: |-\n    このメールは{{ facts.brand }}のお知らせの受信に同意された方へお送りしています。\n    配信停止：{{ unsubscribe_url }}\n    {{ facts.legal_name }}、{{ facts.postal_address }}\n", "")], "text changed (ja-JP)"),
    ("nothing changed", [], None),
]


@pytest.mark.parametrize("case", VERSION_CASES, ids=[c[0] for c in VERSION_CASES])
def test_version_not_bumped(committed, case):
    _, edits, expected = case
    for old, new in edits:
        edit(committed / F, old, new)
    findings = [f for f in _lint_against_head(committed).findings if f.rule == "clause/version-not-bumped"]
    if expected is None:
        assert findings == []
    else:
        assert len(findings) == 1 and expected in findings[0].message, findings
        assert (findings[0].file, findings[0].line) == (F, 2)


def test_version_rule_is_silent_without_base(compliance):
    edit(compliance / F, "Unsubscribe: {{ unsubscribe_url }}", "Opt out: {{ unsubscribe_url }}")
    assert not [f for f in lint_dir(compliance).findings if f.rule == "clause/version-not-bumped"]
