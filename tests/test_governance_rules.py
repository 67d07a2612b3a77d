"""Governance rules for ownership, as a table over the compliance repository."""

import pytest

from conftest import copy_repo, edit, lint_dir

P = "comms/marketing/promo.yaml"
F = "policies/clauses/footer.yaml"
CO = "CODEOWNERS"

CASES = [
    # id, file, old, new, rule, expected file, expected line
    ("owner is not a team", P, "owner: marketing", "owner: growth", "governance/owner-not-in-codeowners", P, 3),
    ("owner does not own the file", CO, "/comms/marketing/    @acme/marketing", "/comms/marketing/    @acme/billing\n/comms/nothing/ @acme/marketing", "governance/owner-not-in-codeowners", P, 3),
    ("last match wins", CO, "/policies/clauses/   @acme/legal", "/policies/clauses/   @acme/legal\n/comms/   @acme/platform", "governance/owner-not-in-codeowners", "comms/billing/disconnect.yaml", 3),
    ("clause files not owned by legal", CO, "/policies/clauses/   @acme/legal\n", "", "governance/clause-owner", "policies/clauses/disconnection.yaml", 3),
    ("clause owner is not legal", F, "owner: legal", "owner: marketing", "governance/clause-owner", F, 3),
]


@pytest.fixture
def compliance(tmp_path):
    return copy_repo("compliance", tmp_path)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_governance_rule_finds_the_defect(compliance, case):
    _, file, old, new, rule, expected_file, expected_line = case
    edit(compliance / file, old, new)
    findings = [f for f in lint_dir(compliance).findings if f.rule == rule]
    assert findings, f"{rule} not reported; got {[(f.rule, f.message) for f in lint_dir(compliance).findings]}"
    assert (findings[0].file, findings[0].line) == (expected_file, expected_line), findings
    assert findings[0].message and findings[0].column


@pytest.mark.parametrize("owner", ["@acme/marketing", "@marketing", "@Acme/Marketing"])
def test_owner_forms(compliance, owner):
    edit(compliance / CO, "/comms/marketing/    @acme/marketing", f"/comms/marketing/    {owner}")
    assert not [f for f in lint_dir(compliance).findings if f.rule.startswith("governance/")]


def test_codeowners_in_github_folder(compliance):
    (compliance / ".github").mkdir()
    (compliance / CO).rename(compliance / ".github" / CO)
    assert not [f for f in lint_dir(compliance).findings if f.rule.startswith("governance/")]


def test_no_codeowners(compliance):
    (compliance / CO).unlink()
    findings = [f for f in lint_dir(compliance).findings if f.rule.startswith("governance/")]
    assert [(f.rule, f.severity.label, f.file) for f in findings] == [("governance/no-codeowners", "warning", "ccm.yaml")]


PATTERNS = [
    ("*", "a/b/c.yaml", True), ("/comms/", "comms/x/y.yaml", True), ("/comms/", "x/comms/y.yaml", False),
    ("comms/", "x/comms/y.yaml", True), ("*.yaml", "comms/x.yaml", True), ("/ccm.yaml", "ccm.yaml", True),
    ("docs/*", "docs/a.md", True), ("docs/*", "docs/a/b.md", False), ("**/clauses/", "policies/clauses/a.yaml", True),
    ("/comms/billing/x.yaml", "comms/billing/x.yaml", True), ("/comms/billing/x.yaml", "comms/billing/x.yaml.bak", False),
]


@pytest.mark.parametrize("pattern,path,expected", PATTERNS)
def test_codeowners_patterns(pattern, path, expected):
    from ccm_cli.policy.codeowners import matches

    assert matches(pattern, path) is expected
