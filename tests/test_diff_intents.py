"""What a comm does, shown where reviewers look (issue 22, item 8): `ccm diff` (text, markdown,
json) and the preview (terminal, HTML site) show each variant's intents, and a change that adds
or removes one is called out for the compliance reviewer ("now also: promotion", "no longer:
…"), in real runs on a git copy of the example repository — every medium escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import git
import pytest

from conftest import copy_repo, edit, run_ccm

WHO = git.Actor("Writer", "writer@example.com")
BILL = "comms/billing/invoice-ready.yaml"
BILL_JA = "comms/billing/invoice-ready.ja.md.j2"
EN_LINE = "Your bill for {{ invoice.period_start | date }}"
JA_LINE = "までのご利用料金が確定しました。"
PROMO_EN = "Upgrade to Green 100 today. " + EN_LINE
PROMO_JA = JA_LINE + "今なら特典をご用意しています。"


def commit(repo: git.Repo, message: str) -> None:
    repo.git.add(A=True)
    repo.index.commit(message, author=WHO, committer=WHO)


@pytest.fixture
def example(tmp_path: Path):
    root = copy_repo("example", tmp_path)
    repo = git.Repo.init(root, initial_branch="main")
    commit(repo, "base")
    return root, repo


def diff(root: Path, fmt: str, *refs: str) -> str:
    result = run_ccm("diff", *(refs or ("main",)), "--format", fmt, "--no-lint", cwd=root)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_bill_that_now_sells_is_called_out(example):
    """The issue's case: a promotional paragraph inside a transactional bill, English and
    Japanese — "now also: promotion" in every format, with the words."""
    root, _ = example
    edit(root / BILL, EN_LINE, PROMO_EN)
    edit(root / BILL_JA, JA_LINE, PROMO_JA)

    data = json.loads(diff(root, "json"))
    assert data["summary"]["intent_changes"] == 2
    bill = next(c for c in data["comms"] if c["id"] == "billing.invoice-ready")
    by_variant = {(i["locale"], i["channel"]): i for i in bill["intents"]}
    en, ja = by_variant[("en-US", "email")], by_variant[("ja-JP", "email")]
    assert (en["before"], en["after"], en["removed"]) == ([], ["promotion"], [])
    assert en["added"] == [{"intent": "promotion", "words": "Upgrade to", "field": "body"}]
    assert ja["after"] == ["promotion"] and ja["added"][0]["words"] in ("今なら", "特典")
    assert by_variant[("en-US", "push")]["added"] == []  # the push did not change
    assert all(set(v) >= {"locale", "channel", "status", "sample", "fields", "diff"} for v in bill["variants"])  # keys kept

    text = diff(root, "text")
    assert "⚑ en-US · email: now also: promotion ('Upgrade to' in body)" in text
    assert re.search(r"⚑ ja-JP · email: now also: promotion \('(今なら|特典)' in body\)", text)
    assert "2 intent changes" in text and "shows: promotion" in text

    markdown = diff(root, "markdown")
    top = markdown.index("### Intents: what changed comms now do")
    assert top < markdown.index("### Comms")  # before the details a reviewer must expand
    assert "- `billing.invoice-ready` en-US · email: **now also:** promotion ('Upgrade to' in body)" in markdown
    assert "**2 intent changes**" in markdown


def test_an_intent_removed_is_called_out(example):
    root, repo = example
    edit(root / BILL, EN_LINE, PROMO_EN)
    commit(repo, "the bill sells")
    edit(root / BILL, PROMO_EN, EN_LINE)
    text = diff(root, "text", "HEAD")
    assert "⚑ en-US · email: no longer: promotion ('Upgrade to' in body)" in text
    data = json.loads(diff(root, "json", "HEAD"))
    bill = next(c for c in data["comms"] if c["id"] == "billing.invoice-ready")
    en = next(i for i in bill["intents"] if (i["locale"], i["channel"]) == ("en-US", "email"))
    assert en["removed"] == [{"intent": "promotion", "words": "Upgrade to", "field": "body"}] and en["added"] == []


def test_a_library_change_alone_moves_a_comm(example):
    """policies/intents.yaml makes an unchanged text show a new intent: the comm is listed."""
    root, _ = example
    (root / "policies/intents.yaml").write_text(
        "app-push:\n  description: Steers the customer to the app\n  en: [in the app]\n  ja: [アプリから]\n", "utf-8")
    data = json.loads(diff(root, "json"))
    moved = {c["id"]: c for c in data["comms"] if any(i["added"] for i in c["intents"])}
    assert "marketing.new-plan-launch" in moved
    launch = moved["marketing.new-plan-launch"]
    assert launch["variants"] == [] and launch["status"] == "changed"
    assert any(a["intent"] == "app-push" for i in launch["intents"] for a in i["added"])


def test_content_cannot_break_out_of_any_medium(example):
    """Words that show an intent come from the content: escaped in Markdown, HTML and the terminal."""
    root, _ = example
    (root / "policies/intents.yaml").write_text(
        'hostile:\n  description: A hostile phrase\n  en: ["re:@here <b>now</b> \\\\[x\\\\]\\\\(javascript:\\\\S+"]\n', "utf-8")
    edit(root / BILL, "Tap to see your bill.", "Tap @here <b>now</b> [x](javascript:alert(1))")  # the push: plain text
    markdown = diff(root, "markdown")
    assert "now also:** hostile" in markdown
    callout = next(line for line in markdown.split("\n") if "now also:** hostile" in line)
    assert "<b>" not in callout and "&lt;b&gt;now" in callout  # no markup
    assert "@here" not in callout  # no mention that pings anyone
    assert "\\[x\\](javascript" in callout  # no link
    text = diff(root, "text")
    assert "now also: hostile" in text
    site = root / "site"
    result = run_ccm("preview", "--html", str(site), "--base", "main", cwd=root)
    assert result.returncode == 0, result.stderr
    page = (site / "pages" / "billing.invoice-ready.html").read_text("utf-8")
    assert "<b>now</b>" not in page and "&lt;b&gt;now&lt;/b&gt;" in page


def test_the_preview_shows_intents_and_what_a_change_moved(example):
    root, _ = example
    edit(root / BILL, EN_LINE, PROMO_EN)
    terminal = run_ccm("preview", "billing.invoice-ready", "--locale", "en-US", "--channel", "email", cwd=root)
    assert terminal.returncode == 0, terminal.stderr
    assert "Shows: promotion ('Upgrade to' in body)" in terminal.stdout
    quiet = run_ccm("preview", "accounts.password-reset", "--locale", "en-US", "--channel", "email", cwd=root)
    assert "Shows no intent" in quiet.stdout

    site = root / "site"
    result = run_ccm("preview", "--html", str(site), "--base", "main", cwd=root)
    assert result.returncode == 0, result.stderr
    page = (site / "pages" / "billing.invoice-ready.html").read_text("utf-8")
    assert '<div class="intent-change"><div>⚑ <b>now also:</b> promotion' in page
    assert '<span class="intent" title="body: Upgrade to' in page
    assert "<dt>Shows</dt><dd>promotion</dd>" in page
    notice = (site / "pages" / "billing.disconnection-notice.html").read_text("utf-8")
    assert "debt-collection, disconnection-threat" in notice


def test_edits_to_the_intent_library_and_the_audience_vocabulary_are_policy_changes(example):
    """A `disjoint` added to policies/audience.yaml silences every overlap check between two
    segments; a phrase added to policies/intents.yaml moves what lint reads. Neither changes a
    comm's text, and both are listed for the compliance reviewer."""
    root, _ = example
    edit(root / "policies/audience.yaml", "  - [residential_customers, business_customers]\n",
         "  - [residential_customers, business_customers]\n  - [payment_holiday, overdue_60d]\n")
    (root / "policies/intents.yaml").write_text((root / "policies/intents.yaml").read_text("utf-8")
                                                + "\nsurvey-invite:\n  description: Asks the customer to take a survey\n  en: [take our survey]\n", "utf-8")
    data = json.loads(diff(root, "json"))
    changes = {(c["area"], c["file"], c["text"]) for c in data["policies"]}
    assert any(area == "audience" and file == "policies/audience.yaml" and "payment_holiday" in text for area, file, text in changes), changes
    assert any(area == "intents" and file == "policies/intents.yaml" and "survey-invite" in text for area, file, text in changes), changes
    assert "payment_holiday" in diff(root, "text") and "survey-invite" in diff(root, "markdown")
