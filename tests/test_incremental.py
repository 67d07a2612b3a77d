"""`affected_comms`: which comms an edit can affect (input edit → expected comm ids)."""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest

from conftest import TODAY, copy_repo, edit
from ccm_cli.incremental import affected_comms
from ccm_cli.linter import lint
from ccm_cli.project import load_project, load_project_at

EXAMPLE_EDITS = [
    # (file, old, new, expected affected ids — None = everything)
    ("comms/billing/payment-reminder.yaml", "Hi {{ customer.first_name }},", "Hello {{ customer.first_name }},",
     {"billing.payment-reminder"}),
    ("comms/_snippets/help-footer.ja.j2", "ご不明な点は", "ご不明点は",
     "users of help-footer.ja.j2"),
    ("brand/facts.yaml", 'outage_phone: {en-US: "1-800-555-0142"', 'outage_phone: {en-US: "1-800-555-0143"',
     "users of outage_phone"),
    ("brand/guidelines.yaml", "traits: [warm,", "traits: [kind, warm,", None),
    ("policies/contact.yaml", "max: 3, per: 7d", "max: 4, per: 7d", None),
    ("policies/channels.yaml", "max_parts: 3", "max_parts: 2", None),
    ("ccm.yaml", "name: kumo-comms", "name: kumo", None),
]


def _pair(tmp_path: Path, name: str = "example") -> tuple[Path, Path]:
    base = copy_repo(name, tmp_path / "base")
    head = tmp_path / "head" / name
    shutil.copytree(base, head)
    return base, head


def _users(project, needle: str) -> set[str]:
    return {c.id for c in project.comms if any(needle in f.source for f in c.fields)}


@pytest.mark.parametrize("rel, old, new, expected", EXAMPLE_EDITS)
def test_edits_of_the_example(tmp_path, rel, old, new, expected):
    base_root, head_root = _pair(tmp_path)
    edit(head_root / rel, old, new)
    base, head = load_project(base_root), load_project(head_root)
    if expected == "users of help-footer.ja.j2":
        expected = _users(head, "help-footer.ja.j2")
    elif expected == "users of outage_phone":
        expected = _users(head, "facts.outage_phone") | {c.id for c in head.comms if "1-800-555-0142" in c.doc.text}
    found = affected_comms(base, head)
    assert found == expected
    if expected:
        assert 0 < len(expected) < len(head.comms)


def test_nothing_changed(tmp_path):
    base_root, head_root = _pair(tmp_path)
    (head_root / "README.md").write_text("not read by ccm")
    assert affected_comms(load_project(base_root), load_project(head_root)) == set()


def test_clause_text_affects_callers_and_selector_matches(tmp_path):
    base_root, head_root = _pair(tmp_path)
    edit(head_root / "policies/clauses/us-can-spam-footer.yaml", "signed up", "opted in")
    head = load_project(head_root)
    found = affected_comms(load_project(base_root), head)
    callers = _users(head, 'clause("us-can-spam-footer")')
    marketing_email_en = {c.id for c in head.comms if c.category == "marketing"
                          and any(f.channel == "email" and f.locale == "en-US" for f in c.fields)}
    assert callers and callers <= found
    assert found == callers | marketing_email_en


def test_clause_selector_change_affects_old_and_new_matches(tmp_path):
    base_root, head_root = _pair(tmp_path)
    edit(head_root / "policies/clauses/us-can-spam-footer.yaml", "category: [marketing]", "category: [service]")
    head = load_project(head_root)
    found = affected_comms(load_project(base_root), head)
    assert {c.id for c in head.comms if c.category in ("marketing", "service")
            and any(f.channel == "email" and f.locale == "en-US" for f in c.fields)} <= found


def test_category_change_affects_comms_under_the_same_caps(tmp_path):
    base_root, head_root = _pair(tmp_path)
    edit(head_root / "comms/billing/payment-reminder.yaml", "category: transactional", "category: marketing")
    head = load_project(head_root)
    found = affected_comms(load_project(base_root), head)
    assert {c.id for c in head.comms if c.category == "marketing"} | {"billing.payment-reminder"} <= found


def test_duplicate_id_affects_both_files(minimal, tmp_path):
    head_root = tmp_path / "head"
    shutil.copytree(minimal, head_root)
    edit(head_root / "comms/billing/outage.yaml", "id: billing.outage", "id: billing.reminder")
    assert affected_comms(load_project(minimal), load_project(head_root)) == {"billing.outage", "billing.reminder"}


