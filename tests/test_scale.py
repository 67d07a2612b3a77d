"""Shards, merged shard reports, parallel workers and the result cache give the same findings
as one plain full run — and the cache is invalidated by every input a comm depends on."""

import json

import pytest

from conftest import copy_repo, edit, run_ccm
from ccm_cli.scale.store import DiskStore as ResultCache
from ccm_cli.linter import lint
from ccm_cli.selection import shard_comms
from ccm_cli.project import load_project


@pytest.fixture(scope="module")
def defective(tmp_path_factory):
    """The example repository with defects in several comms and one outside any comm."""
    root = copy_repo("example", tmp_path_factory.mktemp("scale"))
    edit(root / "comms/billing/payment-reminder.yaml", "journey: use", "journy: use")
    edit(root / "comms/marketing/win-back.yaml", "category: marketing", "category: promo")
    edit(root / "comms/operations/outage-update.yaml", "owner: operations", "owner: operations\nfoo: bar")
    edit(root / "comms/accounts/password-reset.yaml", "kind: on-demand", "kind: [on-demand]")
    (root / "policies/channels.yaml").write_text("sms: {max_parts: 9}\n")  # a repository-level finding
    return root


def _keys(findings):
    return sorted(tuple(f.to_json().items()) for f in findings)


def test_union_of_shards_equals_the_full_run(defective):
    project = load_project(defective)
    full = lint(project)
    assert full.findings, "the fixture must have findings"
    union = []
    for index in (1, 2, 3):
        only = shard_comms(project, index, 3)
        union += lint(load_project(defective), only_comms=only, repository_findings=index == 1).findings
    assert _keys(union) == _keys(full.findings)
    assert sum(len(shard_comms(project, i, 3)) for i in (1, 2, 3)) == len(project.comms)


def test_shards_are_stable(defective):
    project = load_project(defective)
    assert shard_comms(project, 2, 4) == shard_comms(load_project(defective), 2, 4)


def test_merge_results_of_cli_shards_equals_full_cli_run(defective, tmp_path):
    reports = []
    for index in (1, 2):
        out = tmp_path / f"shard{index}.json"
        result = run_ccm("lint", "--no-cache", "--format", "json", "--shard", f"{index}/2", "--output", str(out), cwd=defective)
        assert result.returncode in (0, 1), result.stderr
        reports.append(str(out))
    merged = run_ccm("merge-results", *reports, "--format", "json", cwd=defective)
    full = run_ccm("lint", "--no-cache", "--format", "json", cwd=defective)
    assert json.loads(merged.stdout) == json.loads(full.stdout)
    assert merged.returncode == full.returncode == 1
    sarif = run_ccm("merge-results", *reports, "--format", "sarif", cwd=defective)
    assert json.loads(sarif.stdout)["runs"][0]["results"]


