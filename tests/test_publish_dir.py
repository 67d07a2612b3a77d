"""`ccm publish` to a dir target: plan, apply, idempotency, refusals, rollback, history."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import edit
from test_publish_support import AUTHOR, ccm, commit, current_id, git_repo, manifest

R = "comms/billing/payment-reminder.yaml"


@pytest.fixture
def repo(tmp_path):
    return git_repo(tmp_path)


def target(repo):
    return repo / "dist" / "releases"


def test_plan_on_an_empty_target_lists_every_comm_as_added(repo):
    result = ccm("publish", "--plan", "--detailed-exitcode", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert "+ billing.payment-reminder  sha256:" in result.stdout
    assert "Plan: 13 to add, 0 to change, 0 to remove." in result.stdout
    assert not target(repo).exists(), "--plan writes nothing"

    data = json.loads(ccm("publish", "--plan", "--format", "json", cwd=repo).stdout)
    assert data["pending"] is True and data["summary"] == {"add": 13, "change": 0, "remove": 0}
    assert data["current"] is None


def test_publish_writes_a_complete_self_describing_release(repo):
    result = ccm("publish", cwd=repo)
    assert result.returncode == 0, result.stderr
    release_id = current_id(target(repo))
    folder = target(repo) / release_id
    data = manifest(folder)
    assert data["id"] == release_id
    assert data["source"]["branch"] == "main"
    assert data["source"]["author"] == f"{AUTHOR[0]} <{AUTHOR[1]}>"
    assert len(data["source"]["commit"]) == 40 and data["created_at"]
    for path, digest in data["artifacts"].items():
        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == digest, path
    # the id is derived from the content alone
    canonical = json.dumps(data["artifacts"], ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert hashlib.sha256(canonical.encode()).hexdigest()[:16] == release_id

    comm = folder / "comms" / "billing.payment-reminder"
    bundle = json.loads((comm / "en-US" / "email.json").read_text("utf-8"))
    assert "_snippets/help-footer.en.j2" in bundle["snippets"]
    assert bundle["clauses"]["us-late-payment-disclosure"]["version"] == 1
    assert bundle["facts"]["brand"] == "Kumo Energy"
    assert "plans" not in bundle["facts"], "only the facts the variant reads are bundled"
    contract = json.loads((comm / "contract.schema.json").read_text("utf-8"))
    assert contract["properties"]["invoice"]["properties"]["amount"] == {"type": "number", "minimum": 0}
    delivery = json.loads((comm / "delivery.json").read_text("utf-8"))
    assert delivery["category"] == "transactional" and delivery["consent"] == "none"
    assert delivery["send_window"] == {"start": "09:00", "end": "20:00", "timezone": "recipient"}
    assert delivery["caps"] == {"count": 1, "per": "7d"}
    assert delivery["audience"]["exclude"] == ["payment_holiday"]
    assert {"tag": "collections", "exclude": "payment_holiday"}.items() <= delivery["policy"]["suppressions"][0].items()


def test_publishing_the_same_commit_twice_changes_nothing(repo):
    assert ccm("publish", cwd=repo).returncode == 0
    before = sorted(p.relative_to(target(repo)).as_posix() for p in target(repo).rglob("*"))
    history = (target(repo) / "history.jsonl").read_text()
    again = ccm("publish", cwd=repo)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("No changes.")
    assert sorted(p.relative_to(target(repo)).as_posix() for p in target(repo).rglob("*")) == before
    assert (target(repo) / "history.jsonl").read_text() == history
    assert ccm("publish", "--plan", "--detailed-exitcode", cwd=repo).returncode == 0


def test_a_commit_without_content_changes_keeps_the_release_id(repo):
    assert ccm("publish", cwd=repo).returncode == 0
    first = current_id(target(repo))
    (repo / "README.md").write_text("Docs only\n")
    commit(repo, "Docs")
    result = ccm("publish", "--plan", "--detailed-exitcode", cwd=repo)
    assert result.returncode == 0 and "No changes" in result.stdout
    assert ccm("publish", cwd=repo).returncode == 0 and current_id(target(repo)) == first


def test_plan_shows_changed_variants_and_clause_versions(repo):
    assert ccm("publish", cwd=repo).returncode == 0
    edit(repo / R, "Please pay in the", "Pay in the")
    clause = repo / "policies/clauses/us-late-payment-disclosure.yaml"
    edit(clause, "version: 1", "version: 2")
    edit(clause, "please tell us.", "tell us.")
    commit(repo)
    result = ccm("publish", "--plan", "--detailed-exitcode", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert "~ billing.payment-reminder  sha256:" in result.stdout
    assert "~ en-US/sms  sha256:" in result.stdout
    assert "clause us-late-payment-disclosure: v1 -> v2" in result.stdout
    assert "ja-JP/sms" not in result.stdout, "unchanged variants are not listed"
    data = json.loads(ccm("publish", "--plan", "--format", "json", cwd=repo).stdout)
    changed = {c["comm"]: c for c in data["changes"]}
    assert changed["billing.payment-reminder"]["action"] == "change"
    assert {"id": "us-late-payment-disclosure", "old": 1, "new": 2} in data["clauses"]
    assert data["summary"]["add"] == 0 and data["summary"]["remove"] == 0


def test_removed_comm_is_planned_as_removed(repo):
    assert ccm("publish", cwd=repo).returncode == 0
    (repo / "comms/web/home-banner.yaml").unlink()
    commit(repo)
    result = ccm("publish", "--plan", cwd=repo)
    assert "- web.home-banner  sha256:" in result.stdout
    assert "Plan: 0 to add, 0 to change, 1 to remove." in result.stdout


def test_plan_describes_head_not_the_working_tree(repo):
    assert ccm("publish", cwd=repo).returncode == 0
    edit(repo / R, "Please pay in the", "Pay in the")  # not committed
    result = ccm("publish", "--plan", "--detailed-exitcode", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert "publishing would be refused" in result.stderr and "uncommitted" in result.stderr


@pytest.mark.parametrize("case", ["dirty", "untracked", "branch", "lint"])
def test_publish_refuses_and_force_reason_overrides_with_a_record(repo, case):
    import git

    if case == "dirty":
        edit(repo / R, "Please pay in the", "Pay in the")
        expected = "uncommitted changes"
    elif case == "untracked":
        (repo / "comms" / "notes.txt").write_text("draft\n")
        expected = "uncommitted changes (comms/notes.txt)"
    elif case == "branch":
        git.Repo(repo).git.checkout("-b", "feature/copy")
        expected = "HEAD is on branch 'feature/copy'; publishing is allowed from: main, master"
    else:
        edit(repo / R, "journey: use", "journy: use")
        commit(repo, "Typo")
        expected = "lint found 1 error(s)"
    refused = ccm("publish", cwd=repo)
    assert refused.returncode == 1
    assert expected in refused.stderr, refused.stderr
    assert "--force-reason" in refused.stderr
    assert not (target(repo) / "current").exists()

    forced = ccm("publish", "--force-reason", "Hotfix approved by legal (INC-42)", cwd=repo)
    assert forced.returncode == 0, forced.stderr
    data = manifest(target(repo) / current_id(target(repo)))
    assert data["forced"]["reason"] == "Hotfix approved by legal (INC-42)"
    assert any(o.startswith(case if case != "untracked" else "dirty") for o in data["forced"]["overrides"])
    history = json.loads((target(repo) / "history.jsonl").read_text().splitlines()[-1])
    assert history["reason"] == "Hotfix approved by legal (INC-42)"
    listing = ccm("releases", cwd=repo)
    assert "forced: Hotfix approved by legal (INC-42)" in listing.stdout


def test_allowed_branches_are_configurable(repo):
    import git

    edit(repo / "ccm.yaml", "default: {type: dir, path: dist/releases}",
         "default: {type: dir, path: dist/releases, allowed_branches: [release]}")
    commit(repo, "Publish from release only")
    assert "allowed from: release" in ccm("publish", cwd=repo).stderr
    git.Repo(repo).git.checkout("-b", "release")
    assert ccm("publish", cwd=repo).returncode == 0


def test_detached_head_in_github_actions_uses_the_ref_name(repo):
    import git

    sha = git.Repo(repo).head.commit.hexsha
    git.Repo(repo).git.checkout(sha)
    assert "detached HEAD" in ccm("publish", cwd=repo).stderr
    env = {"GITHUB_REF_TYPE": "branch", "GITHUB_REF_NAME": "main", "GITHUB_SHA": sha}
    assert ccm("publish", cwd=repo, env=env).returncode == 0


def test_rollback_and_releases(repo):
    assert ccm("publish", cwd=repo).returncode == 0
    first = current_id(target(repo))
    edit(repo / R, "Please pay in the", "Pay in the")
    commit(repo)
    assert ccm("publish", cwd=repo).returncode == 0
    second = current_id(target(repo))
    assert second != first

    rolled = ccm("publish", "--rollback", first[:7], cwd=repo)
    assert rolled.returncode == 0, rolled.stderr
    assert f"release {first} is current again (was {second})" in rolled.stdout
    assert current_id(target(repo)) == first
    assert ccm("publish", "--rollback", first, cwd=repo).stdout.startswith("Nothing to do")

    listing = json.loads(ccm("releases", "--format", "json", cwd=repo).stdout)
    assert listing["current"] == first
    assert [r["id"] for r in listing["releases"]] == [first, second]
    assert [e["action"] for e in listing["history"]] == ["publish", "publish", "rollback"]
    assert listing["history"][-1]["previous"] == second
    table = ccm("releases", cwd=repo).stdout.splitlines()
    assert table[0].split() == ["RELEASE", "CREATED", "COMMIT", "BRANCH", "COMMS", "AUTHOR", "NOTE"]
    assert table[1].split()[0] == second and table[2].split()[:2] == ["*", first]

    # HEAD still wants the second release: the plan says so, and publishing reactivates it
    assert ccm("publish", "--plan", "--detailed-exitcode", cwd=repo).returncode == 2
    assert ccm("publish", cwd=repo).returncode == 0 and current_id(target(repo)) == second

    missing = ccm("publish", "--rollback", "ffffffffffffffff", cwd=repo)
    assert missing.returncode == 1 and "no release 'ffffffffffffffff'" in missing.stderr


def test_configuration_errors_exit_1_even_with_detailed_exitcode(repo):
    result = ccm("publish", "--plan", "--detailed-exitcode", "--target", "prod", cwd=repo)
    assert result.returncode == 1
    assert "no publish target 'prod' in ccm.yaml (configured: default)" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_git_repository_is_refused(tmp_path):
    from conftest import copy_repo

    root = copy_repo("example", tmp_path)
    result = ccm("publish", cwd=root)
    assert result.returncode == 1 and "not in a git repository" in result.stderr