def test_body_file_edit_affects_its_comm(minimal, tmp_path):
    head_root = tmp_path / "head"
    shutil.copytree(minimal, head_root)
    edit(head_root / "comms/billing/reminder.ja.md.j2", "ご請求額は", "今月のご請求額は")
    assert affected_comms(load_project(minimal), load_project(head_root)) == {"billing.reminder"}


def test_git_history_with_a_rename(minimal):
    repo = git.Repo.init(minimal, initial_branch="main")
    who = git.Actor("Writer", "w@example.com")
    repo.git.add(A=True)
    repo.index.commit("base", author=who, committer=who)
    (minimal / "comms/billing/outage.yaml").rename(minimal / "comms/outage.yaml")
    repo.git.add(A=True)
    repo.index.commit("move", author=who, committer=who)
    edit(minimal / "comms/_snippets/help.j2", "Questions?", "Any questions?")
    base, head = load_project_at(minimal, "HEAD~1"), load_project(minimal)
    affected = affected_comms(base, head)
    assert affected == {"billing.outage", "billing.reminder"}
    partial = lint(head, today=TODAY, base=base, only_comms=affected).findings
    full = lint(head, today=TODAY, base=base).findings
    assert sorted(f.sort_key for f in partial) == sorted(f.sort_key for f in full if f.comm in affected)


def test_changed_since_asks_git_for_edited_staged_deleted_and_untracked_files(minimal):
    from ccm_cli.diff.files import changed_since
    from ccm_cli.sources import GitSource

    repo = git.Repo.init(minimal, initial_branch="main")
    who = git.Actor("Writer", "w@example.com")
    (minimal / ".gitignore").write_text("ignored/\n")
    repo.git.add(A=True)
    repo.index.commit("base", author=who, committer=who)
    assert changed_since(GitSource(minimal, "HEAD")) == set()
    edit(minimal / "comms/billing/reminder.yaml", "name:", "name: Edited")  # working tree only
    edit(minimal / "comms/_snippets/help.j2", "Questions?", "Any questions?")
    repo.git.add("comms/_snippets/help.j2")  # staged
    (minimal / "comms/billing/outage.yaml").unlink()  # deleted
    (minimal / "comms/billing/new.yaml").write_text("id: billing.new\n")  # untracked
    (minimal / "ignored").mkdir()
    (minimal / "ignored/note.txt").write_text("x")  # ignored files are reported too (ccm reads them if they are comms)
    assert changed_since(GitSource(minimal, "HEAD")) == {
        "comms/billing/reminder.yaml", "comms/_snippets/help.j2", "comms/billing/outage.yaml", "comms/billing/new.yaml",
        "ignored/note.txt",
    }


def test_cli_changed_only_equals_the_full_run_filtered(minimal):
    """`ccm lint --base HEAD --changed-only` in a real git repository: the findings of the
    affected comms equal a full run's."""
    import json

    from conftest import run_ccm

    repo = git.Repo.init(minimal, initial_branch="main")
    who = git.Actor("Writer", "w@example.com")
    repo.git.add(A=True)
    repo.index.commit("base", author=who, committer=who)
    assert run_ccm("lint", "--format", "json", cwd=minimal).returncode in (0, 1)  # fills the cache
    edit(minimal / "comms/_snippets/help.j2", "Questions?", "Any questions?")
    changed = run_ccm("lint", "--format", "json", "--base", "HEAD", "--changed-only", cwd=minimal)
    full = run_ccm("lint", "--format", "json", "--no-cache", cwd=minimal)
    assert changed.returncode in (0, 1), changed.stderr
    report, everything = json.loads(changed.stdout), json.loads(full.stdout)
    assert report["summary"]["comms"] == 1  # the one comm that includes the snippet
    comms = {"billing.reminder"}
    assert report["findings"] == [f for f in everything["findings"] if f["comm"] in comms]


