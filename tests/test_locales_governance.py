"""Issue 23 items 2 and 3, issue 25 item 5: a comm missing a project locale, a stale translation
(`--base`, in lint and in `ccm diff`), governance of every path against CODEOWNERS, and the
approvals a change needs. Edits to copies of tests/repos/minimal (bilingual: en-US and ja-JP,
a Japanese template file, CODEOWNERS naming brand, compliance, legal and billing); real git
repositories in tmp_path where history matters; real `ccm` subprocesses for the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from conftest import copy_repo, edit, lint_dir, run_ccm
from ccm_cli.policy.approvals import required_approvals

R = "comms/billing/reminder.yaml"
O = "comms/billing/outage.yaml"
JA = "comms/billing/reminder.ja.md.j2"
WHO = git.Actor("Writer", "writer@example.com")


def found(root: Path, rule: str):
    return [f for f in lint_dir(root).findings if f.rule == rule]


# ------------------------------------------------------------------ consistency/missing-locale
JA_OUTAGE = '''  ja-JP:
    push:
      title: "復旧のお知らせ"
      body: "お住まいの地域の電力は復旧しました。ご協力ありがとうございました。"
'''
EN_OUTAGE = '''  en-US:
    push:
      title: "Power is back"
      body: "Power is back on in your area. Thank you for your patience."
'''
MISSING = [
    # name, edits [(file, old, new)], expected [(locale or None, line, words of the message)]
    ("no ja-JP content", [(O, JA_OUTAGE, "")], [("ja-JP", 6, "no ja-JP content")]),
    ("no en-US content (日本語だけ)", [(O, EN_OUTAGE, "")], [("en-US", 6, "no en-US content")]),
    ("declared with a reason", [(O, JA_OUTAGE, ""), (O, "content:", 'locales: {only: [en-US], reason: "US-only grid notice"}\ncontent:')], []),
    ("理由つきで日本語のみ", [(O, EN_OUTAGE, ""), (O, "content:", 'locales: {only: [ja-JP], reason: "国内の停電のお知らせのみ"}\ncontent:')], []),
    ("declared without a reason", [(O, JA_OUTAGE, ""), (O, "content:", "locales: {only: [en-US]}\ncontent:")],
     [(None, 6, "has no reason"), ("ja-JP", 7, "no ja-JP content")]),
    ("declared with an empty reason", [(O, JA_OUTAGE, ""), (O, "content:", 'locales: {only: [en-US], reason: " "}\ncontent:')],
     [(None, 6, "has no reason"), ("ja-JP", 7, "no ja-JP content")]),
    ("declares a locale ccm.yaml lacks", [(O, JA_OUTAGE, ""), (O, "content:", 'locales: {only: [en-US, fr-FR], reason: "x"}\ncontent:')],
     [(None, 6, "fr-FR, which is not a locale")]),
    ("declares a locale it does not have", [(O, "content:", 'locales: {only: [en-US, ja-JP], reason: "both"}\ncontent:'), (O, JA_OUTAGE, "")],
     [("ja-JP", 7, "no ja-JP content")]),
    ("every locale present", [], []),
]


@pytest.mark.parametrize("case", MISSING, ids=[c[0] for c in MISSING])
def test_missing_locale(minimal, case):
    _, edits, expected = case
    for file, old, new in edits:
        edit(minimal / file, old, new)
    got = sorted(((f.locale, f.line, f.message) for f in found(minimal, "consistency/missing-locale")), key=lambda x: x[1])
    assert [(loc, line) for loc, line, _ in got] == [(loc, line) for loc, line, _ in expected], got
    for (_, _, message), (_, _, words) in zip(got, expected):
        assert words in message
    assert all(f.file == O for f in found(minimal, "consistency/missing-locale"))


def test_missing_locale_is_silent_in_a_single_locale_project(minimal):
    edit(minimal / "ccm.yaml", "locales: [en-US, ja-JP]", "locales: [en-US]")
    edit(minimal / O, JA_OUTAGE, "")
    assert not found(minimal, "consistency/missing-locale")


@pytest.mark.parametrize("bad", ["locales: [en-US]", "locales: {only: en-US, reason: x}", "locales: {only: [en-US], reason: x, extra: 1}"])
def test_malformed_locales_declaration_is_a_schema_finding(minimal, bad):
    edit(minimal / O, "content:", f"{bad}\ncontent:")
    done = run_ccm("lint", "--format", "json", "--no-cache", cwd=minimal)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert any(f["rule"].startswith("schema/") and f["file"] == O and f["line"] == 6 for f in findings), findings


# ------------------------------------------------------------------ consistency/stale-translation
@pytest.fixture
def history(tmp_path):
    root = copy_repo("minimal", tmp_path)
    repo = git.Repo.init(root, initial_branch="main")
    repo.git.add(A=True)
    repo.index.commit("base", author=WHO, committer=WHO)
    return root


EN_SMS = "is due {{ invoice.due_date | date }}. Pay: {{ facts.pay_url }}"
JA_SMS = "お支払い期限は{{ invoice.due_date | date }}です。"
STALE = [
    # name, edits, expected [(file, line, locale, words)]
    ("English promise rewritten, Japanese untouched", [(R, EN_SMS, "is due {{ invoice.due_date | date }}. Pay today: {{ facts.pay_url }}")],
     [(R, 28, "en-US", "sms.body changed in en-US but ja-JP was not updated")]),
    ("日本語だけ変更", [(R, JA_SMS, "お支払い期限は{{ invoice.due_date | date }}です。本日中にお支払いください。")],
     [(R, 35, "ja-JP", "sms.body changed in ja-JP but en-US was not updated")]),
    ("Japanese template file changed, English body not", [(JA, "お支払い期限は", "本日のお支払い期限は")],
     [(JA, 4, "ja-JP", "email.body changed in ja-JP but en-US")]),
    ("English body changed, Japanese template file not", [(R, "Pay here:", "Pay today here:")],
     [(R, 23, "en-US", "email.body changed in en-US but ja-JP")]),
    ("both locales changed", [(R, EN_SMS, "is due {{ invoice.due_date | date }}. Pay now: {{ facts.pay_url }}"),
                              (R, JA_SMS, "お支払い期限は{{ invoice.due_date | date }}です。今すぐ")], []),
    ("whitespace only", [(R, "Pay here: {{ facts.pay_url }}", "Pay here:  {{ facts.pay_url }}")], []),
    ("a shared snippet changed", [("comms/_snippets/help.j2", "", "Questions? ")], []),
    ("a field added in one locale only", [(R, "    sms:\n      body: \"{{ facts.brand }}です", "    push:\n      title: \"お知らせ\"\n      body: \"お支払いを\"\n    sms:\n      body: \"{{ facts.brand }}です")], []),
]


def _apply(root: Path, edits) -> None:
    for file, old, new in edits:
        if old == "":
            (root / file).write_text(new + (root / file).read_text("utf-8"), "utf-8")
        else:
            edit(root / file, old, new)


@pytest.mark.parametrize("case", STALE, ids=[c[0] for c in STALE])
@pytest.mark.parametrize("mode", [("--base", "HEAD"), ("--changed-only", "--base", "HEAD")], ids=["base", "changed-only"])
def test_stale_translation_in_lint(history, case, mode):
    _, edits, expected = case
    _apply(history, edits)
    done = run_ccm("lint", *mode, "--format", "json", "--no-cache", cwd=history)
    assert "Traceback" not in done.stderr, done.stderr
    stale = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "consistency/stale-translation"]
    assert [(f["file"], f["line"], f["locale"]) for f in stale] == [(file, line, loc) for file, line, loc, _ in expected], stale
    for f, (_, _, _, words) in zip(stale, expected):
        assert words in f["message"] and f["severity"] == "warning" and f["comm"] == "billing.reminder"


def test_stale_translation_is_silent_without_base(history):
    _apply(history, STALE[0][1])
    assert not found(history, "consistency/stale-translation")


def test_stale_translation_against_an_older_commit_and_a_cache(history):
    """The cross-comm results kept in .ccm-cache are not reused for another base commit."""
    repo = git.Repo(history)
    _apply(history, STALE[0][1])
    repo.git.add(A=True)
    repo.index.commit("English only", author=WHO, committer=WHO)
    for base, count in (("HEAD~1", 1), ("HEAD", 0), ("HEAD~1", 1)):
        done = run_ccm("lint", "--base", base, "--format", "json", cwd=history)
        stale = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "consistency/stale-translation"]
        assert len(stale) == count, (base, stale)


@pytest.mark.parametrize("fmt,words", [
    ("text", "sms.body: en-US changed, ja-JP did not (possibly stale translation)"),
    ("markdown", "### Possibly stale translations"),
    ("json", '"unchanged": ['),
])
def test_stale_translation_in_diff(history, fmt, words):
    _apply(history, STALE[0][1])
    done = run_ccm("diff", "HEAD", "--format", fmt, "--no-lint", cwd=history)
    assert done.returncode in (0, 1), done.stderr
    assert words in done.stdout, done.stdout
    if fmt == "json":
        data = json.loads(done.stdout)
        assert data["stale_translations"] == [{"comm": "billing.reminder", "channel": "sms", "field": "body", "changed": ["en-US"],
                                               "unchanged": ["ja-JP"], "file": R, "line": 28}]
        assert data["summary"]["stale_translations"] == 1


def test_no_stale_note_when_both_locales_change(history):
    _apply(history, STALE[4][1])
    done = run_ccm("diff", "HEAD", "--format", "markdown", "--no-lint", cwd=history)
    assert "stale" not in done.stdout


# ------------------------------------------------------------------ governance/path-owner, unknown-team
CO = "CODEOWNERS"
GOVERNANCE = '''governance:
  policies/: compliance
  policies/clauses/: legal
  brand/: brand
teams: {compliance: "@kumo-energy/compliance", legal: "@kumo-energy/legal", brand: "@kumo-energy/brand"}
'''
GOV = [
    # name, edits, rule, expected (file, line, words)
    ("contact policy handed to marketing (defaults)", [(CO, None, "/policies/contact.yaml @kumo-energy/marketing\n")],
     "governance/path-owner", [(CO, 6, "hands policies/contact.yaml to @kumo-energy/marketing; default governance says compliance")]),
    ("contact policy handed to marketing (declared)", [("ccm.yaml", None, GOVERNANCE), (CO, None, "/policies/contact.yaml @kumo-energy/marketing\n")],
     "governance/path-owner", [(CO, 6, "governance says compliance (@kumo-energy/compliance) must own policies/")]),
    ("facts handed to marketing", [(CO, None, "/brand/facts.yaml @kumo-energy/marketing\n")],
     "governance/path-owner", [(CO, 6, "hands brand/facts.yaml to @kumo-energy/marketing; default governance says brand")]),
    ("clauses handed to compliance: one finding, not two", [(CO, "/policies/clauses/ @kumo-energy/legal", "/policies/clauses/ @kumo-energy/compliance"),
                                                             ("ccm.yaml", None, 'teams: {legal: "@kumo-energy/legal"}\n')],
     "governance/*", [(CO, 4, "hands policies/clauses/late-fee.yaml to @kumo-energy/compliance; default governance says legal")]),
    ("legal unknown: governance/clause-owner judges the clause", [(CO, "/policies/clauses/ @kumo-energy/legal\n", "")],
     "governance/*", [("policies/clauses/late-fee.yaml", 3, "is not owned by 'legal'")]),
    ("a comms folder of governance", [("ccm.yaml", None, "governance: {comms/billing/: compliance}\n")],
     "governance/path-owner", [(CO, 5, "hands comms/billing/outage.yaml, comms/billing/reminder.ja.md.j2, comms/billing/reminder.yaml to @kumo-energy/billing")]),
    ("a path no line owns", [("ccm.yaml", None, "governance: {comms/_snippets/: brand}\n")],
     "governance/path-owner", [("ccm.yaml", 5, "no line of CODEOWNERS owns comms/_snippets/help.j2")]),
    ("unknown team", [("ccm.yaml", None, "governance: {policies/: complaince}\n")],
     "governance/unknown-team", [("ccm.yaml", 5, "team 'complaince' is not in teams: nor an owner in CODEOWNERS")]),
    ("team that is not an owner", [("ccm.yaml", None, 'teams: {compliance: "compliance team"}\n')],
     "governance/unknown-team", [("ccm.yaml", 5, "team 'compliance' is 'compliance team', not a CODEOWNERS owner")]),
    ("declared and clean", [("ccm.yaml", None, GOVERNANCE)], "governance/*", []),
    ("last matching line wins", [(CO, None, "/policies/contact.yaml @kumo-energy/marketing\n/policies/contact.yaml @kumo-energy/compliance\n")],
     "governance/*", []),
]


@pytest.mark.parametrize("case", GOV, ids=[c[0] for c in GOV])
def test_governance(minimal, case):
    _, edits, rule, expected = case
    for file, old, new in edits:
        if old is None:
            (minimal / file).write_text((minimal / file).read_text("utf-8") + new, "utf-8")
        else:
            edit(minimal / file, old, new)
    got = [f for f in lint_dir(minimal).findings if f.rule == rule or (rule.endswith("*") and f.rule.startswith(rule[:-1]))]
    assert [(f.file, f.line) for f in got] == [(file, line) for file, line, _ in expected], [(f.rule, f.file, f.line, f.message) for f in got]
    for f, (_, _, words) in zip(got, expected):
        assert words in f.message, f.message


def test_defaults_never_invent_a_team(tmp_path):
    """The compliance test repository's CODEOWNERS names no compliance team: no default for policies/."""
    root = copy_repo("compliance", tmp_path)
    (root / CO).write_text((root / CO).read_text("utf-8") + "/policies/contact.yaml @acme/marketing\n", "utf-8")
    assert not found(root, "governance/path-owner")


