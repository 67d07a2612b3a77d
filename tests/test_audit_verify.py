"""`ccm audit --verify`: the hash chain and every release's integrity, on a dir and a sqlite target.

Two releases are published (the second links to the first's manifest sha256); then each test
damages a copy the way someone with write access to the target could, and --verify must exit 1
naming the first broken link. `ccm audit` itself (without --verify) refuses a damaged record with
one line and exit 2.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from conftest import edit, run_ccm
from test_publish_support import ccm, commit, git_repo

R = "comms/billing/payment-reminder.yaml"
SQLITE = "  archive: {type: sqlite, path: dist/archive.db}\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = git_repo(tmp_path_factory.mktemp("verify"))
    config = root / "ccm.yaml"
    config.write_text(config.read_text("utf-8").replace("publish:\n", "publish:\n" + SQLITE, 1), "utf-8")
    commit(root, "Archive target")
    for target in ("default", "archive"):
        assert ccm("publish", "--target", target, "--approved-by", "@alice", cwd=root).returncode == 0
    edit(root / R, "Please pay in the", "Pay in the")
    commit(root, "Shorter SMS\n\nReviewed-by: Bob <bob@kumo.example>")
    for target in ("default", "archive"):
        assert ccm("publish", "--target", target, cwd=root).returncode == 0
    history = [json.loads(line) for line in (root / "dist/releases/history.jsonl").read_text().splitlines()]
    return root, history[0]["release_id"], history[1]["release_id"]


@pytest.fixture
def repo(published, tmp_path):
    root, first, second = published
    copy = tmp_path / "repo"
    shutil.copytree(root, copy, symlinks=True)
    return copy, first, second


def verify(root, target="default"):
    return run_ccm("audit", "--verify", "--target", target, cwd=root)


def rewrite(path, change):
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")


def test_an_intact_chain(repo):
    root, first, second = repo
    for target in ("default", "archive"):
        result = verify(root, target)
        assert result.returncode == 0, result.stderr
        assert f"{second}" in result.stdout and f"-> {first} ok" in result.stdout and "Chain intact: 2 release(s)" in result.stdout
    data = json.loads(run_ccm("audit", "--verify", "--target", "default", "--format", "json", cwd=root).stdout)
    assert data["ok"] is True and [r["id"] for r in data["chain"]] == [first, second]


def _edit_artifact(root, first, second):
    path = root / "dist/releases" / first / "comms/billing.payment-reminder/en-US/sms.json"
    path.write_text(path.read_text("utf-8").replace("Please pay", "Pay later"), "utf-8")
    return first, "en-US/sms.json: does not match its sha256"


def _edit_old_approvals(root, first, second):
    rewrite(root / "dist/releases" / first / "manifest.json",
            lambda m: m["evidence"]["approvals"].__setitem__("approved_by", ["@mallory"]))
    return first, "the manifest was edited"


def _edit_head_lint(root, first, second):
    rewrite(root / "dist/releases" / second / "manifest.json", lambda m: m["evidence"]["lint"]["summary"].__setitem__("errors", 0))
    rewrite(root / "dist/releases" / second / "manifest.json",
            lambda m: m["evidence"]["suppressions"].append({"comm": "x", "rule": "*", "reason": "backdated"}))
    return second, "the manifest was edited"


def _remove_first(root, first, second):
    shutil.rmtree(root / "dist/releases" / first)
    return first, "not stored in target default (removed?)"


def _unlink(root, first, second):
    rewrite(root / "dist/releases" / second / "manifest.json", lambda m: m["evidence"].__setitem__("previous", None))
    return second, "the manifest was edited"


@pytest.mark.parametrize("damage", [_edit_artifact, _edit_old_approvals, _edit_head_lint, _remove_first, _unlink],
                         ids=lambda f: f.__name__.strip("_"))
def test_dir_target_damage_is_named(repo, damage):
    root, first, second = repo
    broken, words = damage(root, first, second)
    result = verify(root)
    assert result.returncode == 1, result.stdout + result.stderr
    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith(f"ccm: broken: release {broken}") and words in first_line, result.stderr
    assert "Traceback" not in result.stderr


def test_sqlite_target_an_edited_older_release_breaks_the_next_link(repo):
    root, first, second = repo
    db = root / "dist/archive.db"
    with sqlite3.connect(db) as conn:
        (rid, raw), = conn.execute("SELECT id, manifest FROM ccm_releases ORDER BY created_at LIMIT 1").fetchall()
        manifest = json.loads(raw)
        manifest["evidence"]["approvals"]["approved_by"] = ["@mallory"]
        text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        conn.execute("UPDATE ccm_releases SET manifest = ? WHERE id = ?", (text, rid))
        conn.execute("UPDATE ccm_artifacts SET content = ? WHERE release_id = ? AND path = 'manifest.json'", (text.encode(), rid))
    result = verify(root, "archive")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(f"ccm: broken: release {first}: its manifest changed after release {second}")


@pytest.mark.parametrize("garbage", [b"{not json", b"[]", b'{"format": 1, "id": "0000000000000000"}'])
def test_audit_of_a_corrupted_manifest_is_one_line_and_exit_2(repo, garbage):
    root, first, _ = repo
    (root / "dist/releases" / first / "manifest.json").write_bytes(garbage)
    result = run_ccm("audit", "--target", "default", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and first in result.stderr and "--verify" in result.stderr
    assert verify(root).returncode == 1


def test_audit_of_a_target_lists_approvals_and_lint(repo):
    root, first, second = repo
    data = json.loads(run_ccm("audit", "--target", "default", "--format", "json", cwd=root).stdout)
    releases = data["releases"]
    assert [r["release"] for r in releases] == [first, second]
    assert releases[0]["approvals"]["approved_by"] == ["@alice"] and releases[0]["to"] == releases[1]["from"]
    assert releases[1]["approvals"]["reviewed_by"] == ["Bob <bob@kumo.example>"] and releases[1]["to"] is None
    assert releases[1]["lint"]["errors"] == 0 and releases[1]["rules"]["count"] > 50
    comm = json.loads(run_ccm("audit", "--target", "default", "--comm", "billing.payment-reminder", "--channel", "sms",
                              "--format", "json", cwd=root).stdout)["comms"][0]["changes"]
    assert [c["status"] for c in comm] == ["added", "changed"] and comm[1]["changed_variants"] == ["en-US/sms"]
    assert "Pay in the" in comm[1]["texts"]["en-US/sms"]["body"]


def test_evidence_is_deterministic_across_targets(repo):
    """The same commit published to a dir and a sqlite target: byte-equal evidence (only the
    publish time differs), findings and owners sorted, nothing from the target in it."""
    import sqlite3

    root, first, _ = repo
    from_dir = json.loads((root / "dist/releases" / first / "manifest.json").read_text("utf-8"))
    with sqlite3.connect(root / "dist/archive.db") as conn:
        (raw,), = conn.execute("SELECT manifest FROM ccm_releases WHERE id = ?", (first,)).fetchall()
    from_sqlite = json.loads(raw)
    for manifest in (from_dir, from_sqlite):
        manifest.pop("created_at")
    assert from_dir == from_sqlite
    evidence = from_dir["evidence"]
    assert evidence["version"] == 1 and evidence["previous"] is None
    assert evidence["variants"]["billing.payment-reminder"]["en-US/email"] == {"us-late-payment-disclosure": 1}
    assert evidence["required_owners"]["owners"] == sorted(evidence["required_owners"]["owners"])
