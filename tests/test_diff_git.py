"""`ccm diff` on real git repositories: several commits, a rename, a merge, a shallow clone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import git
import pytest
import typer
from typer.testing import CliRunner

from conftest import TODAY, copy_repo, edit
from ccm_cli.commands.diff import diff
from ccm_cli.diff.refs import default_base, load_side
from ccm_cli.diff.report import build_report
from ccm_cli.errors import CcmError

WHO = git.Actor("Writer", "writer@example.com")


def commit(repo: git.Repo, message: str) -> git.Commit:
    repo.git.add(A=True)
    return repo.index.commit(message, author=WHO, committer=WHO)


@pytest.fixture
def history(tmp_path: Path):
    """main: base content; feature: a rename, a snippet edit, a fact, a clause, a policy and a
    guideline change, then main merged in (main meanwhile edited another comm)."""
    root = copy_repo("example", tmp_path)
    repo = git.Repo.init(root, initial_branch="main")
    commit(repo, "base content")
    feature = repo.create_head("feature")
    feature.checkout()
    (root / "comms/billing/payment-reminder.yaml").rename(root / "comms/billing/overdue-reminder.yaml")
    commit(repo, "rename the payment reminder file")
    edit(root / "comms/_snippets/help-footer.en.j2", "Questions?", "Questions? Act now!")
    edit(root / "brand/facts.yaml", '"0120-123-456"', '"0120-123-457"')
    commit(repo, "footer and phone")
    edit(root / "policies/clauses/us-can-spam-footer.yaml", "signed up", "opted in")
    edit(root / "policies/contact.yaml", "{category: marketing, channel: any, max: 3, per: 7d}", "{category: marketing, channel: any, max: 4, per: 7d}")
    edit(root / "policies/contact.yaml", 'start: "21:00"', 'start: "22:00"')
    edit(root / "brand/guidelines.yaml", "banned:\n", 'banned:\n  - {phrase: "game changer", reason: "Hype"}\n')
    commit(repo, "clause wording, policy, guidelines")
    repo.heads.main.checkout()
    edit(root / "comms/onboarding/welcome.yaml", "name:", "description: main-only edit\nname:")
    commit(repo, "main moves on")
    feature.checkout()
    repo.git.merge("main", "--no-edit")
    return root, repo


def report_for(root: Path, base: str | None, head: str | None):
    return build_report(load_side(root, base or default_base(root)), load_side(root, head), today=TODAY)


def test_default_base_is_the_merge_base_with_main(history):
    root, repo = history
    merge_base = repo.merge_base(repo.heads.feature, repo.heads.main)[0]
    assert default_base(root) == merge_base.hexsha == repo.heads.main.commit.hexsha  # main was merged in
    repo.git.update_ref("refs/remotes/origin/main", repo.heads.main.commit.parents[0].hexsha)
    assert default_base(root) == repo.heads.main.commit.parents[0].hexsha  # origin/main wins


def test_report_names_every_kind_of_change(history):
    root, _ = history
    data = report_for(root, "main", "feature").to_json()
    comms = {c["id"]: c for c in data["comms"]}
    reminder = comms["billing.payment-reminder"]
    assert reminder["status"] == "renamed"
    assert reminder["old_path"] == "comms/billing/payment-reminder.yaml"
    assert reminder["path"] == "comms/billing/overdue-reminder.yaml"
    assert (reminder["owner"], reminder["category"]) == ("billing", "transactional")
    email = next(v for v in reminder["variants"] if (v["locale"], v["channel"]) == ("en-US", "email"))
    assert "+Questions? Act now! Call us" in email["diff"] and "-Questions? Call us" in email["diff"]
    assert [f["name"] for f in email["fields"]] == ["body"]
    ja = next(v for v in reminder["variants"] if (v["locale"], v["channel"]) == ("ja-JP", "email"))
    assert "+ご不明な点は0120-123-457" in ja["diff"]
    assert not any("description" in line for line in comms["onboarding.welcome"]["changes"])  # merged from main
    assert any("via fact support_phone" == line for line in reminder["changes"])

    clause = data["clauses"][0]
    assert clause["id"] == "us-can-spam-footer" and clause["version"] == {"before": 1, "after": 1}
    assert "⚠ text changed but version stayed 1" in clause["changes"]
    assert "+You get this email because you opted in for news from {{ facts.brand }}." in clause["texts"][0]["diff"]
    assert "marketing.new-plan-launch" in clause["comms"]

    policies = [p["text"] for p in data["policies"]]
    assert "frequency cap marketing/any: 3 → 4 per 7d" in policies
    assert "quiet hours sms,push: 21:00–08:00 → 22:00–08:00" in policies
    assert "banned phrase added: 'game changer' (Hype)" in policies
    fact = data["facts"][0]
    assert fact["text"] == "support_phone (ja-JP): 0120-123-456 → 0120-123-457"
    assert "billing.payment-reminder" in fact["comms"]
    assert data["templates"][0]["path"] == "comms/_snippets/help-footer.en.j2"

    introduced = {(f["rule"], f["comm"]) for f in data["lint"]["introduced"]}
    assert ("brand/banned-phrase", "billing.payment-reminder") in introduced
    assert data["changed"] is True and data["summary"]["comms_renamed"] == 1


def test_lint_delta_lists_fixes_and_ignores_moved_lines(history):
    root, repo = history
    edit(root / "comms/_snippets/help-footer.en.j2", "Questions? Act now!", "\n\nQuestions?")
    data = report_for(root, "feature", None).to_json()
    fixed = {(f["rule"], f["comm"]) for f in data["lint"]["fixed"]}
    assert ("brand/banned-phrase", "billing.payment-reminder") in fixed
    assert data["lint"]["introduced"] == []


def test_working_tree_is_the_default_head_and_sees_uncommitted_edits(history):
    root, _ = history
    edit(root / "comms/marketing/win-back.yaml", "category: marketing", "category: service")
    data = report_for(root, "HEAD", None).to_json()
    assert data["head"] == {"ref": "working tree", "commit": None}
    win_back = next(c for c in data["comms"] if c["id"] == "marketing.win-back")
    assert "category: marketing → service" in win_back["changes"]


def test_added_and_removed_comms(history):
    root, repo = history
    (root / "comms/onboarding/welcome.yaml").unlink()
    (root / "comms/billing/new.yaml").write_text(
        "id: billing.new\nname: New\nowner: billing\ncategory: service\nkind: batch\n"
        "content:\n  en-US:\n    push: {title: Hello, body: A new message.}\n", "utf-8")
    data = report_for(root, "HEAD", None).to_json()
    status = {c["id"]: c["status"] for c in data["comms"]}
    assert status["onboarding.welcome"] == "removed" and status["billing.new"] == "added"
    added = next(c for c in data["comms"] if c["id"] == "billing.new")
    assert added["variants"][0]["status"] == "added" and "+A new message." in added["variants"][0]["diff"]


def test_shallow_clone_with_the_base_fetched(history, tmp_path):
    root, repo = history
    clone = git.Repo.clone_from(f"file://{root}", tmp_path / "ci", depth=1, branch="feature")
    clone.git.fetch("origin", "main:refs/remotes/origin/main", depth=1)
    ci_root = Path(clone.working_tree_dir)
    base = default_base(ci_root)  # no shared history: the tip of origin/main
    assert base == repo.heads.main.commit.hexsha
    data = report_for(ci_root, None, None).to_json()
    assert any(c["id"] == "billing.payment-reminder" for c in data["comms"])


# ---------------------------------------------------------------- the command
def invoke(root: Path, *args: str):
    app = typer.Typer()
    app.command("diff")(diff)
    app.command("other")(lambda: None)  # two commands: "diff" is a subcommand as in ccm
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, ["diff", *args], env={"NO_COLOR": "1", "COLUMNS": "100"})
    finally:
        os.chdir(cwd)


def test_exit_code_like_git(history):
    root, _ = history
    assert invoke(root, "HEAD", "HEAD", "--exit-code").exit_code == 0
    assert invoke(root, "HEAD", "--exit-code", "--no-lint").exit_code == 0  # clean working tree
    assert invoke(root, "main", "feature", "--exit-code").exit_code == 1
    assert invoke(root, "main", "feature").exit_code == 0


def test_bad_ref_is_a_one_line_error(history):
    root, _ = history
    result = invoke(root, "no-such-branch")
    assert isinstance(result.exception, CcmError)
    assert result.exception.one_line() == "unknown git ref 'no-such-branch' (fetch it first, e.g. git fetch origin main)"


def test_no_main_branch_is_a_clear_error(tmp_path):
    root = copy_repo("minimal", tmp_path)
    repo = git.Repo.init(root, initial_branch="trunk")
    commit(repo, "content")
    with pytest.raises(CcmError, match="no main branch to compare with"):
        default_base(root)


def test_output_file_and_json_format(history, tmp_path):
    root, _ = history
    target = tmp_path / "diff.json"
    result = invoke(root, "main", "feature", "--format", "json", "--output", str(target))
    assert result.exit_code == 0 and result.output == ""
    data = json.loads(target.read_text("utf-8"))
    assert set(data) == {"version", "base", "head", "changed", "summary", "comms", "clauses", "facts", "templates", "policies", "lint", "stale_translations", "approvals"}
    assert data["version"] == 1 and data["base"]["ref"] == "main" and len(data["base"]["commit"]) == 40


def test_unknown_format(history):
    root, _ = history
    result = invoke(root, "main", "--format", "sarif")
    assert isinstance(result.exception, CcmError) and "unknown format 'sarif'" in result.exception.message
