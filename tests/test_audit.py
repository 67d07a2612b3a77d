"""`ccm audit` from git alone: a repository with a real history of merges (made here, with fixed
dates) and no publish target. "Show me every SMS that carried opt-out wording version 1 between
March and May, and who approved each change" must list exactly what the history implies.

History of main (first parent), each merge a pull request with its review trailers:

    2026-01-05  initial     clause opt-out v1 in billing.reminder en-US/sms
    2026-03-01  merge #1    opt-out also in ja-JP/sms                (Reviewed-by: Rie Legal)
    2026-03-20  merge #2    a docs-only change: same content         (Reviewed-by: Doc Writer)
    2026-04-10  merge #3    opt-out v2 (new wording, version bumped)  (Approved-by: Lee Counsel)
    2026-05-20  merge #4    opt-out dropped from en-US/sms           (Reviewed-by: Rie Legal)
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import copy_repo, edit, run_ccm

CLAUSE = "policies/clauses/opt-out.yaml"
REMINDER = "comms/billing/reminder.yaml"
EN_SMS = 'body: "{{ facts.brand }}: your bill of {{ invoice.amount | money }} is due {{ invoice.due_date | date }}. Pay: {{ facts.pay_url }}"'
JA_SMS = 'body: "{{ facts.brand }}です。ご請求額{{ invoice.amount | money }}のお支払い期限は{{ invoice.due_date | date }}です。"'

T0, T1, T2, T3, T4 = ("2026-01-05T09:00:00+00:00", "2026-03-01T10:00:00+00:00", "2026-03-20T10:00:00+00:00",
                      "2026-04-10T10:00:00+00:00", "2026-05-20T10:00:00+00:00")


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ana Writer", "GIT_AUTHOR_EMAIL": "ana@kumo.example",
           "GIT_COMMITTER_NAME": "Merge Bot", "GIT_COMMITTER_EMAIL": "bot@kumo.example"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def pull_request(root: Path, number: int, when: str, change, trailer: str) -> str:
    """A branch with one commit, merged into main with --no-ff at ``when``; the merge's sha."""
    branch = f"pr-{number}"
    git(root, "checkout", "-q", "-b", branch)
    change()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"PR {number}", when=when.replace("T10", "T08"))
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", branch, "-m", f"Merge pull request #{number}\n\n{trailer}", when=when)
    return git(root, "rev-parse", "HEAD")


