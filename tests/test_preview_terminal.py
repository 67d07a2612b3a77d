"""`ccm preview ID` in the terminal, through the real command: a frame per channel, the
findings underneath, and one-line errors with exit code 2 for bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_repo, edit, run_ccm

SHIM = "from ccm_cli import cli; from ccm_cli.commands.preview import preview; cli.app.command('preview')(preview); cli.main()"


def ccm(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`ccm ARGS` as a real subprocess (registers `preview` itself until cli.py does)."""
    from ccm_cli import cli

    if any(c.name == "preview" or getattr(c.callback, "__name__", "") == "preview" for c in cli.app.registered_commands):
        return run_ccm(*args, cwd=cwd)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-c", SHIM, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return copy_repo("example", tmp_path_factory.mktemp("terminal"))


def test_email_and_sms_frames(repo):
    result = ccm("preview", "billing.payment-reminder", cwd=repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Payment reminder" in out and "owner billing" in out
    assert "en-US · email · sample typical" in out and "ja-JP · sms · sample typical" in out
    for text in ("From       Kumo Energy", "Subject    Your Kumo Energy bill is past due", "Preheader  Your bill of $142.00"):
        assert text in out
    assert "1 part · GSM-7 · 129/160 chars" in out and "2 parts · UCS-2 · 80/134 chars" in out
    assert out.count("✓ no lint findings") == 4


def test_push_line_chat_letter_web_frames(repo):
    out = ccm("preview", "marketing.new-plan-launch", "--locale", "en-US", cwd=repo).stdout
    assert "Lock screen" in out and "KUMO ENERGY" in out and "fits the lock screen" in out
    assert "LINE · Kumo Energy" in out and "https://kumo.example/plans" in out
    assert "ja-JP" not in out
    out = ccm("preview", "field-service.appointment-reminder", "--channel", "chat", "--sample", "afternoon-slot", cwd=repo).stdout
    assert "Chat · Kumo Energy" in out and "Grace" in out and "sample morning-slot ─" not in out
    out = ccm("preview", "billing.disconnection-notice", "--locale", "ja-JP", cwd=repo).stdout
    assert "Letter · page 1" in out and "クモエナジー株式会社" in out and "電気の供給停止に関する重要なお知らせ" in out
    out = ccm("preview", "web.home-banner", "--locale", "en-US", "--sample", "all", cwd=repo).stdout
    assert out.count("Web banner") == 4 and "Get a quote" in out and "Invite a friend" in out


def test_other_samples_are_named(repo):
    out = ccm("preview", "field-service.appointment-reminder", "--locale", "en-US", cwd=repo).stdout
    assert "Also has sample afternoon-slot" in out and "sample morning-slot" in out


def test_findings_under_the_variant(tmp_path):
    repo = copy_repo("example", tmp_path)
    edit(repo / "comms/billing/payment-reminder.yaml", 'body: "{{ facts.brand }}: your bill', 'body: "{{ facts.brand }}: your cheap bill')
    result = ccm("preview", "billing.payment-reminder", "--locale", "en-US", cwd=repo)
    assert result.returncode == 0  # preview shows findings; it does not gate
    sms = result.stdout.split("en-US · sms")[1]
    assert "✖ error   'cheap' is banned" in sms and "brand/banned-phrase" in sms and "comms/billing/payment-reminder.yaml:48:38" in sms
    assert "1 error" in result.stdout.split("en-US · email")[0]


def test_render_error_is_shown_not_raised(tmp_path):
    repo = copy_repo("example", tmp_path)
    edit(repo / "comms/billing/payment-reminder.yaml", "{{ invoice.amount | money }} was due {{ invoice.due_date | date }}. Please", "{{ invoice.amount | money }} was due {{ invoice.nope }}. Please")
    result = ccm("preview", "billing.payment-reminder", "--channel", "sms", "--locale", "en-US", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "Cannot render" in result.stdout and "nope" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("args, message", [
    (["billing.payment-remindr"], "unknown comm 'billing.payment-remindr' (did you mean 'billing.payment-reminder'?)"),
    (["billing.payment-reminder", "--locale", "ja"], "has no locale 'ja' (did you mean 'ja-JP'?)"),
    (["billing.payment-reminder", "--channel", "push"], "has no channel 'push'"),
    (["billing.payment-reminder", "--sample", "nope"], "has no sample 'nope'"),
    (["payment-reminder"], "did you mean 'billing.payment-reminder'?"),
    ([], "give a comm ID to preview"),
    (["billing.payment-reminder", "--base", "HEAD"], "--base needs --html DIR or --serve"),
    (["billing.payment-reminder", "--today", "tomorrow"], "--today must be a date"),
])
def test_bad_input_is_one_line_and_exit_2(repo, args, message):
    result = ccm("preview", *args, cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_outside_a_repository(tmp_path):
    result = ccm("preview", "x", cwd=tmp_path)
    assert result.returncode == 2 and "no ccm.yaml found" in result.stderr
