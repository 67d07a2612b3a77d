"""Issue 22: the contact policy reads what the customer reads (SPEC 2.6–2.8).

Every failure of the issue's "Why" list (but brand positioning, jargon and personalization by
data class, tested with their rules) is written into a copy of the example repository, in
English and in Japanese, and must be caught by a real `ccm lint --format json` run with a
finding at the offending words (rule, file, line and column). Each has a row that fixes it the
way a team would, which must lint without it."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field

import pytest

from conftest import copy_repo, run_ccm


# ---------------------------------------------------------------------------- helpers
def comm_yaml(comm_id: str, *, owner: str, category: str, tags: list[str], segment: str, exclude: tuple = (),
              consent: str = "none", start: str = "2026-01-01", end: str | None = None, per: str = "7d",
              variables: str = "", data: str = "{}", en: str = "", ja: str = "", extra: str = "") -> str:
    """A comm file as a team writes one; ``en``/``ja``: the content of that locale (YAML, indented 4)."""
    exclude_line = f"\n  exclude: [{', '.join(exclude)}]" if exclude else ""
    content = ""
    if en:
        content += "  en-US:\n" + textwrap.indent(textwrap.dedent(en).strip("\n"), "    ") + "\n"
    if ja:
        content += "  ja-JP:\n" + textwrap.indent(textwrap.dedent(ja).strip("\n"), "    ") + "\n"
    return (f"id: {comm_id}\nname: {comm_id}\nowner: {owner}\ncategory: {category}\nkind: batch\njourney: use\n"
            f"tags: [{', '.join(tags)}]\n"
            f"audience:\n  segment: {segment}{exclude_line}\n  consent: {consent}\n"
            f"schedule:\n  start: {start}\n  end: {end or 'null'}\n"
            f"  send_window: {{start: \"09:00\", end: \"20:00\", timezone: recipient}}\n"
            f"  max_per_customer: {{count: 1, per: {per}}}\n"
            f"{extra}"
            f"variables:\n{textwrap.indent(textwrap.dedent(variables).strip(), '  ') if variables.strip() else '  {}'}\n"
            f"samples:\n  - name: typical\n    data: {data}\n"
            f"content:\n{content}")


def lint(root) -> list[dict]:
    result = run_ccm("lint", "--format", "json", "--no-cache", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def position(root, rel: str, words: str) -> tuple[int, int]:
    """Line and column (1-based, in characters) of the first ``words`` in a file."""
    text = (root / rel).read_text("utf-8")
    index = text.find(words)
    assert index >= 0, f"{words!r} not in {rel}"
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@dataclass
class Case:
    name: str
    files: dict = field(default_factory=dict)   # path -> new text
    edits: list = field(default_factory=list)   # (path, old, new)
    expect: list = field(default_factory=list)  # (rule, path, words at the finding, words of the message)
    absent: list = field(default_factory=list)  # rules that must not report


def apply(root, case: Case) -> None:
    for rel, text in case.files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    for rel, old, new in case.edits:
        text = (root / rel).read_text("utf-8")
        assert old in text, f"{old!r} not in {rel}"
        (root / rel).write_text(text.replace(old, new, 1), "utf-8")


# ---------------------------------------------------------------------------- the failures
CUTOFF = "comms/operations/cutoff-sms.yaml"
CUTOFF_VARS = "cutoff.date: {type: string, format: date}"
CUTOFF_DATA = '{cutoff: {date: "2026-05-03"}}'
CUTOFF_EN = 'sms:\n  body: "{{ facts.brand }}: we will turn off your power on {{ cutoff.date | date }}. Pay at {{ facts.pay_url }}."'
CUTOFF_JA = 'sms:\n  body: "{{ facts.brand }}：{{ cutoff.date | date }}に電気を止めます。お支払いは{{ facts.pay_url }}"'


def cutoff_sms(exclude=(), **content) -> str:
    """The operations team's automated SMS: no disconnection-notice tag, sent to overdue customers."""
    return comm_yaml("operations.cutoff-sms", owner="operations", category="service", tags=["outage"],
                     segment="overdue_60d", exclude=exclude, variables=CUTOFF_VARS, data=CUTOFF_DATA, **content)


