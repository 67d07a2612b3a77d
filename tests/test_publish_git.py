"""The `git` publish target, and the release workflow `ccm init` writes, run as a script.

The target commits each release to a branch of the same repository (one commit per publish or
rollback) without touching the working tree, the index or the checked-out branch. The workflow
test runs the scaffold's release.yml steps with bash in fresh clones of a bare "GitHub"
repository — three runners: publish, publish again after a merge, roll back — and the history
must survive every fresh clone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import edit, run_ccm
from test_publish_support import ccm, commit, git_repo

TARGET = "  history: {type: git, branch: ccm-releases}\n"
R = "comms/billing/payment-reminder.yaml"


def git(root: Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                          env={**os.environ, **(env or {})}).stdout.strip()


def with_git_target(root: Path) -> Path:
    config = root / "ccm.yaml"
    config.write_text(config.read_text("utf-8").replace("publish:\n", "publish:\n" + TARGET, 1), "utf-8")
    commit(root, "Add the git target")
    return root


@pytest.fixture
def repo(tmp_path):
    return with_git_target(git_repo(tmp_path))


def state(root: Path) -> tuple:
    """What a publish must never change: HEAD, its branch, the index, the working tree."""
    return (git(root, "rev-parse", "HEAD"), git(root, "symbolic-ref", "HEAD"), (root / ".git" / "index").read_bytes(),
            git(root, "status", "--porcelain", "--untracked-files=all"))


def releases(root: Path) -> dict:
    result = ccm("releases", "--target", "history", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_publish_commits_each_release_to_the_branch_and_nothing_else(repo):
    before = state(repo)
    first = ccm("publish", "--target", "history", "--approved-by", "@alice", cwd=repo)
    assert first.returncode == 0, first.stderr
    assert state(repo) == before, "the working tree, index and HEAD are untouched"
    log = git(repo, "log", "--format=%s", "ccm-releases").splitlines()
    assert len(log) == 1 and log[0].startswith("ccm: store release ")
    rid = git(repo, "show", "ccm-releases:current")
    manifest = json.loads(git(repo, "show", f"ccm-releases:releases/{rid}/manifest.json"))
    assert manifest["id"] == rid and manifest["evidence"]["approvals"]["approved_by"] == ["@alice"]
    assert manifest["evidence"]["previous"] is None

    again = ccm("publish", "--target", "history", cwd=repo)
    assert again.returncode == 0 and again.stdout.startswith("No changes."), again.stderr
    assert len(git(repo, "log", "--format=%s", "ccm-releases").splitlines()) == 1, "publishing the same content is a no-op"

    edit(repo / R, "Please pay in the", "Pay in the")
    commit(repo, "Shorter SMS\n\nReviewed-by: Bob Legal <bob@kumo.example>")
    assert ccm("publish", "--target", "history", cwd=repo).returncode == 0
    second = git(repo, "show", "ccm-releases:current")
    newer = json.loads(git(repo, "show", f"ccm-releases:releases/{second}/manifest.json"))
    assert newer["evidence"]["previous"]["id"] == rid
    assert newer["evidence"]["approvals"]["trailers"] == [{"key": "Reviewed-by", "value": "Bob Legal <bob@kumo.example>"}]
    assert newer["evidence"]["changes"]["paths"] == [R]
    assert newer["evidence"]["required_owners"]["owners"] == ["@kumo-energy/billing"]

    back = ccm("publish", "--target", "history", "--rollback", rid[:8], cwd=repo)
    assert back.returncode == 0, back.stderr
    data = releases(repo)
    assert data["current"] == rid and [e["action"] for e in data["history"]] == ["publish", "publish", "rollback"]
    assert len(git(repo, "log", "--format=%s", "ccm-releases").splitlines()) == 3
    assert run_ccm("audit", "--verify", "--target", "history", cwd=repo).returncode == 0


def test_a_fresh_clone_builds_on_the_fetched_branch(repo, tmp_path):
    assert ccm("publish", "--target", "history", cwd=repo).returncode == 0
    first = git(repo, "show", "ccm-releases:current")
    clone = tmp_path / "runner"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "checkout", "-q", "main")
    assert git(clone, "branch", "--list", "ccm-releases") == "", "no local branch: only origin/ccm-releases"
    assert releases(clone)["current"] == first
    edit(clone / R, "Please pay in the", "Pay in the")
    commit(clone, "Shorter SMS")
    assert ccm("publish", "--target", "history", cwd=clone).returncode == 0
    assert len(git(clone, "log", "--format=%H", "ccm-releases").splitlines()) == 2, "built on the fetched history"
    assert git(clone, "merge-base", "--is-ancestor", "origin/ccm-releases", "ccm-releases") == ""


def test_a_release_edited_on_the_branch_fails_verification(repo):
    assert ccm("publish", "--target", "history", cwd=repo).returncode == 0
    rid = git(repo, "show", "ccm-releases:current")
    # someone with push rights rewrites the approvals in a later commit on the branch
    worktree = repo.parent / "tamper"
    git(repo, "worktree", "add", "-q", str(worktree), "ccm-releases")
    path = worktree / "releases" / rid / "manifest.json"
    data = json.loads(path.read_text("utf-8"))
    data["evidence"]["approvals"]["approved_by"] = ["@mallory"]
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")
    git(worktree, "commit", "-q", "-am", "fix approvals")
    result = run_ccm("audit", "--verify", "--target", "history", cwd=repo)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("ccm: broken: release " + rid) and "edited" in first, result.stderr
    assert "changed after it was published, by commit" in result.stderr


def test_the_checked_out_branch_is_never_a_target(repo):
    config = repo / "ccm.yaml"
    config.write_text(config.read_text("utf-8").replace("branch: ccm-releases", "branch: main"), "utf-8")
    commit(repo, "Misconfigured")
    result = ccm("publish", "--target", "history", cwd=repo)
    assert result.returncode == 1 and "branch main is checked out" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- the workflow, run as a script
FAKE_GH = """#!/bin/sh
# gh as the workflow calls it: the pull request of the pushed commit, then its approving reviews
case "$*" in
  *"/commits/"*"/pulls"*) echo 7 ;;
  *"/pulls/7/reviews"*) printf '@alice\\n@bob\\n' ;;
  *) exit 1 ;;
