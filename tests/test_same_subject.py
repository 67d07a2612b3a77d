"""consistency/same-subject: a cross-comm rule added with its module, this test and one line in
its category's registry (issue 21's proof that the engine needs nothing else)."""

import json
import subprocess

from conftest import copy_repo, edit, lint_dir, run_ccm

H = "comms/billing/holiday.yaml"
P = "comms/marketing/promo.yaml"
D = "comms/billing/disconnect.yaml"


def _mine(root):
    return [f for f in lint_dir(root).findings if f.rule == "consistency/same-subject"]


def test_two_comms_with_one_subject_are_both_reported_at_their_subjects(tmp_path):
    root = copy_repo("compliance", tmp_path)
    edit(root / P, 'subject: "Save 20% on {{ facts.brand }} smart plugs"', 'subject: "You can  pause your {{ facts.brand }} PAYMENTS"')
    found = sorted((f.comm, f.file, f.line) for f in _mine(root))
    assert found == [("billing.holiday", H, 19), ("marketing.promo", P, 26)]
    (promo,) = [f for f in _mine(root) if f.comm == "marketing.promo"]
    assert "'billing.holiday'" in promo.message and "en-US" in promo.message


def test_the_same_subject_in_another_locale_or_to_excluded_customers_is_fine(tmp_path):
    root = copy_repo("compliance", tmp_path)
    # the disconnection notice excludes the holiday's segment: nobody gets both
    edit(root / D, 'subject: "Disconnection notice"', 'subject: "You can pause your {{ facts.brand }} payments"')
    # a subject that is only a variable says nothing the repository can compare
    edit(root / P, 'subject: "Save 20% on {{ facts.brand }} smart plugs"', 'subject: "{{ facts.brand }}"')
    assert _mine(root) == []
    assert _mine(copy_repo("minimal", tmp_path / "m")) == []


def test_changed_only_reports_the_comm_the_edit_now_collides_with(tmp_path):
    """Only promo.yaml changes, but holiday's finding appears: the rule's affected() names it."""
    root = copy_repo("compliance", tmp_path)
    # a subject that shows no intent: the contact rules see no change, only this rule does
    edit(root / H, 'subject: "You can pause your {{ facts.brand }} payments"', 'subject: "An update on your account"')
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    edit(root / P, 'subject: "Save 20% on {{ facts.brand }} smart plugs"', 'subject: "An update on your account"')
    result = run_ccm("lint", "--base", "HEAD", "--changed-only", "--format", "json", "--today", "2026-06-01", cwd=root)
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "consistency/same-subject"]
    assert sorted(f["comm"] for f in findings) == ["billing.holiday", "marketing.promo"], result.stderr
    assert json.loads(result.stdout)["summary"]["comms"] == 2  # promo, and holiday through affected()