def test_merge_results_rejects_a_non_report(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    result = run_ccm("merge-results", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and "bad.json" in result.stderr and "Traceback" not in result.stderr


def test_parallel_workers_equal_one_process(defective):
    one = lint(load_project(defective), jobs=1)
    two = lint(load_project(defective), jobs=2)
    assert _keys(one.findings) == _keys(two.findings)


def test_cache_hit_equals_cold_run(defective, tmp_path):
    root = copy_repo("example", tmp_path)
    edit(root / "comms/billing/payment-reminder.yaml", "journey: use", "journy: use")
    cold_cache = ResultCache(root)
    cold = lint(load_project(root), cache=cold_cache)
    assert cold_cache.misses == len(cold.comm_ids) and cold_cache.hits == 0
    warm_cache = ResultCache(root)
    warm = lint(load_project(root), cache=warm_cache)
    assert warm_cache.hits == len(warm.comm_ids) and warm_cache.misses == 0
    assert _keys(warm.findings) == _keys(cold.findings)


@pytest.mark.parametrize(
    "path, old, new, misses",
    [
        ("comms/billing/payment-reminder.yaml", "name: Payment reminder", "name: Reminder", 1),  # the comm itself
        ("comms/billing/invoice-ready.ja.md.j2", "様", "さま", 1),  # its body_file
        ("comms/_snippets/help-footer.en.j2", "Questions", "Any questions", 6),  # a snippet: the 6 comms that include it
        ("brand/guidelines.yaml", "jreadability_min: 1.4", "jreadability_min: 1.5", "all"),
        ("brand/facts.yaml", "Kumo Energy", "Kumo Power", "all"),
        ("policies/contact.yaml", "unsuppressible:", "# note\nunsuppressible:", "all"),
        ("ccm.yaml", "name: kumo-comms", "name: kumo", "all"),
        ("CODEOWNERS", "@kumo-energy/billing", "@kumo-energy/finance", "all"),
    ],
)
def test_cache_is_invalidated_by_every_input(tmp_path, path, old, new, misses):
    root = copy_repo("example", tmp_path)
    lint(load_project(root), cache=ResultCache(root))
    edit(root / path, old, new)
    cache = ResultCache(root)
    result = lint(load_project(root), cache=cache)
    expected = len(result.comm_ids) if misses == "all" else misses
    assert cache.misses == expected
    fresh = lint(load_project(root))
    assert _keys(result.findings) == _keys(fresh.findings)


def test_cache_is_invalidated_by_ccm_itself(tmp_path, monkeypatch):
    """A CI cache restored after ccm moved to another commit of the same version: every result
    is computed again (the key holds a hash of ccm's package files, not only its version)."""
    import ccm_cli.scale.keys as keys

    root = copy_repo("example", tmp_path)
    lint(load_project(root), cache=ResultCache(root))
    assert keys.code_digest() == keys.code_digest.__wrapped__()  # every package file, read again
    monkeypatch.setattr(keys, "code_digest", lambda: "another build of ccm")
    cache = ResultCache(root)
    result = lint(load_project(root), cache=cache)
    assert cache.misses == len(result.comm_ids) and cache.hits == 0


def test_cache_depends_on_which_clauses_are_in_force_not_on_the_date(tmp_path):
    """A result cached on one day serves the next (writers' first run of the day stays fast);
    a day on which a clause comes into force or expires re-lints, and gives what a fresh run
    gives."""
    import datetime as dt

    root = copy_repo("example", tmp_path)
    edit(root / "policies/clauses/sms-stop-help.yaml", "expires: null", "expires: 2026-06-30")
    new = (root / "policies/clauses/sms-stop-help.yaml").read_text("utf-8").replace("id: sms-stop-help", "id: sms-new-rule")
    new = new.replace("Reply STOP to opt out", "Text QUIT to leave").replace("配信を止める", "受信をやめる").replace("expires: 2026-06-30", "expires: null")
    (root / "policies/clauses/sms-new-rule.yaml").write_text(new.replace("effective: 2026-01-01", "effective: 2026-07-01"), "utf-8")
    lint(load_project(root), cache=ResultCache(root), today=dt.date(2026, 6, 1))
    cache = ResultCache(root)
    lint(load_project(root), cache=cache, today=dt.date(2026, 6, 30))
    assert cache.misses == 0
    cache = ResultCache(root)
    expired = lint(load_project(root), cache=cache, today=dt.date(2026, 7, 1))
    assert cache.hits == 0
    fresh = lint(load_project(root), today=dt.date(2026, 7, 1))
    assert _keys(expired.findings) == _keys(fresh.findings)
    assert any(f.rule == "clause/expired" for f in expired.findings)  # a project rule (the cross-comm row)
    assert any(f.rule == "clause/required-missing" and "sms-new-rule" in f.message for f in expired.findings)  # a comm's row


def test_only_clause_rules_read_the_lint_date():
    """The cache key holds the lint date only as which clauses are in force
    (cache.date_state). A rule that reads ctx.today for anything else needs the key to
    change first: this list is the reminder."""
    from pathlib import Path

    import ccm_cli

    package = Path(ccm_cli.__file__).parent
    readers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py") if "ctx.today" in p.read_text("utf-8"))
    assert readers == ["linter.py",  # hands it to the workers and to CommKeys
                       "rules/clause/_dates.py",  # which comms no longer send: part of the clause rules' today_key
                       "rules/clause/_presence.py", "rules/clause/expired.py", "rules/clause/not_effective.py",
                       "rules/contact/ended.py"]  # declares its own today_key (which comms have ended)


def test_corrupt_cache_is_ignored_and_rebuilt(tmp_path):
    root = copy_repo("example", tmp_path)
    (root / ".ccm-cache").mkdir()
    (root / ".ccm-cache" / "lint.sqlite").write_bytes(b"this is not sqlite")
    result = run_ccm("lint", cwd=root)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert _rows(root, "results")  # the run started a new cache


def test_cli_options_validate(tmp_path):
    root = copy_repo("minimal", tmp_path)
    for args, needle in ((["--shard", "3/2"], "--shard"), (["--shard", "x"], "--shard"), (["--jobs", "0"], "--jobs")):
        result = run_ccm("lint", *args, cwd=root)
        assert result.returncode == 2 and needle in result.stderr


def test_parse_cache_restores_data_and_positions(tmp_path):
    root = copy_repo("example", tmp_path)
    edit(root / "comms/billing/payment-reminder.yaml", "journey: use", "journy: use\nname: twice")  # unknown key + duplicate
    first_cache = ResultCache(root)
    cold = lint(load_project(root, cache=first_cache), cache=first_cache)
    first_cache.close()
    second_cache = ResultCache(root)
    project = load_project(root, cache=second_cache)
    reminder = next(c for c in project.comms if c.id == "billing.payment-reminder")
    assert reminder.doc._values is None  # restored without marks
    warm = lint(project)  # no result cache: every rule runs on restored documents
    second_cache.close()
    assert _keys(warm.findings) == _keys(cold.findings)
    assert {"schema/unknown-key", "schema/duplicate-key"} <= {f.rule for f in warm.findings}


def _cross(findings):
    return sorted((f.rule, f.comm, f.message) for f in findings if f.rule in ("contact/exclusive", "consistency/near-duplicate"))


def test_cached_cross_comm_findings_follow_every_comm(tmp_path):
    """Cross-comm findings are cached under every comm's key: an edit to one comm that makes or
    breaks an exclusivity conflict or a near-duplicate pair shows on the next cached run."""
    root = copy_repo("compliance", tmp_path)
    holiday = root / "comms/billing/holiday.yaml"
    text = holiday.read_text("utf-8")
    long_body = ("You can pause your bill payments for up to 3 months. Your power stays on the whole time, and we "
                 "do not charge late fees. After the holiday you can spread what you owe over twelve monthly payments.")
    holiday.write_text(text.replace('body: "You can pause your bill payments for up to 3 months. Your power stays on."', f'body: "{long_body}"'), "utf-8")
    first = lint(load_project(root), cache=ResultCache(root))
    assert not [f for f in first.findings if f.rule == "contact/exclusive"]
    # a copy appears: near-duplicates on both; the disconnection notice stops excluding holidays
    (root / "comms/billing/holiday-copy.yaml").write_text(holiday.read_text("utf-8").replace("id: billing.holiday", "id: billing.holiday-copy"), "utf-8")
    edit(root / "comms/billing/disconnect.yaml", "exclude: [payment_holiday]", "exclude: []")
    for _ in range(2):  # the second run answers from the cross-comm cache entry
        cached = lint(load_project(root), cache=ResultCache(root))
        fresh = lint(load_project(root))
        assert _cross(cached.findings) == _cross(fresh.findings)
        rules = {rule for rule, _, _ in _cross(cached.findings)}
        assert rules == {"contact/exclusive", "consistency/near-duplicate"}
    # and back: both conflicts go away from the cached result too
    (root / "comms/billing/holiday-copy.yaml").unlink()
    edit(root / "comms/billing/disconnect.yaml", "exclude: []", "exclude: [payment_holiday]")
    again = lint(load_project(root), cache=ResultCache(root))
    assert _cross(again.findings) == [] == _cross(lint(load_project(root)).findings)


def test_cache_follows_includes_anywhere_under_comms_and_computed_names(tmp_path):
    """A template included from outside comms/_snippets/, a nested include, and an include
    whose name is computed (which may read any template) all invalidate the comms that use them."""
    root = copy_repo("minimal", tmp_path)
    (root / "comms/billing/parts").mkdir()
    (root / "comms/billing/parts/sign.j2").write_text("Kumo billing team{% include '_snippets/inner.j2' %}")
    (root / "comms/_snippets/inner.j2").write_text(" (billing)")
    comm = (root / "comms/billing/outage.yaml").read_text("utf-8")
    (root / "comms/billing/signed.yaml").write_text(comm.replace("id: billing.outage", "id: billing.signed").replace(
        'body: "Power is back on in your area. Thank you for your patience."',
        'body: "Power is back on in your area. {% include \'billing/parts/sign.j2\' %}"'), "utf-8")
    (root / "comms/billing/computed.yaml").write_text(comm.replace("id: billing.outage", "id: billing.computed").replace(
        'body: "Power is back on in your area. Thank you for your patience."',
        'body: "Power is back on. {% set part = \'sign.j2\' %}{% include \'billing/parts/\' ~ part %}"'), "utf-8")
    lint(load_project(root), cache=ResultCache(root))
    for rel, old, new, missed in (
        ("comms/billing/parts/sign.j2", "team", "crew", 2),  # signed, and computed (may read any template)
        ("comms/_snippets/inner.j2", "billing", "accounts", 2),  # nested in sign.j2
        ("comms/_snippets/help.j2", "Questions?", "Any questions?", 2),  # billing.reminder, and computed
    ):
        edit(root / rel, old, new)
        cache = ResultCache(root)
        result = lint(load_project(root), cache=cache)
        assert cache.misses == missed, rel
        assert _keys(result.findings) == _keys(lint(load_project(root)).findings)
    (root / "comms/billing/parts/extra.j2").write_text("x")  # a new template: only the computed include may read it
    cache = ResultCache(root)
    lint(load_project(root), cache=cache)
    assert cache.misses == 1


def _rows(root, table):
    import sqlite3

    with sqlite3.connect(root / ".ccm-cache" / "lint.sqlite") as db:
        return dict(db.execute(f"SELECT {'key' if table == 'results' else 'sha'}, used FROM {table}"))


def _lint_on(root, day):
    """Lint ``root`` as ccm does, on day ``day`` of the cache's clock (days since 1970)."""
    cache = ResultCache(root, day=day)
    try:
        return lint(load_project(root, cache=cache), cache=cache), cache
    finally:
        cache.close()


def test_the_cache_forgets_what_nobody_used_for_days(tmp_path):
    """Every row notes the last day it was used (written, or read: re-marked weekly);
    closing the cache deletes rows unused for KEEP_DAYS, so .ccm-cache stops growing. What
    is read is kept."""
    from ccm_cli.scale.cache_file import KEEP_DAYS, REMARK_DAYS

    root = copy_repo("example", tmp_path)
    _lint_on(root, 100)
    first_results, first_docs = _rows(root, "results"), _rows(root, "docs")
    assert first_results and first_docs and set(first_results.values()) == {100} == set(first_docs.values())
    edit(root / "comms/billing/payment-reminder.yaml", "journey: use", "journey: use\n# edited")
    day = 100 + REMARK_DAYS - 1
    result, cache = _lint_on(root, day)
    assert cache.hits == len(result.comm_ids) - 1  # every other comm is served from another day's run
    # the edited comm and the cross-comm findings have new rows; what was read is not re-marked yet
    assert len(_rows(root, "results")) == len(first_results) + 2 and sorted(set(_rows(root, "results").values())) == [100, day]
    assert len(_rows(root, "docs")) == len(first_docs) + 1
    _lint_on(root, 100 + KEEP_DAYS)  # re-marks what it reads; the old rows were last used on day 100
    assert len(_rows(root, "results")) == len(first_results) + 2 and len(_rows(root, "docs")) == len(first_docs) + 1
    _, cache = _lint_on(root, 100 + KEEP_DAYS + 1)
    assert cache.misses == 0
    assert len(_rows(root, "results")) == len(first_results) and len(_rows(root, "docs")) == len(first_docs)
    assert set(_rows(root, "results").values()) == {100 + KEEP_DAYS}


def test_a_cache_in_an_older_layout_is_rebuilt(tmp_path):
    import sqlite3

    root = copy_repo("example", tmp_path)
    (root / ".ccm-cache").mkdir()
    with sqlite3.connect(root / ".ccm-cache" / "lint.sqlite") as db:
        db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, findings TEXT NOT NULL)")
        db.execute("INSERT INTO results VALUES ('k', '{}')")
    result = run_ccm("lint", cwd=root)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "k" not in _rows(root, "results") and len(_rows(root, "results")) > 1
    _, cache = _lint_on(root, int(__import__("time").time() // 86400))
    assert cache.misses == 0


def test_a_warm_run_does_not_wait_for_another_runs_lock(tmp_path):
    """Marking rows used and pruning are optional writes: when another ccm process holds the
    database, a warm run serves its hits and skips them, instead of waiting out SQLite's 30 s
    busy timeout (a hang check, not a performance target)."""
    import sqlite3
    import threading

    from ccm_cli.scale.cache_file import KEEP_DAYS, REMARK_DAYS

    root = copy_repo("example", tmp_path)
    _lint_on(root, 100)
    other = sqlite3.connect(root / ".ccm-cache" / "lint.sqlite")
    other.execute("BEGIN IMMEDIATE")  # another run writing
    done: dict = {}
    day = 100 + max(REMARK_DAYS, KEEP_DAYS) + 1  # every row is due for marking, old rows for pruning
    thread = threading.Thread(target=lambda: done.update(run=_lint_on(root, day)), daemon=True)
    try:
        thread.start()
        thread.join(15)
        assert not thread.is_alive(), "the warm run waited for the other run's lock"
    finally:
        other.rollback()
        other.close()
    result, cache = done["run"]
    assert cache.misses == 0 and cache.hits == len(result.comm_ids)
    assert set(_rows(root, "results").values()) == {100}  # not marked: it will be next time


def _count_renders(monkeypatch) -> list[str]:
    """The ids of the comms rendered, or read for the templates they include, from now on."""
    from ccm_cli.scale.keys import CommKeys
    from ccm_cli.render import Renderer

    rendered: list[str] = []
    for owner, name in ((Renderer, "render_comm"), (CommKeys, "includes")):
        def counting(self, comm, *args, _real=getattr(owner, name)):
            rendered.append(comm.id)
            return _real(self, comm, *args)

        monkeypatch.setattr(owner, name, counting)
    return rendered


def test_a_shard_keeps_the_digests_of_the_comms_it_compared(tmp_path, monkeypatch):
    """A shard compares its comms with every other comm (near-duplicates), so a cold one renders
    them all; it keeps their digests in the cache (rows without findings), and its next run
    renders nothing. The other shard's comms are still linted when a run reports them, and an
    edit to a comm of the other shard makes its kept digest stale."""
    from ccm_cli.selection import _stable_bucket

    root = copy_repo("example", tmp_path)
    original = "billing.payment-reminder"
    home = _stable_bucket(original, 2) + 1
    copy_id = next(f"{original}-copy{n}" for n in range(100) if _stable_bucket(f"{original}-copy{n}", 2) + 1 != home)
    copy = root / "comms/billing/payment-reminder-copy.yaml"
    copy.write_text((root / "comms/billing/payment-reminder.yaml").read_text("utf-8").replace(f"id: {original}", f"id: {copy_id}"), "utf-8")
    rendered = _count_renders(monkeypatch)

    def shard(index, cache=True):
        rendered.clear()
        project = load_project(root)
        store = ResultCache(root) if cache else None
        result = lint(project, only_comms=shard_comms(project, index, 2), cache=store, repository_findings=index == 1)
        if store is not None:
            store.close()
        return result

    cold = shard(home)
    assert set(rendered) == {comm.id for comm in load_project(root).comms}  # its own and the others
    warm = shard(home)
    assert rendered == [] and _keys(warm.findings) == _keys(cold.findings)
    edit(root / "comms/billing/payment-reminder.yaml", "name: Payment reminder", "name: Payment reminder, first")
    warm = shard(home)  # the comparison is made again, from the digests kept
    assert set(rendered) == {original}
    assert [f.comm for f in warm.findings if f.rule == "consistency/near-duplicate"] == [original]  # the twin is in the other shard
    other = shard(3 - home)  # rows of digests only are not results: the other shard lints its comms
    assert set(rendered) == shard_comms(load_project(root), 3 - home, 2)
    assert _keys(warm.findings + other.findings) == _keys(lint(load_project(root)).findings)
    edit(copy, "name: Payment reminder", "name: Payment reminder, again")
    after = shard(home)
    assert set(rendered) == {copy_id}  # the kept digest of the copy is stale; the rest are not
    assert _keys(after.findings) == _keys(shard(home, cache=False).findings)


def test_changed_only_shards_report_a_policy_error_when_the_change_reaches_every_comm(tmp_path):
    """A pull request that breaks policies/channels.yaml reaches every comm: the sharded
    --changed-only run is a full one, and its shard 1 reports the error (it used to be reported
    by no shard: a green check for a broken policy)."""
    import subprocess

    root = copy_repo("example", tmp_path)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    (root / "policies/channels.yaml").write_text("sms: {max_parts: 9}\n")
    reports = []
    for index in (1, 2):
        out = tmp_path / f"shard{index}.json"
        result = run_ccm("lint", "--no-cache", "--format", "json", "--base", "HEAD", "--changed-only", "--shard", f"{index}/2",
                         "--output", str(out), cwd=root)
        assert result.returncode in (0, 1), result.stderr
        reports.append(json.loads(out.read_text("utf-8")))
    policy = [[f for f in report["findings"] if f["file"] == "policies/channels.yaml"] for report in reports]
    assert policy[0] and not policy[1]
    full = run_ccm("lint", "--no-cache", "--format", "json", cwd=root)
    assert policy[0] == [f for f in json.loads(full.stdout)["findings"] if f["file"] == "policies/channels.yaml"]