def test_near_duplicate_twins_are_affected_only_when_the_text_moves(tmp_path):
    base_root = copy_repo("compliance", tmp_path / "base")
    holiday = base_root / "comms/billing/holiday.yaml"
    long_body = ("You can pause your bill payments for up to 3 months. Your power stays on the whole time, and we "
                 "do not charge late fees. After the holiday you can spread what you owe over twelve monthly payments.")
    edit(holiday, 'body: "You can pause your bill payments for up to 3 months. Your power stays on."', f'body: "{long_body}"')
    (base_root / "comms/billing/holiday-copy.yaml").write_text(holiday.read_text("utf-8").replace("id: billing.holiday", "id: billing.holiday-copy"), "utf-8")
    base = load_project(base_root)
    renamed = tmp_path / "renamed"
    shutil.copytree(base_root, renamed)
    edit(renamed / "comms/billing/holiday.yaml", "name:", "name: Renamed")
    assert affected_comms(base, load_project(renamed)) == {"billing.holiday"}
    reworded = tmp_path / "reworded"
    shutil.copytree(base_root, reworded)
    edit(reworded / "comms/billing/holiday.yaml", "late fees", "late fees or interest")
    assert affected_comms(base, load_project(reworded)) == {"billing.holiday", "billing.holiday-copy"}
    # what a text comparison needs: only the comm whose own text moved (the twin renders as before)
    assert affected_comms(base, load_project(reworded), findings=False) == {"billing.holiday"}
    new_owner = tmp_path / "owner"
    shutil.copytree(base_root, new_owner)
    edit(new_owner / "comms/billing/holiday.yaml", "owner: billing", "owner: collections")  # named in the twin's finding
    assert "billing.holiday-copy" in affected_comms(base, load_project(new_owner))


def test_a_snippet_edit_is_judged_from_the_cached_includes_without_parsing(tmp_path, monkeypatch):
    """With the result cache of a lint of the base, a snippet edit finds its users from the
    templates each cached result recorded: the same comms, and no comm's templates parsed.
    A comm whose record is stale (a template it includes changed since, outside this change)
    falls back to the parse."""
    from ccm_cli.scale.store import DiskStore as ResultCache
    from ccm_cli.incremental import DependencyGraph
    from ccm_cli.linter import CachedResults

    base_root, head_root = _pair(tmp_path)
    cache = ResultCache(base_root)
    lint(load_project(base_root), today=TODAY, cache=cache)
    cache.close()
    edit(head_root / "comms/_snippets/help-footer.ja.j2", "ご不明な点は", "ご不明点は")
    base, head = load_project(base_root), load_project(head_root)
    expected = affected_comms(base, head)
    assert expected == _users(head, "help-footer.ja.j2") and expected

    parsed: list[str] = []
    original = DependencyGraph.comm
    monkeypatch.setattr(DependencyGraph, "comm", lambda self, comm: parsed.append(comm.id) or original(self, comm))
    cache = ResultCache(base_root)
    try:
        assert affected_comms(base, head, includes=CachedResults(cache, TODAY).includes) == expected
        assert parsed == []
        # the English footer changes on both sides after the cache was filled: not part of this
        # change, but its users' records name its old text, so they are parsed, and the answer holds
        for root in (base_root, head_root):
            edit(root / "comms/_snippets/help-footer.en.j2", "Questions?", "Any questions?")
        base, head = load_project(base_root), load_project(head_root)
        assert affected_comms(base, head, includes=CachedResults(cache, TODAY).includes) == expected
        assert set(parsed) == _users(head, "help-footer.en.j2") and parsed
    finally:
        cache.close()


def test_comparing_texts_renders_only_the_comms_whose_text_can_move(tmp_path, monkeypatch):
    """`ccm diff` compares the rendered text of the comms an edit can change; the comms whose
    findings change only through another comm (near-duplicate families, caps) need no
    rendering there. Finding them computed every comm's near-duplicate signature: 141 s and
    1.7 GB for a 20-comm diff of 10,000 comms with distinct copy."""
    from ccm_cli.diff.compare import compare
    from ccm_cli.diff.files import changed_files
    from ccm_cli.rules.consistency import near_duplicate

    base_root, head_root = _pair(tmp_path)
    edit(head_root / "comms/billing/payment-reminder.yaml", "Hi {{ customer.first_name }},", "Hello {{ customer.first_name }},")
    base, head = load_project(base_root), load_project(head_root)

    def no_signatures(*args, **kwargs):
        raise AssertionError("a text comparison computed a near-duplicate signature")

    monkeypatch.setattr(near_duplicate, "digest", no_signatures)
    changes = compare(base, head, changed_files(base.source, head.source))
    assert [c.id for c in changes.comms] == ["billing.payment-reminder"]