REFERRAL = "comms/store/recommend-us.yaml"
SUPPORT_SEGMENT = ("policies/audience.yaml", "  complained_30d:", "  contacted_support_30d: {description: \"Contacted support in the last 30 days\"}\n  complained_30d:")


def recommend_us(exclude=(), **content) -> str:
    """The store team's "recommend us to a friend" mail, tagged store, to recent support contacts."""
    return comm_yaml("store.recommend-us", owner="store", category="marketing", tags=["store"], consent="opt_in",
                     segment="contacted_support_30d", exclude=exclude, per="30d", start="2026-09-01",
                     variables="unsubscribe_url: {type: string, format: uri}",
                     data='{unsubscribe_url: "https://kumo.example/u"}', **content)


REFERRAL_EN = '''email:
  subject: "Thanks for choosing {{ facts.store_name }}"
  preheader: "Your order is on its way. Tell us how it went and share the love."
  body: |
    Love your new smart plug? Recommend us to a friend and you both get a gift card.

    {{ clause("us-can-spam-footer") }}'''
REFERRAL_JA = '''email:
  subject: "{{ facts.store_name }}をご利用いただきありがとうございます"
  preheader: "ご注文の商品を発送しました。ご友人へのご紹介もお待ちしています。"
  body: |
    スマートプラグはいかがですか。お友だちに{{ facts.brand }}をご紹介ください。

    {{ clause("jp-tokutei-denshi-mail") }}'''


def campaign(n: int, words_en: str = "", words_ja: str = "") -> str:
    """One of three teams' promotional campaigns, relabelled category: service."""
    en = f'sms:\n  body: "{{{{ facts.brand }}}}: {words_en}"' if words_en else ""
    ja = f'sms:\n  body: "{{{{ facts.brand }}}}：{words_ja}"' if words_ja else ""
    return comm_yaml(f"marketing.spring-{n}", owner="marketing", category="service", tags=["plan-launch"],
                     segment="residential_customers", start="2026-04-01", end="2026-04-30", en=en, ja=ja)


CAMPAIGNS_EN = ["Special offer: try Green 100 free for a month.", "Upgrade to Green 100 this spring.",
                "This spring, check out our new smart plugs."]
CAMPAIGNS_JA = ["春のキャンペーン実施中。詳しくはアプリで。", "今だけの特典をご用意しました。", "新プランが登場しました。ぜひご検討ください。"]
CAMPAIGN_WORDS_EN = ["Special offer", "Upgrade to", "check out our new"]
CAMPAIGN_WORDS_JA = ["キャンペーン", "特典", "新プラン"]

INVOICE = "comms/billing/invoice-ready.yaml"
INVOICE_JA = "comms/billing/invoice-ready.ja.md.j2"
BILL_LINE_EN = "        [View your bill]({{ facts.account_url }})\n"
BILL_LINE_JA = "[ご請求明細を見る]({{ facts.account_url }})\n"

HOLIDAY = "comms/billing/holiday-campaign.yaml"
LETTER = "comms/billing/disconnection-notice.yaml"


def holiday_campaign(**content) -> str:
    """A payment-holiday email sent 1–7 April to all residential customers."""
    return comm_yaml("billing.holiday-campaign", owner="billing", category="service", tags=["payment-holiday"],
                     segment="residential_customers", start="2026-04-01", end="2026-04-07", per="30d", **content)


HOLIDAY_EN = '''email:
  subject: "Need a break from your bills?"
  preheader: "Ask us for a payment holiday."
  body: |
    Times are hard for many of us. You can ask for a payment holiday and pause your payments for up to 3 months.

    Your power stays on the whole time.'''
HOLIDAY_JA = '''email:
  subject: "お支払い猶予のご案内"
  preheader: "お支払いの猶予をお申し込みいただけます。"
  body: |
    お支払い猶予をお申し込みいただけます。ご利用料金のお支払いを最長3か月お待ちします。

    猶予期間中も電気は止まりません。'''