@pytest.mark.parametrize("bad", ["governance: [policies/]", "governance: {policies/: [a, b]}", "teams: [compliance]"])
def test_malformed_governance_is_a_finding(minimal, bad):
    (minimal / "ccm.yaml").write_text((minimal / "ccm.yaml").read_text("utf-8") + bad + "\n", "utf-8")
    done = run_ccm("lint", "--format", "json", "--no-cache", cwd=minimal)
    assert "Traceback" not in done.stderr, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert any(f["file"] == "ccm.yaml" and f["line"] == 5 for f in findings), findings


# ------------------------------------------------------------------ approvals
def test_required_approvals(minimal):
    (minimal / "ccm.yaml").write_text((minimal / "ccm.yaml").read_text("utf-8") + "governance: {comms/billing/: compliance}\n", "utf-8")
    got = {a.owner: a for a in required_approvals(minimal, ["policies/contact.yaml", "comms/billing/outage.yaml", "brand/facts.yaml", "README.md"])}
    assert set(got) == {"@kumo-energy/compliance", "@kumo-energy/billing", "@kumo-energy/brand"}
    assert got["@kumo-energy/compliance"].paths == ["comms/billing/outage.yaml", "policies/contact.yaml"]
    assert got["@kumo-energy/compliance"].because == ["governance comms/billing/ (compliance)", "CODEOWNERS line 3 (/policies/)"]
    assert got["@kumo-energy/billing"].because == ["CODEOWNERS line 5 (/comms/billing/)"]


