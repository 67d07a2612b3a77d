"""`ccm report reuse` on a repository built here, whose numbers are known by construction; its
formats (text, json, the preview site's reuse.html) and its bad input, as real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_repo, edit, run_ccm

# The shared passages: the two billing comms hold them word for word, and would share a snippet.
P_EN = ("Your monthly statement is now available in your account. Please review the charges and pay the balance "
        "before the due date so that your service continues without any interruption at all. You can pay by card, "
        "by bank transfer or with the app, and every payment method is free of charge. If something on the statement "
        "looks wrong to you, reply to this message and our billing team will look into it within two working days.")
P_JA = ("今月のご利用明細をマイページに掲載しました。ご請求内容をご確認のうえ、お支払い期限までにお支払いください。"
        "期限を過ぎますと、サービスのご利用を一時停止させていただく場合がございます。あらかじめご了承ください。"
        "お支払いはクレジットカード、銀行振込、アプリからお選びいただけます。いずれも手数料はかかりません。"
        "ご請求内容に誤りがあると思われる場合は、このメールにご返信ください。担当者が二営業日以内に確認いたします。")
HELP = "Questions? Call {{ facts.support_phone }}.\n"
ORPHAN_SNIPPET = "Old footer text nobody includes.\n"
FOOTER = {"en-US": "{{ facts.brand }}, {{ facts.postal_address }}", "ja-JP": "{{ facts.brand }} {{ facts.postal_address }}"}
ORPHAN_CLAUSE = {"en-US": "Old terms of {{ facts.legal_name }} apply."}


def _comm(comm_id: str, owner: str, only: str, only_ja: str, subject: str, audience: dict) -> tuple[dict, list[str]]:
    fields = {
        "en-US": {"email": {"subject": subject + " from {{ facts.brand }}",
                            "body": P_EN + "\n\n" + only + "\n\n{% include \"_snippets/help.en.j2\" %}\n{{ clause(\"footer\") }}"}},
        "ja-JP": {"email": {"subject": "{{ facts.brand }}からのお知らせ：" + subject,
                            "body": P_JA + "\n\n" + only_ja}},
    }
    comm = {"id": comm_id, "name": comm_id, "owner": owner, "category": "transactional", "kind": "batch",
            "audience": audience, "content": fields}
    return comm, [text for channels in fields.values() for f in channels.values() for text in f.values()]


def build(root: Path) -> dict:
    """Write the repository; return what the report must say of it, computed from what was written."""
    files = {
        "ccm.yaml": "name: reuse-shop\nlocales: [en-US, ja-JP]\ndefault_locale: en-US\nchannels: [email, sms]\n",
        "brand/facts.yaml": json.dumps({
            "brand": {"en-US": "Acme Power", "ja-JP": "アクメ電力"},
            "support_phone": "0120-000-111",
            "postal_address": {"en-US": "1 Main St, Springfield", "ja-JP": "東京都千代田区1-1"},
            "legal_name": {"en-US": "Acme Power, Inc.", "ja-JP": "アクメ電力株式会社"},
            "fax_number": "03-0000-0000",
            "plans": {"basic": {"name": {"en-US": "Basic", "ja-JP": "ベーシック"}, "price": {"en-US": "$30/month", "ja-JP": "月額3,300円"}}},
        }, ensure_ascii=False, indent=1),
        "policies/audience.yaml": ("segments:\n  customers: {description: Everyone with an account}\n"
                                   "  overdue: {description: A bill past due, within: customers}\n"
                                   "  promo_2024: {description: Old promotion}\n"),
        "policies/clauses/footer.yaml": json.dumps({"id": "footer", "version": 1, "owner": "legal", "text": FOOTER}, ensure_ascii=False),
        "policies/clauses/orphan.yaml": json.dumps({"id": "orphan", "version": 1, "owner": "legal", "text": ORPHAN_CLAUSE}),
        "comms/_snippets/help.en.j2": HELP,
        "comms/_snippets/orphan.en.j2": ORPHAN_SNIPPET,
    }
    one, one_texts = _comm("shop.one", "billing", "This is the first notice.", "一通目のお知らせです。", "Your bill", {"segment": "overdue"})
    two, two_texts = _comm("shop.two", "billing", "This is the second notice.", "二通目のお知らせです。", "Reminder", {})
    three_body = "{{ facts.brand }} Basic is {{ facts.plans.basic.price }}."
    three = {"id": "shop.three", "name": "Plan", "owner": "marketing", "category": "service", "kind": "batch",
             "content": {"en-US": {"sms": {"body": three_body}}}}
    for comm in (one, two, three):
        files[f"comms/shop/{comm['id'].split('.')[1]}.yaml"] = json.dumps(comm, ensure_ascii=False, indent=1)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    tag_en = '{% include "_snippets/monthly-statement-now-available.en.j2" %}'
    tag_ja = '{% include "_snippets/shop-shared.ja.j2" %}'
    saved_en, saved_ja = len(P_EN) - 2 * len(tag_en), len(P_JA) - 2 * len(tag_ja)
    billing = sum(map(len, one_texts)) + sum(map(len, two_texts))
    stored = billing + len(three_body) + len(HELP) + len(ORPHAN_SNIPPET) + sum(map(len, FOOTER.values())) + sum(map(len, ORPHAN_CLAUSE.values()))
    return {"saved_en": saved_en, "saved_ja": saved_ja, "stored": stored, "billing": billing, "three": len(three_body)}


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, dict]:
    root = tmp_path / "shop"
    return root, build(root)


def report(root: Path) -> dict:
    done = run_ccm("report", "reuse", "--format", "json", cwd=root)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_numbers_known_by_construction(shop):
    root, expected = shop
    doc = report(root)
    saved = expected["saved_en"] + expected["saved_ja"]
    assert doc["summary"] == {
        "comms": 3, "variants": 5, "snippets": 2, "facts": 7, "clauses": 2, "segments": 3,
        "unused": {"snippets": 1, "facts": 2, "clauses": 1, "segments": 1},
        "families": 1, "near_duplicate_comms": 2,
        "stored_chars": expected["stored"], "chars_after": expected["stored"] - saved, "saved_chars": saved,
        "cut_percent": round(100 * saved / expected["stored"], 1),
    }
    assert doc["report"] == "reuse" and doc["version"] == 1 and doc["project"] == "reuse-shop" and doc["not_judged"] == []
    # by use: most used first, with the comms and variants that render each
    assert [(s["name"], s["comms"], s["variants"], s["used_by"]) for s in doc["snippets"]] == [
        ("_snippets/help.en.j2", 2, 2, ["shop.one", "shop.two"]), ("_snippets/orphan.en.j2", 0, 0, [])]
    facts = {f["name"]: (f["comms"], f["variants"], f["also_used_by"]) for f in doc["facts"]}
    assert facts == {
        "brand": (3, 5, ["clause footer"]),
        "support_phone": (2, 2, []),           # through the snippet
        "postal_address": (2, 2, ["clause footer"]),  # through the clause the comms insert
        "legal_name": (0, 0, ["clause orphan"]),  # only a clause reads it: used
        "fax_number": (0, 0, []),
        "plans.basic.name": (0, 0, []),
        "plans.basic.price": (1, 1, []),
    }
    assert [f["name"] for f in doc["facts"]][:2] == ["brand", "postal_address"]
    assert {c["name"]: (c["comms"], c["variants"]) for c in doc["clauses"]} == {"footer": (2, 2), "orphan": (0, 0)}
    assert {s["name"]: (s["comms"], s["also_used_by"]) for s in doc["segments"]} == {
        "customers": (1, []), "overdue": (1, []), "promo_2024": (0, [])}  # customers: overdue is within it
    unused = {kind: [(u["name"], u["file"], u["line"]) for u in items] for kind, items in doc["unused"].items()}
    assert unused["snippets"] == [("_snippets/orphan.en.j2", "comms/_snippets/orphan.en.j2", 1)]
    assert [name for name, _, _ in unused["facts"]] == ["fax_number", "plans.basic.name"]
    assert all(file == "brand/facts.yaml" and line > 1 for _, file, line in unused["facts"])
    assert unused["clauses"] == [("orphan", "policies/clauses/orphan.yaml", 1)]
    assert unused["segments"] == [("promo_2024", "policies/audience.yaml", 4)]
    # the family and the snippets that would merge it, English and Japanese
    (family,) = doc["families"]
    assert family["comms"] == ["shop.one", "shop.two"] and family["owners"] == ["billing"]
    assert [(p["locale"], p["field"], p["text"], p["count"], p["comms"], p["snippet"], p["saved_chars"]) for p in family["passages"]] == [
        ("en-US", "body", P_EN, 2, ["shop.one", "shop.two"], "_snippets/monthly-statement-now-available.en.j2", expected["saved_en"]),
        ("ja-JP", "body", P_JA, 2, ["shop.one", "shop.two"], "_snippets/shop-shared.ja.j2", expected["saved_ja"]),
    ]
    assert family["passages"][0]["include"] == '{% include "_snippets/monthly-statement-now-available.en.j2" %}'
    assert doc["owners"] == [
        {"owner": "billing", "comms": 2, "variants": 4, "stored_chars": expected["billing"], "near_duplicate_comms": 2},
        {"owner": "marketing", "comms": 1, "variants": 1, "stored_chars": expected["three"], "near_duplicate_comms": 0},
    ]


def test_no_family_without_near_duplicates(shop):
    root, _ = shop
    edit(root / "comms/shop/two.yaml", "Your monthly statement is now available", "Welcome aboard: here is how to start using our service today")
    edit(root / "comms/shop/two.yaml", "今月のご利用明細をマイページに掲載しました。", "ご入会ありがとうございます。")
    doc = report(root)
    assert doc["summary"]["families"] == 0 and doc["families"] == [] and doc["summary"]["saved_chars"] == 0


def test_text_format(shop):
    root, expected = shop
    done = run_ccm("report", "reuse", cwd=root)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    saved = expected["saved_en"] + expected["saved_ja"]
    assert f"Reuse would cut stored copy by {round(100 * saved / expected['stored'], 1)}%" in out
    for words in ("Snippets by use", "_snippets/orphan.en.j2", "fax_number", "promo_2024", "orphan",
                  "_snippets/monthly-statement-now-available.en.j2", "_snippets/shop-shared.ja.j2", "Content per owner", "marketing"):
        assert words in out, words


def test_text_format_escapes_content(shop):
    root, _ = shop
    edit(root / "comms/shop/three.yaml", '"owner": "marketing"', '"owner": "mark\\u001b[31meting"')
    done = run_ccm("report", "reuse", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "\x1b[31m" not in done.stdout and "mark\\x1b[31meting" in done.stdout


@pytest.mark.parametrize("breakage, words", [
    ("no-config", "no ccm.yaml found"),
    ("malformed-comm", "comms/shop/two.yaml:"),
    ("malformed-config", "ccm.yaml:"),
    ("bad-format", "unknown format 'xml'"),
])
def test_bad_input_is_one_line_and_exit_2(shop, breakage, words):
    root, _ = shop
    args = ["report", "reuse"]
    if breakage == "no-config":
        (root / "ccm.yaml").unlink()
    elif breakage == "malformed-comm":
        (root / "comms/shop/two.yaml").write_text("id: shop.two\ncontent: [unclosed\n", "utf-8")
    elif breakage == "malformed-config":
        (root / "ccm.yaml").write_text("name: [oops\n", "utf-8")
    else:
        args += ["--format", "xml"]
    done = run_ccm(*args, cwd=root)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and words in done.stderr and "Traceback" not in done.stderr


def test_preview_site_reuse_page_is_escaped_and_linked(shop, tmp_path):
    root, _ = shop
    hostile = "<script>alert(1)</script>"
    for name in ("one", "two"):  # in the shared passage, the owner and the comm's name
        edit(root / f"comms/shop/{name}.yaml", "Your monthly statement", f"Your {hostile} monthly statement")
        edit(root / f"comms/shop/{name}.yaml", '"owner": "billing"', f'"owner": "{hostile}"')
        edit(root / f"comms/shop/{name}.yaml", f'"name": "shop.{name}"', f'"name": "{hostile}"')
    site = tmp_path / "site"
    done = run_ccm("preview", "--html", str(site), cwd=root)
    assert done.returncode == 0, done.stderr
    page = (site / "reuse.html").read_text("utf-8")
    assert 'href="reuse.html"' in (site / "index.html").read_text("utf-8")
    assert "alert(1)" in page and "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http://" not in page and "https://" not in page and "//" not in page.replace("<!DOCTYPE", "")
    assert "Reuse would cut stored copy by" in page and "_snippets/orphan.en.j2" in page and "promo_2024" in page


def test_example_repository_and_init_regions_have_nothing_unused(tmp_path):
    example = copy_repo("example", tmp_path)
    doc = report(example)
    assert doc["summary"]["unused"] == {"snippets": 0, "facts": 0, "clauses": 0, "segments": 0}
    assert doc["summary"]["comms"] == 13 and doc["snippets"][0]["comms"] >= 2
    for region in ("us", "jp", "eu", "ca"):
        target = tmp_path / f"init-{region}"
        assert run_ccm("init", "--region", region, str(target), cwd=tmp_path).returncode == 0
        doc = report(target)
        assert doc["summary"]["unused"] == {"snippets": 0, "facts": 0, "clauses": 0, "segments": 0}, region
        assert doc["summary"]["comms"] >= 1


def test_hostile_content_is_reported_not_followed(shop):
    """A snippet symlinked out of the repository is listed (unused) but never read; a template
    with a syntax error counts as using nothing (template/syntax-error reports it); the report
    still runs."""
    root, expected = shop
    (root / "comms/_snippets/evil.en.j2").symlink_to("/etc/passwd")
    edit(root / "comms/shop/three.yaml", "Basic is {{ facts.plans.basic.price }}.", "Basic is {% if %}broken")
    doc = report(root)
    assert "root:" not in json.dumps(doc)
    assert [u["name"] for u in doc["unused"]["snippets"]] == ["_snippets/evil.en.j2", "_snippets/orphan.en.j2"]
    assert "plans.basic.price" in [u["name"] for u in doc["unused"]["facts"]]  # the broken template reads nothing
    assert doc["summary"]["stored_chars"] == expected["stored"] - expected["three"] + len("{{ facts.brand }} Basic is {% if %}broken")
