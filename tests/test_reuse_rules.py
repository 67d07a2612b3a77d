"""consistency/unused-* and the near-duplicate fix, as edits to a copy of the example repository:
each row an edit and the finding it must produce (or must not), in English and Japanese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_repo, edit, lint_dir, run_ccm

UNUSED = ("consistency/unused-snippet", "consistency/unused-fact", "consistency/unused-clause", "consistency/unused-segment")


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, "utf-8")


def append(root: Path, rel: str, text: str) -> None:
    with open(root / rel, "a", encoding="utf-8") as handle:
        handle.write(text)


def last_line(root: Path, rel: str) -> int:
    return len((root / rel).read_text("utf-8").splitlines())


# (name, edit(root), rule, file, line (None: any; a callable: of root), words of the message)
FOUND = [
    ("orphan snippet", lambda r: write(r, "comms/_snippets/old-footer.en.j2", "Call us on our old number.\n"),
     "consistency/unused-snippet", "comms/_snippets/old-footer.en.j2", 1, "'_snippets/old-footer.en.j2' is included by no comm"),
    ("orphan Japanese snippet", lambda r: write(r, "comms/_snippets/old-footer.ja.j2", "旧窓口の電話番号はこちらです。\n"),
     "consistency/unused-snippet", "comms/_snippets/old-footer.ja.j2", 1, "'_snippets/old-footer.ja.j2' is included by no comm"),
    ("snippet only an orphan snippet includes", lambda r: (write(r, "comms/_snippets/a.en.j2", '{% include "_snippets/b.en.j2" %}\n'),
                                                          write(r, "comms/_snippets/b.en.j2", "Inner text.\n")),
     "consistency/unused-snippet", "comms/_snippets/b.en.j2", 1, "'_snippets/b.en.j2'"),
    ("fact nothing reads", lambda r: append(r, "brand/facts.yaml", 'fax_number: {en-US: "1-800-555-0100", ja-JP: "03-1234-5678"}\n'),
     "consistency/unused-fact", "brand/facts.yaml", lambda r: last_line(r, "brand/facts.yaml"), "fact 'fax_number' is read by no comm and no clause"),
    ("nested fact nothing reads", lambda r: edit(r / "brand/facts.yaml", "plans:\n", "plans:\n  premium:\n    name: {en-US: Premium, ja-JP: プレミアム}\n"),
     "consistency/unused-fact", "brand/facts.yaml", None, "fact 'plans.premium.name'"),
    ("segment nothing names", lambda r: edit(r / "policies/audience.yaml", "  site_visitors:", '  spring_promo_2024: {description: "春のキャンペーン 2024"}\n  site_visitors:'),
     "consistency/unused-segment", "policies/audience.yaml", None, "segment 'spring_promo_2024' is named by no comm audience and no policy"),
    ("clause nothing inserts or requires", lambda r: write(r, "policies/clauses/old-terms.yaml",
                                                          'id: old-terms\nversion: 1\nowner: legal\ntext:\n  en-US: "Old terms apply."\n  ja-JP: "旧約款が適用されます。"\n'),
     "consistency/unused-clause", "policies/clauses/old-terms.yaml", 1, "clause 'old-terms' is inserted by no comm, and its required_for selects none"),
    ("clause required for a locale no comm has", lambda r: write(r, "policies/clauses/fr-terms.yaml",
                                                                 'id: fr-terms\nversion: 1\nowner: legal\nrequired_for: {locale: [fr-FR]}\ntext:\n  fr-FR: "Conditions."\n'),
     "consistency/unused-clause", "policies/clauses/fr-terms.yaml", 1, "clause 'fr-terms'"),
]

CLEAN = [
    ("snippet included through another snippet", lambda r: (write(r, "comms/_snippets/extra.en.j2", "Extra help.\n"),
                                                           append(r, "comms/_snippets/help-footer.en.j2", '{% include "_snippets/extra.en.j2" %}\n')),
     "consistency/unused-snippet"),
    ("computed include: any snippet may be used", lambda r: (write(r, "comms/_snippets/maybe.en.j2", "Maybe.\n"),
                                                             append(r, "comms/_snippets/help-footer.en.j2", '{% include ("_snippets/" ~ "maybe.en.j2") %}\n')),
     "consistency/unused-snippet"),
    ("fact only a clause reads", lambda r: (append(r, "brand/facts.yaml", 'company_number: "12345678"\n'),
                                            edit(r / "policies/clauses/us-can-spam-footer.yaml", "{{ facts.postal_address }}",
                                                 "{{ facts.postal_address }} ({{ facts.company_number }})")),
     "consistency/unused-fact"),
    ("fact read through its branch", lambda r: edit(r / "comms/web/home-banner.yaml", "{{ facts.plans.basic.price }}.",
                                                    "{{ facts.plans.basic.price }}{% for key in facts.appointment_windows %}{% endfor %}."),
     "consistency/unused-fact"),
    ("segment only policies/contact.yaml names", lambda r: (edit(r / "policies/audience.yaml", "  site_visitors:", '  bereaved: {description: "家族を亡くされた方"}\n  site_visitors:'),
                                                           edit(r / "policies/contact.yaml", "suppressions:                       # a comm",
                                                                "suppressions:\n  - {tag: win-back, exclude: bereaved, reason: \"Never chase the bereaved\"}  # a comm")),
     "consistency/unused-segment"),
    ("segment a used segment is within", lambda r: edit(r / "policies/audience.yaml", '  overdue_7d: {description: "A bill 7 or more days past its due date"}',
                                                        '  in_arrears: {description: "Owes money"}\n  overdue_7d: {description: "A bill 7 or more days past its due date", within: in_arrears}'),
     "consistency/unused-segment"),
    ("clause required of comms that lack it", lambda r: write(r, "policies/clauses/marketing-notice.yaml",
                                                              'id: marketing-notice\nversion: 1\nowner: legal\nrequired_for: {category: [marketing], channel: [email]}\n'
                                                              'text:\n  en-US: "Marketing notice."\n  ja-JP: "広告のお知らせ"\n'),
     "consistency/unused-clause"),
]


@pytest.mark.parametrize("name, change, rule, file, line, words", FOUND, ids=[row[0] for row in FOUND])
def test_unused_content_is_reported(tmp_path, name, change, rule, file, line, words):
    root = copy_repo("example", tmp_path)
    change(root)
    found = [f for f in lint_dir(root).findings if f.rule in UNUSED]
    assert len(found) == (2 if name == "snippet only an orphan snippet includes" else 1), [(f.rule, f.message) for f in found]
    (finding,) = [f for f in found if f.file == file]
    assert (finding.rule, finding.file, finding.severity.label) == (rule, file, "warning")
    assert words in finding.message and finding.fix and finding.comm is None
    if line is not None:
        assert finding.line == (line(root) if callable(line) else line)


@pytest.mark.parametrize("name, change, rule", CLEAN, ids=[row[0] for row in CLEAN])
def test_used_content_is_not_reported(tmp_path, name, change, rule):
    root = copy_repo("example", tmp_path)
    change(root)
    assert [f.message for f in lint_dir(root).findings if f.rule == rule] == []


def test_example_repository_is_clean_of_unused_content(tmp_path):
    assert [f.message for f in lint_dir(copy_repo("example", tmp_path)).findings if f.rule in UNUSED] == []


def test_warm_run_sees_a_new_orphan_snippet_and_changed_only_stays_quiet(tmp_path):
    root = copy_repo("example", tmp_path)
    assert run_ccm("lint", cwd=root).returncode == 0  # fills the result store
    write(root, "comms/_snippets/old-footer.en.j2", "Old.\n")
    warm = run_ccm("lint", "--format", "json", cwd=root)
    assert "consistency/unused-snippet" in warm.stdout
    (root / "comms/_snippets/old-footer.en.j2").unlink()
    again = run_ccm("lint", "--format", "json", cwd=root)
    assert again.returncode == 0 and "consistency/unused-snippet" not in again.stdout


def _near_duplicate_fixes(root: Path) -> dict[tuple[str, str], str]:
    return {(f.comm, f.locale): f.fix for f in lint_dir(root).findings if f.rule == "consistency/near-duplicate"}


def test_near_duplicate_fix_names_the_shared_passage_and_snippet_english(tmp_path):
    root = copy_repo("example", tmp_path)
    text = (root / "comms/billing/payment-reminder.yaml").read_text("utf-8").replace("id: billing.payment-reminder", "id: billing.payment-reminder-2")
    text = text[: text.index("  ja-JP:\n")]  # English only
    text = text.replace("You can ignore this email.", "You can ignore this message.")
    text = text.replace("Please pay in the {{ facts.app_name }} or call {{ facts.support_phone }} if you need help.", "Reply HELP for options.")
    write(root, "comms/billing/payment-reminder-2.yaml", text)
    fixes = _near_duplicate_fixes(root)
    fix = fixes[("billing.payment-reminder", "en-US")]
    assert fix.startswith("Move the text they share in body (")
    assert "We haven't received your payment" in fix or "[Pay your bill]({{ facts.pay_url }}) You can also pay" in fix
    snippet = re.search(r"into comms/(_snippets/[a-z0-9-]+\.en\.j2)", fix).group(1)
    assert f'{{% include "{snippet}" %}} in both' in fix and "merge" in fix
    assert fixes[("billing.payment-reminder-2", "en-US")] == fix  # one name for the pair


def test_near_duplicate_fix_names_the_shared_passage_and_snippet_japanese(tmp_path):
    root = copy_repo("example", tmp_path)
    text = (root / "comms/billing/payment-reminder.yaml").read_text("utf-8").replace("id: billing.payment-reminder", "id: billing.payment-reminder-2")
    start, end = text.index("  en-US:\n"), text.index("  ja-JP:\n")
    text = text[:start] + text[end:]  # Japanese only
    text = text.replace("ご容赦ください。", "ご了承ください。")
    text = text.replace("アプリでお支払いいただくか、{{ facts.support_phone }}へご連絡ください。", "至急ご確認ください。")
    write(root, "comms/billing/payment-reminder-2.yaml", text)
    fix = _near_duplicate_fixes(root)[("billing.payment-reminder-2", "ja-JP")]
    assert fix.startswith("Move the text they share in body (")
    assert "ご利用いただき" in fix or "お支払いは次のページで承ります" in fix
    assert "comms/_snippets/billing-shared.ja.j2" in fix and '{% include "_snippets/billing-shared.ja.j2" %}' in fix


def test_near_duplicate_fix_when_nothing_is_worth_a_snippet():
    from ccm_cli.reuse.passages import shared_passages

    assert shared_passages(["Hi there, pay now.", "Hi there, pay today."], "en") == []
    assert shared_passages(["お支払いください。", "お支払いをお願いします。"], "ja") == []
