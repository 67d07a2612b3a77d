"""Preview rendering, channel by channel: the email HTML and plain text, the HTML frames of
every channel, the lock-screen and SMS arithmetic, and the before/after word diff."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, TODAY
from ccm_cli.preview import cards
from ccm_cli.preview.collect import collect
from ccm_cli.preview.diff import word_diff_html
from ccm_cli.preview.email_html import plain_text, render_email
from ccm_cli.preview.layout import display_width, fit, letter_blocks, lock_screen, sms_caption, wrap
from ccm_cli.project import load_project


@pytest.fixture(scope="module")
def collected():
    return collect(load_project(ROOT), today=TODAY)


def variant(collected, comm_id, locale, channel, sample=None):
    comm = collected.comm(comm_id)
    found = [v for v in collected.variants(comm) if v.locale == locale and v.channel == channel and (sample is None or v.sample.name == sample)]
    assert found, (comm_id, locale, channel)
    return found[0]


def ctx(collected, locale):
    return cards.Context(collected.renderer.facts(locale), collected.project.config)


# ---------------------------------------------------------------- email
MD = """Hi Ana,

Your bill of **$142.00** is due.
It was due on Mar 6.

[Pay your bill](https://kumo.example/pay)

- Online at https://kumo.example/pay
- By phone

> Keep this email.
"""


def test_email_html_is_an_email_document():
    out = render_email("Your bill", "Pay by Mar 6 to keep your service running.", MD, "en-US", "Kumo Energy").html
    assert out.startswith("<!DOCTYPE html>")
    assert '<html lang="en-US"' in out
    assert '<meta name="color-scheme" content="light dark">' in out
    assert "<title>Your bill</title>" in out
    assert re.search(r'<div class="preheader" style="display:none;[^"]*">Pay by Mar 6 to keep your service running\.', out)
    assert 'role="presentation"' in out and 'width="600"' in out  # table layout, 600px wide
    assert "@media only screen and (max-width: 620px)" in out and "prefers-color-scheme: dark" in out
    style_block = re.search(r"<style>(.*?)</style>", out, re.S).group(1)
    assert not re.search(r"^\s*\.content p\s*\{", style_block, re.M), "plain rules are inlined, only @-rules stay"
    assert '<p style="margin: 0 0 16px 0;">Hi Ana,</p>' in out  # CSS inlined
    assert "<strong>$142.00</strong> is due.<br>" in out  # a single newline is a line break
    assert 'class="btn"' in out and ">Pay your bill</a>" in out  # a lone link is a button
    assert '<a target="_blank" rel="noopener" href="https://kumo.example/pay" style=' in out  # bare URL linked
    assert "<script" not in out


def test_email_html_escapes_and_disables_raw_html():
    out = render_email("A <b> & C", "pre", "Hello <script>alert(1)</script> & <b>you</b>", "en-US", "Brand").html
    assert "<title>A &lt;b&gt; &amp; C</title>" in out
    assert "<script" not in out and "&lt;script&gt;" in out


def test_email_lang_and_fonts_follow_the_locale():
    out = render_email("件名", "プレヘッダー", "山田様\n\nこんにちは。", "ja-JP", "クモエナジー").html
    assert '<html lang="ja-JP"' in out and "Hiragino Sans" in out


def test_plain_text_alternative():
    text = plain_text(MD)
    assert text == (
        "Hi Ana,\n\nYour bill of $142.00 is due.\nIt was due on Mar 6.\n\nPay your bill (https://kumo.example/pay)\n\n"
        "- Online at https://kumo.example/pay\n- By phone\n\n> Keep this email.\n"
    )
    assert plain_text("1. one\n2. two\n") == "1. one\n2. two\n"
    assert plain_text("[https://x.example](https://x.example)\n") == "https://x.example\n"


def test_email_of_the_example_repository(collected):
    v = variant(collected, "billing.payment-reminder", "ja-JP", "email")
    rendered = cards.email_render(v, ctx(collected, "ja-JP"))
    assert "<title>お支払い期限を過ぎています（クモエナジー）</title>" in rendered.html
    assert rendered.text.startswith("山田様\n\nいつもクモエナジーをご利用いただき")
    row = cards.email_inbox_row(v, ctx(collected, "ja-JP"))
    assert "クモエナジー" in row and "お支払い期限を過ぎています" in row
    frames = cards.email_frames(rendered, "x.html", "ja-JP typical")
    assert 'width="640"' in frames and 'width="375"' in frames and "srcdoc=" in frames


# ---------------------------------------------------------------- other channels
def test_sms_frame(collected):
    html = cards.frame(variant(collected, "billing.payment-reminder", "ja-JP", "sms"), ctx(collected, "ja-JP"))
    assert 'class="bubble incoming"' in html and "2 parts · UCS-2 · 80/134 chars" in html
    html = cards.frame(variant(collected, "billing.payment-reminder", "en-US", "sms"), ctx(collected, "en-US"))
    assert "1 part · GSM-7 · 129/160 chars" in html and "Kumo Energy" in html


def test_push_frame(collected):
    html = cards.frame(variant(collected, "marketing.new-plan-launch", "en-US", "push"), ctx(collected, "en-US"))
    assert 'class="notification"' in html and "Meet Green 100" in html and "fits the lock screen" in html


def test_line_frame(collected):
    html = cards.frame(variant(collected, "marketing.new-plan-launch", "ja-JP", "line"), ctx(collected, "ja-JP"))
    assert 'class="bubble line-bubble"' in html and '<a href="https://kumo.example/ja/plans"' in html


def test_chat_frame(collected):
    html = cards.frame(variant(collected, "field-service.appointment-reminder", "en-US", "chat", "afternoon-slot"), ctx(collected, "en-US"))
    assert 'class="bubble bot"' in html and "Grace" in html and "between 1 p.m. and 5 p.m." in html


def test_letter_frame(collected):
    html = cards.frame(variant(collected, "billing.disconnection-notice", "en-US", "letter"), ctx(collected, "en-US"))
    assert 'class="paper"' in html and "Kumo Energy, Inc." in html and "350 Cloud Way" in html
    assert "<h3 class=letter-subject>Disconnection notice: your payment is past due</h3>" in html
    assert "<li>Account number: 1002-3345</li>" in html


def test_web_frame(collected):
    html = cards.frame(variant(collected, "web.home-banner", "en-US", "web", "member-no-purchase"), ctx(collected, "en-US"))
    assert "Emi, have you seen our store?" in html and "<span class=web-cta>Visit the store →</span>" in html


def test_frames_escape_text(collected):
    v = variant(collected, "billing.payment-reminder", "en-US", "sms")
    original = v.fields["body"].text
    try:
        v.fields["body"].text = "<img src=x onerror=alert(1)> & more"
        html = cards.frame(v, ctx(collected, "en-US"))
    finally:
        v.fields["body"].text = original
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp; more" in html


def test_findings_list_html():
    from ccm_cli.findings import Finding, Severity

    finding = Finding("brand/banned-phrase", "brand", Severity.ERROR, "'cheap' is banned", "comms/x.yaml", 3, 9, "x", "en-US", "sms", fix="Say 'great value'")
    html = cards.findings_list([finding])
    assert 'class="finding error"' in html and "comms/x.yaml:3:9" in html and "Fix: Say &#x27;great value&#x27;" in html
    assert "No lint findings" in cards.findings_list([])


# ---------------------------------------------------------------- layout arithmetic
def test_lock_screen_truncates_like_a_phone():
    view = lock_screen("Meet Green 100", "Short body.")
    assert (view.title, view.body, view.note) == ("Meet Green 100", "Short body.", "fits the lock screen")
    long = lock_screen("A title that is far too long for one line of a lock screen", "word " * 60)
    assert long.title.endswith("…") and display_width(long.title) <= 38
    assert long.body.count("\n") == 3 and long.body.endswith("…")
    assert long.note == "title and body cut on the lock screen"
    ja = lock_screen("新プランのお知らせ", "風力と太陽光の電気を100%使うプランです。" * 6)
    assert all(display_width(line) <= 40 for line in ja.body.split("\n")) and ja.body_cut


def test_wrap_and_fit():
    assert wrap("hello world this is", 11) == ["hello world", "this is"]
    assert wrap("あいうえおかきくけこ", 10) == ["あいうえお", "かきくけこ"]
    assert fit("abcdef", 4) == "abc…" and fit("abc", 4) == "abc"


def test_sms_caption():
    assert sms_caption("Hello") == "1 part · GSM-7 · 5/160 chars"
    assert sms_caption("x" * 161) == "2 parts · GSM-7 · 161/306 chars"
    assert sms_caption("あ" * 71) == "2 parts · UCS-2 · 71/134 chars"


def test_letter_blocks():
    sender, recipient = letter_blocks({"legal_name": "Kumo Energy, Inc.", "postal_address": "1 Main St"}, {"customer": {"first_name": "Ana", "last_name": "Lee", "address": "2 Elm St\nSpringfield"}}, "en-US")
    assert sender == ["Kumo Energy, Inc.", "1 Main St"]
    assert recipient == ["Ana Lee", "2 Elm St", "Springfield"]
    _, recipient = letter_blocks({}, {"customer": {"last_name": "山田"}}, "ja-JP")
    assert recipient[0] == "山田様"


# ---------------------------------------------------------------- before / after
def test_word_diff():
    before, after = word_diff_html("Your bill is $30 a month.", "Your bill is $35 a month.")
    assert before == "Your bill is <del>$30</del> a month." and after == "Your bill is <ins>$35</ins> a month."
    before, after = word_diff_html("料金は3,300円です。", "料金は3,500円です。")
    assert "<del>" in before and "<ins>" in after and "料金は" in after
    assert word_diff_html("<b>", "<i>") == ("&lt;<del>b</del>&gt;", "&lt;<ins>i</ins>&gt;")  # escaped