def test_required_approvals_without_codeowners_or_config(tmp_path):
    assert required_approvals(tmp_path, ["policies/contact.yaml"]) == []
    root = copy_repo("minimal", tmp_path)
    (root / CO).unlink()
    assert required_approvals(root, ["policies/contact.yaml"]) == []


@pytest.mark.parametrize("fmt,words", [
    ("markdown", "### Approvals this change needs\n\n- `@kumo-energy/compliance`: `policies/contact.yaml`"),
    ("text", "Approvals this change needs"),
    ("json", '"owner": "@kumo-energy/compliance"'),
])
def test_diff_names_the_approvals(history, fmt, words):
    path = history / "policies/contact.yaml"
    path.write_text("# reviewed\n" + path.read_text("utf-8"), "utf-8")
    done = run_ccm("diff", "HEAD", "--format", fmt, "--no-lint", cwd=history)
    assert words in done.stdout, done.stdout
    if fmt == "json":
        approvals = json.loads(done.stdout)["approvals"]
        assert [a["owner"] for a in approvals] == ["@kumo-energy/compliance"]


def test_diff_uses_the_base_codeowners(history):
    """GitHub applies the base branch's CODEOWNERS: handing the file to marketing in the same change does not skip compliance."""
    path = history / "policies/contact.yaml"
    path.write_text("# reviewed\n" + path.read_text("utf-8"), "utf-8")
    (history / CO).write_text((history / CO).read_text("utf-8") + "/policies/contact.yaml @kumo-energy/marketing\n", "utf-8")
    approvals = json.loads(run_ccm("diff", "HEAD", "--format", "json", "--no-lint", cwd=history).stdout)["approvals"]
    assert "@kumo-energy/compliance" in [a["owner"] for a in approvals]
    assert "@kumo-energy/marketing" not in [a["owner"] for a in approvals]