def write_clause(root: Path, version: int, en: str, ja: str) -> None:
    (root / CLAUSE).write_text(
        f"id: opt-out\nversion: {version}\nowner: legal\ntext:\n  en-US: \"{en}\"\n  ja-JP: \"{ja}\"\n", "utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, dict]:
    root = copy_repo("minimal", tmp_path_factory.mktemp("audit"))
    write_clause(root, 1, "Reply STOP to opt out.", "配信停止はSTOPと返信してください。")
    edit(root / REMINDER, EN_SMS, EN_SMS[:-1] + ' {{ clause(\\"opt-out\\") }}"')
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Initial content", when=T0)
    shas = {"initial": git(root, "rev-parse", "HEAD")}
    shas["m1"] = pull_request(root, 1, T1, lambda: edit(root / REMINDER, JA_SMS, JA_SMS[:-1] + ' {{ clause(\\"opt-out\\") }}"'),
                              "Reviewed-by: Rie Legal <rie@kumo.example>")
    shas["m2"] = pull_request(root, 2, T2, lambda: (root / "NOTES.md").write_text("notes\n", "utf-8"),
                              "Reviewed-by: Doc Writer <doc@kumo.example>")
    shas["m3"] = pull_request(root, 3, T3, lambda: write_clause(root, 2, "Text STOP to stop these messages.", "停止するにはSTOPと送信してください。"),
                              "Approved-by: Lee Counsel <lee@kumo.example>")
    shas["m4"] = pull_request(root, 4, T4, lambda: edit(root / REMINDER, ' {{ clause(\\"opt-out\\") }}"', '"'),
                              "Reviewed-by: Rie Legal <rie@kumo.example>")
    return root, shas


def audit(root: Path, *args: str):
    return run_ccm("audit", *args, cwd=root)


def audit_json(root: Path, *args: str) -> dict:
    result = audit(root, *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rows(report: dict) -> set[tuple]:
    return {(r["clause"], str(r["version"]), r["comm"], f"{r['locale']}/{r['channel']}", r["from"], r["to"]) for r in report["clauses"]}


def test_clause_lists_exactly_the_comms_and_periods_the_history_implies(history):
    root, _ = history
    report = audit_json(root, "--clause", "opt-out")
    assert rows(report) == {
        ("opt-out", "1", "billing.reminder", "en-US/sms", T0, T3),
        ("opt-out", "1", "billing.reminder", "ja-JP/sms", T1, T3),
        ("opt-out", "2", "billing.reminder", "en-US/sms", T3, T4),
        ("opt-out", "2", "billing.reminder", "ja-JP/sms", T3, None),  # still live
    }
    assert report["source"]["kind"] == "git" and report["source"]["commits"] == 5


@pytest.mark.parametrize("args,expected", [
    # the regulator's question: SMS with opt-out v1 between March and May
    (("--clause", "opt-out@1", "--channel", "sms", "--since", "2026-03-15", "--until", "2026-05-31"),
     {("opt-out", "1", "billing.reminder", "en-US/sms", T0, T3), ("opt-out", "1", "billing.reminder", "ja-JP/sms", T1, T3)}),
    # before the first merge only English carried it
    (("--clause", "opt-out", "--until", "2026-02-01"), {("opt-out", "1", "billing.reminder", "en-US/sms", T0, T3)}),
    # after v2: version 1 was live nowhere
    (("--clause", "opt-out@1", "--since", "2026-04-11"), set()),
    (("--clause", "opt-out@2", "--since", "2026-06-01"), {("opt-out", "2", "billing.reminder", "ja-JP/sms", T3, None)}),
    (("--clause", "late-fee", "--channel", "email", "--comm", "billing.reminder"),
     {("late-fee", "1", "billing.reminder", "en-US/email", T0, None),
      ("late-fee", "1", "billing.reminder", "ja-JP/email", T0, None)}),  # reminder.ja.md.j2 includes it
])
def test_filters(history, args, expected):
    root, _ = history
    assert rows(audit_json(root, *args)) == expected


def test_releases_carry_who_approved_each_change(history):
    root, shas = history
    report = audit_json(root, "--clause", "opt-out", "--since", "2026-03-02")
    by_commit = {r["commit"]: r for r in report["releases"]}
    assert set(by_commit) == {shas["m1"], shas["m3"], shas["m4"]}, "the docs-only merge is no new period; the initial one ended before"
    assert by_commit[shas["m1"]]["approvals"]["reviewed_by"] == ["Rie Legal <rie@kumo.example>"]
    assert by_commit[shas["m1"]]["approvals"]["merge"] is True
    assert by_commit[shas["m3"]]["approvals"]["trailer_approved_by"] == ["Lee Counsel <lee@kumo.example>"]
    assert by_commit[shas["m3"]]["required_owners"] == ["@kumo-energy/legal"], "a clause change needs legal (CODEOWNERS)"
    assert by_commit[shas["m1"]]["required_owners"] == ["@kumo-energy/billing"]
    text = audit(root, "--clause", "opt-out@1", "--by", "releases").stdout
    assert "Reviewed-by Rie Legal <rie@kumo.example>" in text and "merged by Merge Bot" in text


def test_comm_history_shows_texts_in_english_and_japanese(history):
    root, shas = history
    report = audit_json(root, "--comm", "billing.reminder", "--channel", "sms")
    changes = report["comms"][0]["changes"]
    assert [(c["status"], c["commit"]) for c in changes] == [
        ("added", shas["initial"]), ("changed", shas["m1"]), ("changed", shas["m3"]), ("changed", shas["m4"])]
    assert changes[1]["changed_variants"] == ["ja-JP/sms"]
    assert 'clause("opt-out")' in changes[1]["texts"]["ja-JP/sms"]["body"] and "ご請求額" in changes[1]["texts"]["ja-JP/sms"]["body"]
    assert changes[2]["clauses"] == {"late-fee": 1, "opt-out": 2}
    assert changes[3]["to"] is None and changes[2]["to"] == T4
    text = audit(root, "--comm", "billing.reminder", "--channel", "sms").stdout
    assert "ご請求額" in text and "Approved-by Lee Counsel" in text


def test_lint_results_from_git_with_lint(history):
    root, _ = history
    report = audit_json(root, "--comm", "billing.outage", "--lint")
    change = report["comms"][0]["changes"][0]
    assert change["lint"] is not None and change["lint"]["release_summary"]["comms"] == 2
    assert report["releases"][0]["rules"]["catalogue_sha256"]


def test_csv_is_one_table_and_defuses_formulas(history, tmp_path):
    root, _ = history
    result = audit(root, "--clause", "opt-out", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("clause,version,comm,locale,channel,from,to") and len(lines) == 5
    from ccm_cli.audit.formats import _cell

    assert _cell("=HYPERLINK(\"http://x\")").startswith("'=") and _cell("@SUM(A1)").startswith("'@")
    assert "\n" not in _cell("line\nbreak") and _cell("\x1b[2J") == "\\x1b[2J"


@pytest.mark.parametrize("args,message", [
    (("--clause", "opt-outt"), "unknown clause 'opt-outt'"),
    (("--clause", "opt-out@7"), "never had version 7"),
    (("--clause", "opt-out@"), "--clause must be ID or ID@version"),
    (("--comm", "billing.nope"), "unknown comm 'billing.nope'"),
    (("--channel", "fax"), "unknown channel 'fax'"),
    (("--since", "2026-02-30"), "--since must be a date"),
    (("--until", "yesterday"), "--until must be a date"),
    (("--since", "2026-05-01", "--until", "2026-04-01"), "--since is after --until"),
    (("--target", "nowhere"), "no publish target 'nowhere'"),
    (("--format", "pdf"), "unknown format 'pdf'"),
    (("--ref", "no-such-branch"), "--ref 'no-such-branch' is not a branch"),
    (("--ref", "--output=x"), "is not a branch"),
    (("--verify",), "--verify checks a target's releases"),
])
def test_bad_input_is_one_line_and_exit_2(history, args, message):
    root, _ = history
    result = audit(root, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_max_commits_bounds_the_walk(history):
    root, _ = history
    report = audit_json(root, "--max-commits", "2")
    assert report["source"]["commits"] == 2
    assert any("only the newest 2" in p for p in report["problems"])


def test_hostile_content_stays_text_in_every_format(tmp_path):
    """A comm whose template and a trailer carry markup, a terminal escape and a formula."""
    root = copy_repo("minimal", tmp_path)
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> \x1b[31m =cmd|calc'
    edit(root / REMINDER, EN_SMS, 'body: "' + hostile.replace("\x1b", "\\e") + ' {{ facts.pay_url }}"')
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Initial\n\nReviewed-by: <b>Mallory</b> \x1b]0;x\x07", when=T0)
    page = audit(root, "--comm", "billing.reminder", "--format", "html").stdout
    assert "<script>" not in page and "<img" not in page and "<b>Mallory" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\x1b" not in page
    text = audit(root, "--comm", "billing.reminder").stdout
    assert "\x1b" not in text and "\\x1b[31m" in text
    data = audit_json(root, "--comm", "billing.reminder")
    assert data["comms"][0]["changes"][0]["texts"]["en-US/sms"]["body"].startswith("<script>")


# ---------------------------------------------------------------- the HTML report in a browser
def test_html_report_opens_in_chromium_without_console_errors(history, tmp_path):
    from test_preview_site import CHROMIUM, Browser

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium); the browser test needs it")
    root, _ = history
    page = tmp_path / "report" / "audit.html"
    page.parent.mkdir()
    result = audit(root, "--format", "html", "--output", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text("utf-8")
    assert "<script" not in html and "http://" not in html and "https://" not in html, "self-contained, no script"
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        assert browser.console_errors() == []
        headings = browser.evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent)")
        assert headings == ["Releases", "Clauses", "Comms"]
        cells = browser.evaluate("[...document.querySelectorAll('table')[1].querySelectorAll('tbody tr')].length")
        assert cells == 6  # opt-out v1 ×2, v2 ×2, late-fee on both emails
        assert browser.evaluate("document.body.innerText.includes('ご請求額')")
        browser.screenshot(tmp_path / "audit.png")
    finally:
        browser.close()


def test_until_a_date_includes_that_whole_day(history):
    root, _ = history
    # merge #1 landed at 10:00 on 2026-03-01: "--until 2026-03-01" includes it, the day before does not
    assert ("opt-out", "1", "billing.reminder", "ja-JP/sms", T1, T3) in rows(audit_json(root, "--clause", "opt-out", "--until", "2026-03-01"))
    assert ("opt-out", "1", "billing.reminder", "ja-JP/sms", T1, T3) not in rows(audit_json(root, "--clause", "opt-out", "--until", "2026-02-28"))