LETTERS_FROM_10_APRIL = (LETTER, "  start: 2026-01-01\n", "  start: 2026-04-10\n")

CASES = [
    # -- an automated SMS "we will turn off your power" with no disconnection-notice tag, to overdue customers
    Case("untagged disconnection SMS, en", files={CUTOFF: cutoff_sms(en=CUTOFF_EN)},
         expect=[("contact/suppression-missing", CUTOFF, "turn off your power", "must exclude segment 'payment_holiday'"),
                 ("contact/undeclared-intent", CUTOFF, "turn off your power", "not tagged 'disconnection-notice'")]),
    Case("untagged disconnection SMS, ja", files={CUTOFF: cutoff_sms(ja=CUTOFF_JA)},
         expect=[("contact/suppression-missing", CUTOFF, "電気を止め", "must exclude segment 'payment_holiday'"),
                 ("contact/undeclared-intent", CUTOFF, "電気を止め", "not tagged 'disconnection-notice'")]),
    # -- a store team's "recommend us to a friend", tagged store, to recent support contacts
    Case("referral ask tagged store, en", files={REFERRAL: recommend_us(en=REFERRAL_EN)}, edits=[SUPPORT_SEGMENT],
         expect=[("contact/suppression-missing", REFERRAL, "Recommend us", "must exclude segment 'complained_30d'")]),
    Case("referral ask tagged store, ja", files={REFERRAL: recommend_us(ja=REFERRAL_JA)}, edits=[SUPPORT_SEGMENT],
         expect=[("contact/suppression-missing", REFERRAL, "紹介ください", "must exclude segment 'complained_30d'")]),
    # -- three teams' promotional campaigns relabelled category: service
    Case("promotions relabelled service, en",
         files={f"comms/marketing/spring-{n}.yaml": campaign(n, words_en=w) for n, w in enumerate(CAMPAIGNS_EN, 1)},
         expect=[("contact/frequency-cap", f"comms/marketing/spring-{n}.yaml", w, "counts as marketing")
                 for n, w in enumerate(CAMPAIGN_WORDS_EN, 1)]
         + [("contact/category-content", f"comms/marketing/spring-{n}.yaml", w, "service comms may not carry promotion")
            for n, w in enumerate(CAMPAIGN_WORDS_EN, 1)]),
    Case("promotions relabelled service, ja",
         files={f"comms/marketing/spring-{n}.yaml": campaign(n, words_ja=w) for n, w in enumerate(CAMPAIGNS_JA, 1)},
         expect=[("contact/frequency-cap", f"comms/marketing/spring-{n}.yaml", w, "counts as marketing")
                 for n, w in enumerate(CAMPAIGN_WORDS_JA, 1)]
         + [("contact/category-content", f"comms/marketing/spring-{n}.yaml", w, "service comms may not carry promotion")
            for n, w in enumerate(CAMPAIGN_WORDS_JA, 1)]),
    # -- a promotional paragraph inside a transactional bill
    Case("promotion inside a bill, en",
         edits=[(INVOICE, BILL_LINE_EN, BILL_LINE_EN + "\n        Switch to Green today and get $20 off your next bill.\n")],
         expect=[("contact/category-content", INVOICE, "Switch to Green", "transactional comms may not carry promotion"),
                 ("contact/category-content", INVOICE, "$20 off", "transactional comms may not carry discount")],
         absent=["contact/consent"]),
    Case("promotion hidden in the bill's HTML and an image's alt text, en",
         edits=[(INVOICE, BILL_LINE_EN, BILL_LINE_EN + '\n        <div class="promo">Switch to <b>Green</b> today &amp; save.</div>\n\n'
                 '        ![Get $20 off your next bill](https://kumo.example/banner.png)\n')],
         expect=[("contact/category-content", INVOICE, "Switch to <b>Green", "transactional comms may not carry promotion"),
                 ("contact/category-content", INVOICE, "$20 off", "transactional comms may not carry discount")]),
    Case("promotion hidden in the bill's HTML, ja",
         edits=[(INVOICE_JA, BILL_LINE_JA, BILL_LINE_JA + "\n<p>今ならグリーン100に切り替えると2,000円割引になります。</p>\n")],
         expect=[("contact/category-content", INVOICE_JA, "今なら", "transactional comms may not carry promotion")]),
    Case("promotion inside a bill, ja",
         edits=[(INVOICE_JA, BILL_LINE_JA, BILL_LINE_JA + "\n今ならグリーン100に切り替えると2,000円割引になります。\n")],
         expect=[("contact/category-content", INVOICE_JA, "今なら", "transactional comms may not carry promotion"),
                 ("contact/category-content", INVOICE_JA, "2,000円割引", "transactional comms may not carry discount")],
         absent=["contact/consent"]),
    # -- a payment-holiday email 1–7 April to all residential customers, disconnection letters from 10 April
    Case("holiday promise outlives its schedule, en", files={HOLIDAY: holiday_campaign(en=HOLIDAY_EN)},
         edits=[LETTERS_FROM_10_APRIL],
         expect=[("contact/exclusive", HOLIDAY, "3 months", "billing.disconnection-notice"),
                 ("contact/exclusive", LETTER, "segment: overdue_60d", "promises payment-deferral for 3 months")]),
    Case("holiday promise outlives its schedule, ja", files={HOLIDAY: holiday_campaign(ja=HOLIDAY_JA)},
         edits=[LETTERS_FROM_10_APRIL],
         expect=[("contact/exclusive", HOLIDAY, "最長3か月", "billing.disconnection-notice"),
                 ("contact/exclusive", LETTER, "segment: overdue_60d", "promises payment-deferral for 3 months")]),
    # -- a segment typed residental_customers
    Case("misspelled segment", edits=[("comms/marketing/new-plan-launch.yaml", "segment: residential_customers",
                                       "segment: residental_customers")],
         expect=[("contact/unknown-segment", "comms/marketing/new-plan-launch.yaml", "residental_customers",
                  "unknown segment 'residental_customers' (did you mean 'residential_customers'?)")]),
    Case("misspelled excluded segment", edits=[("comms/billing/payment-reminder.yaml", "exclude: [payment_holiday]",
                                                "exclude: [payment_holliday]")],
         expect=[("contact/unknown-segment", "comms/billing/payment-reminder.yaml", "payment_holliday",
                  "did you mean 'payment_holiday'?"),
                 ("contact/suppression-missing", "comms/billing/payment-reminder.yaml", "[payment_holliday]",
                  "must exclude segment 'payment_holiday'")]),
    Case("misspelled tag", edits=[("comms/billing/payment-reminder.yaml", "tags: [collections]", "tags: [colections]")],
         expect=[("contact/unknown-tag", "comms/billing/payment-reminder.yaml", "colections",
                  "did you mean 'collections'?")]),
]