@pytest.mark.parametrize("rule", ["consistency/missing-locale", "consistency/stale-translation", "governance/path-owner", "governance/unknown-team"])
def test_explain(tmp_path, rule):
    done = run_ccm("explain", rule, cwd=tmp_path)
    assert done.returncode == 0 and "Why" in done.stdout and "Bad" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("prefix", ["../", "/etc/", ".git/", "link/", "link/passwd", "..", "", "policies/../../"])
def test_hostile_governance_paths(minimal, prefix):
    """A governance path is a name, never a way out of the repository: no traceback, no file outside listed."""
    (minimal / "link").symlink_to("/etc")
    (minimal / "ccm.yaml").write_text((minimal / "ccm.yaml").read_text("utf-8") + f"governance: {{'{prefix}': compliance}}\n", "utf-8")
    done = run_ccm("lint", "--format", "json", "--no-cache", cwd=minimal)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert not any("passwd" in f["message"] or "hosts" in f["message"] for f in findings), findings


# Copy edits are not stale translations. Rows marked codimd are English UI strings from the
# history of hackmdio/codimd (AGPL-3.0), locales/en.json; see docs/stale-translation-precision.md.
COPY_EDITS = [
    ("Search keyword...", "Search keyword…", True),  # codimd: punctuation
    ("Real-time collaboration", "Realtime collaboration", True),  # codimd
    ("This is a alert area.", "This is an alert area.", True),  # codimd: article
    ("Sorry, you've reached the maximmum length", "Sorry, you've reached the maximum length", True),  # codimd: typo
    ("This page need refresh", "This page needs a refresh", True),  # codimd: inflection and article
    ("Inserted text", "Underlined text", False),  # codimd: a new meaning
    ("Todo List", "Checklist", False),  # codimd
    ("Refunds within 30 days.", "Refunds within 14 days.", False),  # a number is never a copy edit
    ("You can pay online.", "You cannot pay online.", False),  # a negation never is
    ("You can pay online.", "You can't pay online.", False),
    ("Pay the maximum amount.", "Pay the minimum amount.", False),  # two letters: a new word
    ("Pay {{ invoice.amount | money }} now", "Pay {{ invoice.total | money }} now", False),  # another variable
    ("30日以内に返金します。", "30日以内に返金します", True),  # 句読点だけ
    ("30日以内に返金します。", "14日以内に返金します。", False),
    ("お支払いいただけます。", "お支払いいただけません。", False),  # 一文字でも否定になる
    ("リリースノートをごらんください", "リリースノートをご覧ください", False),  # codimd ja: 日本語は表記の変更も報告する
]


