"""`ccm publish --promote FROM`: the exact release verified on staging goes to production.

Two sqlite targets in a real git repository. Promotion copies the bytes (same id, same manifest,
same artifacts — nothing is rebuilt, so a commit made since does not leak in), keeps the
evidence, and records the promotion; it is refused when staging's current release is not the
one expected, carries no evidence, or fails its integrity check.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from conftest import edit, run_ccm
from test_publish_support import ccm, commit, git_repo

TARGETS = "  staging: {type: sqlite, path: dist/staging.db}\n  production: {type: sqlite, path: dist/production.db}\n"
R = "comms/billing/payment-reminder.yaml"


@pytest.fixture
def repo(tmp_path):
    root = git_repo(tmp_path)
    config = root / "ccm.yaml"
    config.write_text(config.read_text("utf-8").replace("publish:\n", "publish:\n" + TARGETS, 1), "utf-8")
    commit(root, "Staging and production targets")
    result = ccm("publish", "--target", "staging", "--approved-by", "@alice", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def stored(db) -> tuple[str, dict[str, bytes]]:
    (current,), = rows(db, "SELECT release_id FROM ccm_current")
    files = {path: bytes(content) for path, content in rows(db, "SELECT path, content FROM ccm_artifacts WHERE release_id = ?", current)}
    return current, files


def test_promotion_copies_the_exact_release_and_records_it(repo):
    staging, production = repo / "dist/staging.db", repo / "dist/production.db"
    rid, files = stored(staging)
    # a later commit on main must not leak into production: promotion does not rebuild
    edit(repo / R, "Please pay in the", "Pay in the")
    commit(repo, "Not yet on staging")

    plan = ccm("publish", "--target", "production", "--promote", "staging", "--plan", "--detailed-exitcode", cwd=repo)
    assert plan.returncode == 2, plan.stderr
    assert "promote: the exact release verified on target staging" in plan.stdout
    assert f"Plan: promote {rid} from staging: 13 to add" in plan.stdout
    assert not production.exists(), "--plan writes nothing"
    data = json.loads(ccm("publish", "--target", "production", "--promote", "staging", "--plan", "--format", "json", cwd=repo).stdout)
    assert data["action"] == "promote" and data["promote_from"] == "staging" and data["release"]["id"] == rid

    result = ccm("publish", "--target", "production", "--promote", "staging", "--release", rid[:6], cwd=repo)
    assert result.returncode == 0, result.stderr
    assert f"Promoted release {rid} from target staging to target production" in result.stdout
    promoted, copied = stored(production)
    assert promoted == rid and copied == files, "bytes identical, manifest included"
    manifest = json.loads(copied["manifest.json"])
    assert manifest["evidence"]["approvals"]["approved_by"] == ["@alice"]
    (event,) = rows(production, "SELECT action, release_id, reason FROM ccm_history")
    digest = hashlib.sha256(files["manifest.json"]).hexdigest()
    assert event[:2] == ("promote", rid) and f"promoted from target staging: release {rid}, manifest sha256 {digest}" == event[2]

    again = ccm("publish", "--target", "production", "--promote", "staging", cwd=repo)
    assert again.returncode == 0 and again.stdout.startswith("No changes."), again.stderr
    verify = run_ccm("audit", "--verify", "--target", "production", cwd=repo)
    assert verify.returncode == 0 and "promoted: anchored by the promotion record" in verify.stdout, verify.stderr


def test_refused_when_staging_moved_past_the_release_expected(repo):
    rid, _ = stored(repo / "dist/staging.db")
    edit(repo / R, "Please pay in the", "Pay in the")
    commit(repo, "Newer")
    assert ccm("publish", "--target", "staging", cwd=repo).returncode == 0
    newer, _ = stored(repo / "dist/staging.db")
    result = ccm("publish", "--target", "production", "--promote", "staging", "--release", rid, cwd=repo)
    assert result.returncode == 1
    assert f"promote refused: target staging's current release is {newer}, not {rid}" in result.stderr
    assert not (repo / "dist/production.db").exists()


def _rewrite_manifest(db, change) -> str:
    (rid,), = rows(db, "SELECT release_id FROM ccm_current")
    (raw,), = rows(db, "SELECT manifest FROM ccm_releases WHERE id = ?", rid)
    manifest = json.loads(raw)
    change(manifest)
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE ccm_releases SET manifest = ? WHERE id = ?", (text, rid))
        conn.execute("UPDATE ccm_artifacts SET content = ? WHERE release_id = ? AND path = 'manifest.json'", (text.encode(), rid))
    return rid


def test_refused_without_evidence(repo):
    rid = _rewrite_manifest(repo / "dist/staging.db", lambda m: m.pop("evidence"))  # as an older ccm wrote it
    result = ccm("publish", "--target", "production", "--promote", "staging", cwd=repo)
    assert result.returncode == 1
    assert f"promote refused: release {rid} on target staging carries no evidence" in result.stderr
    # an old release still loads everywhere else
    assert ccm("releases", "--target", "staging", cwd=repo).returncode == 0
    audit = run_ccm("audit", "--target", "staging", cwd=repo)
    assert audit.returncode == 0 and "evidence: none" in audit.stdout, audit.stderr


def test_refused_when_a_file_fails_its_integrity_check(repo):
    db = repo / "dist/staging.db"
    (rid,), = rows(db, "SELECT release_id FROM ccm_current")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE ccm_artifacts SET content = ? WHERE release_id = ? AND path = ?",
                     (b'{"tampered": true}\n', rid, "comms/billing.payment-reminder/en-US/sms.json"))
    result = ccm("publish", "--target", "production", "--promote", "staging", cwd=repo)
    assert result.returncode == 1
    assert f"promote refused: release {rid} on target staging fails its integrity check" in result.stderr
    assert "en-US/sms.json" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args,message", [
    (("--promote", "nowhere"), "no publish target 'nowhere'"),
    (("--promote", "production"), "the target to promote from is the target to promote to"),
    (("--promote", "staging", "--approved-by", "@bob"), "cannot be combined"),
    (("--release", "abc"), "--release works with --promote"),
    (("--approved-by", "alice; rm -rf ~"), "is not a GitHub login or team"),
    (("--approved-by-file", "missing.txt"), "missing.txt"),
])
def test_bad_promotion_requests(repo, args, message):
    result = ccm("publish", "--target", "production", *args, cwd=repo)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_refused_when_staging_has_nothing(repo):
    config = repo / "ccm.yaml"
    config.write_text(config.read_text("utf-8").replace("dist/staging.db", "dist/empty.db"), "utf-8")
    commit(repo, "Empty staging")
    result = ccm("publish", "--target", "production", "--promote", "staging", cwd=repo)
    assert result.returncode == 1 and "target staging has no current release to promote" in result.stderr
