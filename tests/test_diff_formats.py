"""`ccm diff` output: markdown under GitHub's comment limit, text side by side or unified,
and policy changes in words."""

from __future__ import annotations

import io
from pathlib import Path

import git
import pytest

from conftest import TODAY, copy_repo, edit
from ccm_cli.diff import format_markdown, format_text
from ccm_cli.diff.policy_words import contact, guidelines
from ccm_cli.diff.refs import load_side
from ccm_cli.diff.report import build_report

WHO = git.Actor("Writer", "writer@example.com")


def _repo(tmp_path: Path, name: str = "example") -> tuple[Path, git.Repo]:
    root = copy_repo(name, tmp_path)
    repo = git.Repo.init(root, initial_branch="main")
    repo.git.add(A=True)
    repo.index.commit("base", author=WHO, committer=WHO)
    return root, repo


def _report(root: Path, lint: bool = True):
    return build_report(load_side(root, "HEAD"), load_side(root, None), today=TODAY, with_lint=lint)


def test_markdown_small_change_is_complete(tmp_path):
    root, _ = _repo(tmp_path)
    edit(root / "comms/marketing/win-back.yaml", "Hi {{ customer.first_name }},", "Hello {{ customer.first_name }},")
    text = format_markdown.render(_report(root))
    assert text.startswith("## ccm diff: `HEAD`")
    assert "<details><summary><b>marketing.win-back</b> — changed · owner marketing · marketing</summary>" in text
    assert "```diff\n--- HEAD:comms/marketing/win-back.yaml\n+++ working tree:comms/marketing/win-back.yaml" in text
    assert "+Hello Jordan," in text or "+Hello " in text
    assert "Truncated" not in text


def test_markdown_big_change_fits_a_github_comment(tmp_path):
    root, _ = _repo(tmp_path)
    filler = "\n".join(f"Line {i}: the quick brown fox jumps over the lazy dog, again and again." for i in range(400))
    for path in sorted((root / "comms").rglob("*.yaml")):
        text = path.read_text("utf-8")
        if "body: |\n" in text:
            at = text.index("body: |\n") + len("body: |\n")
            indent = len(text[at:]) - len(text[at:].lstrip(" "))
            path.write_text(text[:at] + "".join(" " * indent + line + "\n" for line in filler.split("\n")) + text[at:], "utf-8")
    report = _report(root, lint=False)
    text = format_markdown.render(report)
    assert format_markdown.size(text) <= format_markdown.GITHUB_LIMIT
    assert "**Truncated, see artifact.**" in text
    assert text.count("<details>") == text.count("</details>")
    assert text.count("```") % 2 == 0
    for comm in report.changes.comms:  # every comm is at least named
        assert f"<b>{comm.id}</b>" in text or f"**{comm.id}**" in text


def test_markdown_fence_survives_backticks():
    assert format_markdown.fence("a ``` b", "diff") == "````diff\na ``` b\n````\n"


def test_no_change(tmp_path):
    root, _ = _repo(tmp_path, "minimal")
    report = _report(root)
    assert not report.changed
    assert "No changes for customers." in format_markdown.render(report)
    out = io.StringIO()
    format_text.write(report, out, width=100)
    assert "no changes for customers" in out.getvalue()


@pytest.mark.parametrize("width, side_by_side", [(200, True), (100, False)])
def test_text_is_side_by_side_on_wide_terminals(tmp_path, width, side_by_side):
    root, _ = _repo(tmp_path, "minimal")
    edit(root / "comms/billing/outage.yaml", "Power is back on in your area.", "Power is on again in your area.")
    out = io.StringIO()
    format_text.write(_report(root), out, width=width)
    text = out.getvalue()
    assert "● billing.outage  changed  owner billing · service" in text
    if side_by_side:
        assert "Power is back on in your area" in text and "Power is on again in your area" in text
        assert "+Power is on again" not in text
    else:
        assert "-Power is back on in your area." in text and "+Power is on again in your area." in text


CONTACT = [
    ({"frequency_caps": [{"category": "marketing", "channel": "any", "max": 3, "per": "7d"}]},
     {"frequency_caps": [{"category": "marketing", "channel": "any", "max": 4, "per": "7d"}]},
     ["frequency cap marketing/any: 3 → 4 per 7d"]),
    ({}, {"frequency_caps": [{"category": "any", "channel": "sms", "max": 4, "per": "7d"}]},
     ["frequency cap added: any/sms: 4 per 7d"]),
    ({"quiet_hours": [{"channel": ["sms", "push"], "start": "21:00", "end": "08:00"}]},
     {"quiet_hours": [{"channel": ["sms", "push"], "start": "22:00", "end": "08:00"}]},
     ["quiet hours sms,push: 21:00–08:00 → 22:00–08:00"]),
    ({"consent": {"marketing": {"email": "opt_in"}}}, {"consent": {"marketing": {"email": "soft_opt_in"}}},
     ["consent marketing/email: opt_in → soft_opt_in"]),
    ({}, {"suppressions": [{"tag": "referral-request", "exclude": "complained_30d", "reason": "No"}]},
     ["suppression added: tag 'referral-request' must exclude 'complained_30d' (No)"]),
    ({"exclusive": [{"tags": ["a", "b"]}]}, {}, ["exclusivity removed: a, b"]),
    ({"personalization": {"marketing": {"forbidden": ["customer.address"]}}},
     {"personalization": {"marketing": {"forbidden": ["customer.address", "customer.health"]}}},
     ["personalization marketing: now forbids customer.health"]),
]


@pytest.mark.parametrize("before, after, words", CONTACT)
def test_contact_policy_in_words(before, after, words):
    assert contact(before, after) == words


GUIDELINES = [
    ({}, {"banned": [{"pattern": "(?i)\\bact now\\b", "reason": "Pressure selling"}]},
     ["banned phrase added: 'act now' (Pressure selling)"]),
    ({"banned": [{"phrase": "cheap"}]}, {}, ["banned phrase removed: 'cheap'"]),
    ({}, {"banned": [{"pattern": "(?i)free (money|cash)"}]}, ["banned pattern added: '(?i)free (money|cash)'"]),
    ({}, {"terminology": [{"use": "sign in", "avoid": ["log in", "login"], "locale": "en"}]},
     ["terminology (en): use 'sign in' avoid ['log in', 'login']"]),
    ({"terminology": [{"use": "sign in", "avoid": ["log in"]}]}, {"terminology": [{"use": "sign in", "avoid": ["log in", "login"]}]},
     ["terminology: use 'sign in' avoid ['log in'] → use 'sign in' avoid ['log in', 'login']"]),
    ({"capitalization": ["LINE"]}, {"capitalization": ["LINE", "iPhone"]}, ["capitalization added: 'iPhone'"]),
    ({"tone": {"exclamation_max": {"sms": 0}}}, {"tone": {"exclamation_max": {"sms": 1}}}, ["tone.exclamation_max.sms: 0 → 1"]),
]


@pytest.mark.parametrize("before, after, words", GUIDELINES)
def test_guidelines_in_words(before, after, words):
    assert guidelines(before, after) == words