# The same failures fixed the way a team would: the rule stays quiet.
FIXED = [
    Case("disconnection SMS excludes the holiday, en", files={CUTOFF: cutoff_sms(exclude=("payment_holiday",), en=CUTOFF_EN)},
         absent=["contact/suppression-missing"]),
    Case("disconnection SMS excludes the holiday, ja", files={CUTOFF: cutoff_sms(exclude=("payment_holiday",), ja=CUTOFF_JA)},
         absent=["contact/suppression-missing"]),
    Case("disconnection SMS, tagged", files={CUTOFF: cutoff_sms(exclude=("payment_holiday",), en=CUTOFF_EN).replace(
        "tags: [outage]", "tags: [outage, disconnection-notice]")}, absent=["contact/suppression-missing", "contact/undeclared-intent"]),
    Case("referral ask excludes complaints", files={REFERRAL: recommend_us(exclude=("complained_30d",), en=REFERRAL_EN, ja=REFERRAL_JA)},
         edits=[SUPPORT_SEGMENT], absent=["contact/suppression-missing"]),
    Case("referral ask to a segment disjoint with complainers",
         files={REFERRAL: recommend_us(en=REFERRAL_EN).replace("segment: contacted_support_30d", "segment: promoters")},
         edits=[("policies/audience.yaml", "  - [residential_customers, business_customers]",
                 "  - [residential_customers, business_customers]\n  - [promoters, complained_30d]")],
         absent=["contact/suppression-missing"]),
    Case("campaigns labelled marketing, with consent, staggered",
         files={f"comms/marketing/spring-{n}.yaml": campaign(n, words_en=w).replace("category: service", "category: marketing")
                .replace("consent: none", "consent: opt_in\n  exclude: [inactive_90d]")  # not on top of win-back
                .replace("start: 2026-04-01", f"start: 2026-0{6 + n}-01")
                .replace("end: 2026-04-30", f"end: 2026-0{6 + n}-02") for n, w in enumerate(CAMPAIGNS_EN, 1)},
         absent=["contact/frequency-cap", "contact/category-content", "contact/consent"]),
    Case("a bill that only states a discount applied is not promotion",
         edits=[(INVOICE, BILL_LINE_EN, BILL_LINE_EN + "\n        Thanks for paying on time.\n")],
         absent=["contact/category-content", "contact/consent"]),
    Case("holiday campaign ends 3 months before the letters",
         files={HOLIDAY: holiday_campaign(en=HOLIDAY_EN)},
         edits=[(LETTER, "  start: 2026-01-01\n", "  start: 2026-07-10\n")],
         absent=["contact/exclusive"]),
    Case("letters exclude the campaign's whole audience", files={HOLIDAY: holiday_campaign(ja=HOLIDAY_JA)},
         edits=[LETTERS_FROM_10_APRIL, (LETTER, "exclude: [payment_holiday]", "exclude: [payment_holiday, residential_customers]")],
         absent=["contact/exclusive"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_failure_of_the_issue_is_caught_at_the_words(tmp_path, case):
    root = copy_repo("example", tmp_path)
    apply(root, case)
    findings = lint(root)
    for rule, rel, words, message in case.expect:
        line, column = position(root, rel, words)
        hits = [f for f in findings if f["rule"] == rule and f["file"] == rel]
        assert hits, f"{rule} not reported in {rel}; got {[(f['rule'], f['file'], f['message']) for f in findings]}"
        at = [f for f in hits if (f["line"], f["column"]) == (line, column)]
        assert at, f"{rule}: expected {rel}:{line}:{column} ({words!r}); got {[(f['line'], f['column'], f['message']) for f in hits]}"
        assert any(message in f["message"] for f in at), [f["message"] for f in at]
    for rule in case.absent:
        assert [f for f in findings if f["rule"] == rule] == [], rule


@pytest.mark.parametrize("case", FIXED, ids=[c.name for c in FIXED])
def test_the_fix_a_team_would_make_is_accepted(tmp_path, case):
    root = copy_repo("example", tmp_path)
    apply(root, case)
    findings = lint(root)
    for rule in case.absent:
        assert [(f["file"], f["line"], f["message"]) for f in findings if f["rule"] == rule] == [], rule


# ---------------------------------------------------------------------------- --changed-only
@pytest.mark.parametrize("cache", ["--no-cache", None], ids=["cold", "warm cache"])
def test_changed_only_finds_the_comm_a_new_promise_now_collides_with(tmp_path, cache):
    """Only the campaign's words change ("for up to 3 months" added): its promise now outlives
    its schedule and reaches the disconnection letters. A --changed-only run must report the
    letter's finding too (the letter file did not change), as a full run does."""
    import subprocess

    root = copy_repo("example", tmp_path)
    without_promise = HOLIDAY_EN.replace(" and pause your payments for up to 3 months", "")
    apply(root, Case("base", files={HOLIDAY: holiday_campaign(en=without_promise)}, edits=[LETTERS_FROM_10_APRIL]))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    assert [f for f in lint(root) if f["rule"] == "contact/exclusive"] == []
    if cache is None:
        assert run_ccm("lint", "--format", "json", cwd=root).returncode in (0, 1)  # the store now holds every comm's digests
    (root / HOLIDAY).write_text(holiday_campaign(en=HOLIDAY_EN), "utf-8")
    args = ["lint", "--format", "json", "--base", "HEAD", "--changed-only"] + ([cache] if cache else [])
    changed = run_ccm(*args, cwd=root)
    assert changed.returncode in (0, 1), changed.stderr
    found = sorted((f["comm"], f["file"], f["line"]) for f in json.loads(changed.stdout)["findings"] if f["rule"] == "contact/exclusive")
    full = sorted((f["comm"], f["file"], f["line"]) for f in lint(root) if f["rule"] == "contact/exclusive")
    assert {comm for comm, _, _ in full} == {"billing.holiday-campaign", "billing.disconnection-notice"}
    assert found == full


# ---------------------------------------------------------------------------- clauses
def test_a_clause_required_for_a_tag_is_required_where_the_words_show_it(tmp_path):
    """us-late-payment-disclosure is required_for tags [collections, disconnection-notice]: an
    untagged email that says "we will turn off your power" needs it as a tagged one does."""
    root = copy_repo("example", tmp_path)
    email = ('email:\n  subject: "About your account"\n  body: |\n    {{ facts.brand }}: we will turn off your power on '
             '{{ cutoff.date | date }}. Pay at {{ facts.pay_url }}.')
    (root / CUTOFF).write_text(cutoff_sms(exclude=("payment_holiday",), en=email), "utf-8")
    missing = [f for f in lint(root) if f["rule"] == "clause/required-missing" and f["comm"] == "operations.cutoff-sms"]
    assert [f["excerpt"] for f in missing] == ["us-late-payment-disclosure"], missing
    calm = email.replace("we will turn off your power on", "your meter will be read on")
    (root / CUTOFF).write_text(cutoff_sms(exclude=("payment_holiday",), en=calm), "utf-8")
    assert [f for f in lint(root) if f["rule"] == "clause/required-missing" and f["comm"] == "operations.cutoff-sms"] == []


def test_a_declared_promise_cannot_shorten_what_the_words_promise(tmp_path):
    """`lasts: 2 days` under "for up to 3 months": the customer holds the comm to three months,
    and so does exclusivity (a declaration may lengthen a promise, never shorten it)."""
    root = copy_repo("example", tmp_path)
    shorter = holiday_campaign(en=HOLIDAY_EN).replace("variables:", "promises:\n  - {intent: payment-deferral, lasts: 2 days}\nvariables:", 1)
    apply(root, Case("declared shorter", files={HOLIDAY: shorter}, edits=[LETTERS_FROM_10_APRIL]))
    found = [f for f in lint(root) if f["rule"] == "contact/exclusive" and f["comm"] == "billing.holiday-campaign"]
    assert found and any("3 months" in f["message"] for f in found), found


def test_the_fix_never_empties_an_audience(tmp_path):
    """The hardship SMS goes to overdue_7d; the disconnection letters to overdue_60d, within it.
    Excluding overdue_7d from the letters would leave them nobody: their fix asks the SMS to
    exclude overdue_60d instead."""
    root = copy_repo("example", tmp_path)
    sms = comm_yaml("billing.hardship-offer", owner="billing", category="service", tags=[], segment="overdue_7d",
                    start="2026-04-01", end="2026-04-07",
                    en='sms:\n  body: "{{ facts.brand }}: finding it hard to pay? You can take a payment holiday. Call {{ facts.support_phone }}."')
    (root / "comms/billing/hardship-offer.yaml").write_text(sms, "utf-8")
    found = {f["comm"]: f["fix"] for f in lint(root) if f["rule"] == "contact/exclusive"}
    assert found["billing.disconnection-notice"].startswith("Add 'overdue_60d' to audience.exclude of 'billing.hardship-offer'"), found
    assert found["billing.hardship-offer"].startswith("Add 'overdue_60d' to audience.exclude,"), found