@pytest.mark.parametrize("old,new,same", COPY_EDITS, ids=[f"{c[0]}→{c[1]}" for c in COPY_EDITS])
def test_copy_edit(old, new, same):
    from ccm_cli.translations import copy_edit

    assert copy_edit(old, new) is same


@pytest.mark.parametrize("mode", [("--base", "HEAD"), ("--changed-only", "--base", "HEAD")], ids=["base", "changed-only"])
def test_a_typo_fix_is_not_a_stale_translation(history, mode):
    _apply(history, [(R, "Pay here:", "Pay hree:")])
    repo = git.Repo(history)
    repo.git.add(A=True)
    repo.index.commit("typo", author=WHO, committer=WHO)
    _apply(history, [(R, "Pay hree:", "Pay here:")])
    done = run_ccm("lint", *mode, "--format", "json", "--no-cache", cwd=history)
    assert not [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "consistency/stale-translation"]


def _drop_block(path: Path, key_line: str) -> None:
    """Remove the YAML block that starts at ``key_line`` (its deeper-indented lines with it)."""
    lines = path.read_text("utf-8").split("\n")
    start = lines.index(key_line)
    indent = len(key_line) - len(key_line.lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    path.write_text("\n".join(lines[:start] + lines[end:]), "utf-8")


def test_the_example_repository(tmp_path):
    """The issue's failures written into a copy of the example repository, in one git history:
    a comm with no Japanese, a Japanese-only and an English-only edit, and CODEOWNERS handing the
    contact policy to marketing; then `ccm diff --format markdown` names the approvals."""
    root = copy_repo("example", tmp_path)
    repo = git.Repo.init(root, initial_branch="main")
    repo.git.add(A=True)
    repo.index.commit("base", author=WHO, committer=WHO)
    _drop_block(root / "comms/onboarding/welcome.yaml", "  ja-JP:")
    edit(root / "comms/operations/outage-update.yaml", "時間以内の復旧を見込んでいます。{% endif %}\"", "時間以内の復旧を見込んでいます。夜間は作業を中断します。{% endif %}\"")
    edit(root / "comms/billing/payment-reminder.yaml", "Please pay in the", "Please pay today in the")
    (root / CO).write_text((root / CO).read_text("utf-8") + "/policies/contact.yaml  @kumo-energy/marketing\n", "utf-8")
    done = run_ccm("lint", "--base", "main", "--format", "json", "--no-cache", cwd=root)
    assert "Traceback" not in done.stderr, done.stderr
    findings = json.loads(done.stdout)["findings"]
    ours = sorted((f["rule"], f["file"], f["line"], f["locale"]) for f in findings
                  if f["rule"] in ("consistency/missing-locale", "consistency/stale-translation", "governance/path-owner"))
    codeowners_lines = (root / CO).read_text("utf-8").count("\n")
    assert ours == [
        ("consistency/missing-locale", "comms/onboarding/welcome.yaml", ours[0][2], "ja-JP"),
        ("consistency/stale-translation", "comms/billing/payment-reminder.yaml", 48, "en-US"),
        ("consistency/stale-translation", "comms/operations/outage-update.yaml", 69, "ja-JP"),
        ("governance/path-owner", CO, codeowners_lines, None),
    ], ours
    owner = next(f for f in findings if f["rule"] == "governance/path-owner")
    assert "compliance (@kumo-energy/compliance) must own policies/" in owner["message"]
    markdown = run_ccm("diff", "main", "--format", "markdown", "--no-lint", cwd=root).stdout
    assert "- `@kumo-energy/compliance`: `CODEOWNERS`" not in markdown  # CODEOWNERS itself: the platform team's
    assert "- `@kumo-energy/comms-platform`: `CODEOWNERS`" in markdown
    assert "- `@kumo-energy/billing`: `comms/billing/payment-reminder.yaml`" in markdown
    assert "- `@kumo-energy/operations`: `comms/operations/outage-update.yaml`" in markdown
    assert "sms.body: ja-JP changed, en-US did not (possibly stale translation)" in markdown