esac
"""


def _shims(bin_dir: Path) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    (bin_dir / "ccm").write_text(f"#!/bin/sh\nexec {sys.executable} -m ccm_cli.cli \"$@\"\n")
    (bin_dir / "gh").write_text(FAKE_GH)
    for name in ("ccm", "gh"):
        (bin_dir / name).chmod(0o755)


def _condition(expression: str | None, inputs: dict, outputs: dict) -> bool:
    if not expression:
        return True
    text = expression.replace("steps.plan.outputs.changes", repr(outputs.get("plan", {}).get("changes", "")))
    text = text.replace("inputs.rollback", repr(inputs.get("rollback", "")))
    return bool(eval(text.replace("||", " or ").replace("&&", " and "), {}))  # only the workflow's own conditions


def run_workflow(origin: Path, work: Path, name: str, inputs: dict | None = None) -> Path:
    """One run of the release job on a fresh runner: clone (as actions/checkout with
    fetch-depth 0), then every `run:` step whose condition holds, with bash -eo pipefail."""
    from ruamel.yaml import YAML

    inputs = inputs or {}
    runner = work / name
    git(work, "clone", "-q", str(origin), str(runner))
    temp = work / f"{name}-temp"
    temp.mkdir()
    bin_dir = work / "bin"
    _shims(bin_dir)
    workflow = YAML(typ="safe", pure=True).load((runner / ".github/workflows/release.yml").read_text("utf-8"))
    job = workflow["jobs"]["publish"]
    assert job["permissions"]["contents"] == "write" and workflow["permissions"] == {"contents": "read"}
    outputs: dict[str, dict] = {}
    expressions = {"github.token": "test-token", "inputs.rollback": inputs.get("rollback", ""), "github.sha": "x"}
    for step in job["steps"]:
        if "run" not in step or "pip install" in step["run"] or not _condition(step.get("if"), inputs, outputs):
            continue
        output_file = temp / "output"
        output_file.write_text("")
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(output_file),
               "GITHUB_REPOSITORY": "kumo/comms", "GITHUB_SHA": git(runner, "rev-parse", "HEAD"), "GITHUB_ACTOR": "ci-bot",
               "NO_COLOR": "1"}
        for key, value in (step.get("env") or {}).items():
            for expression, replacement in expressions.items():
                value = value.replace("${{ " + expression + " }}", replacement)
            env[key] = value
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=runner, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"step {step.get('name')}: {done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        if step.get("id"):
            outputs[step["id"]] = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
    assert git(runner, "status", "--porcelain") == "" and git(runner, "symbolic-ref", "HEAD") == "refs/heads/main"
    return runner


def test_release_workflow_keeps_the_history_across_fresh_runners(tmp_path):
    dev = tmp_path / "dev"
    init = run_ccm("init", str(dev), "--region", "jp", "--org", "kumo", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    git(dev, "init", "-q", "-b", "main")
    git(dev, "-c", "user.name=Dev", "-c", "user.email=dev@kumo.example", "add", "-A")
    git(dev, "-c", "user.name=Dev", "-c", "user.email=dev@kumo.example", "commit", "-q", "-m", "Scaffold")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(dev), str(origin))
    git(dev, "remote", "add", "origin", str(origin))

    run_workflow(origin, tmp_path, "runner-1")
    first = git(origin, "show", "ccm-releases:current")

    welcome = next(dev.glob("comms/account/welcome.yaml"))
    text = welcome.read_text("utf-8")
    welcome.write_text(text.replace("ようこそ", "ようこそ！", 1) if "ようこそ" in text else text + "\n# edited\n", "utf-8")
    git(dev, "-c", "user.name=Dev", "-c", "user.email=dev@kumo.example", "commit", "-q", "-am",
        "Merge pull request #7\n\nReviewed-by: Rie <rie@kumo.example>")
    git(dev, "push", "-q", "origin", "main")
    run_workflow(origin, tmp_path, "runner-2")
    second = git(origin, "show", "ccm-releases:current")
    assert second != first, "the edit made a new release"

    run_workflow(origin, tmp_path, "runner-3", {"rollback": first})
    assert git(origin, "show", "ccm-releases:current") == first

    final = tmp_path / "auditor"
    git(tmp_path, "clone", "-q", str(origin), str(final))
    data = releases(final)
    assert data["current"] == first and {r["id"] for r in data["releases"]} == {first, second}
    assert [(e["action"], e["release_id"]) for e in data["history"]] == [("publish", first), ("publish", second), ("rollback", first)]
    assert len(git(origin, "log", "--format=%H", "ccm-releases").splitlines()) == 3, "one commit per publish or rollback"
    manifest = json.loads(git(origin, "show", f"ccm-releases:releases/{second}/manifest.json"))
    assert manifest["evidence"]["approvals"]["approved_by"] == ["@alice", "@bob"]
    assert manifest["evidence"]["previous"]["id"] == first
    verify = run_ccm("audit", "--verify", "--target", "history", cwd=final)
    assert verify.returncode == 0, verify.stderr
    audit = run_ccm("audit", "--target", "history", "--format", "json", cwd=final)
    periods = [(r["release"], r["action"]) for r in json.loads(audit.stdout)["releases"]]
    assert periods == [(first, "publish"), (second, "publish"), (first, "rollback")]


def test_a_branch_moved_during_a_publish_is_never_overwritten(repo):
    """update-ref NEW OLD is a compare-and-swap: when something else moves the branch while a
    publish has built its commit, the publish fails and the other commit stays."""
    from test_publish_support import spawn, wait_paused

    process = spawn("publish", "--target", "history", cwd=repo,
                    env={"CCM_TEST_PAUSE_AT": "written", "CCM_TEST_PAUSE_SECONDS": "3"})
    wait_paused(process, "written")
    empty_tree = git(repo, "hash-object", "-t", "tree", "/dev/null")
    other = git(repo, "commit-tree", empty_tree, "-m", "someone else's commit")
    git(repo, "update-ref", "refs/heads/ccm-releases", other)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "branch ccm-releases moved while publishing" in stderr and "Traceback" not in stderr
    assert git(repo, "rev-parse", "ccm-releases") == other


def test_a_publish_killed_before_the_ref_moves_changes_nothing(repo):
    import signal

    from test_publish_support import spawn, wait_paused

    before = state(repo)
    process = spawn("publish", "--target", "history", cwd=repo, env={"CCM_TEST_PAUSE_AT": "written"})
    wait_paused(process, "written")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert state(repo) == before
    assert subprocess.run(["git", "rev-parse", "--verify", "-q", "ccm-releases"], cwd=repo).returncode != 0, "no branch yet"
    assert ccm("publish", "--target", "history", cwd=repo).returncode == 0, "the next publish just works"
