"""The GitHub workflows run real `ccm` commands: run the same commands here, so they cannot rot.

Every `ccm …` line of every `run:` script is executed, in order, in a git copy of the example
repository (the PR job on a branch with a change; the release job on main). A command whose
subcommand is not registered in the CLI yet is skipped, with the reason.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import ROOT, edit
from test_publish_support import ccm, commit, git_repo, registered

WORKFLOWS = ROOT / ".github" / "workflows"
EXPRESSIONS = {"github.base_ref": "main", "github.event.pull_request.number": "1"}
# the runner's environment: reports go to $RUNNER_TEMP, outside the checkout
ENVIRONMENT = {"RUNNER_TEMP": "../runner-temp", "BASE_REF": "main"}


def load(name: str) -> dict:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load((WORKFLOWS / name).read_text("utf-8"))


def ccm_commands(name: str) -> list[tuple[str, list[str], str | None]]:
    """(step name, argv after `ccm`, output file) for every ccm line, in order."""
    found = []
    for job in load(name)["jobs"].values():
        for step in job["steps"]:
            script = step.get("run") or ""
            for line in script.replace("\\\n", " ").splitlines():
                line = line.strip()
                if not line.startswith("ccm "):
                    continue
                line = re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: EXPRESSIONS[m.group(1)], line)
                line = re.sub(r"\$([A-Z_]+)", lambda m: ENVIRONMENT[m.group(1)], line)
                line = line.split("||")[0]
                command, _, output = line.partition(">")
                argv = shlex.split(command)[1:]
                found.append((step.get("name", ""), argv, output.strip() or None))
    return found


def test_workflows_are_valid_and_wire_the_expected_steps():
    pr, release = load("pr.yml"), load("release.yml")
    assert set(pr["jobs"]) == {"lint", "diff", "preview"}
    uses = [s.get("uses", "") for job in pr["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    assert release["on"]["push"]["branches"] == ["main"]
    steps = release["jobs"]["publish"]["steps"]
    publish = next(s for s in steps if s.get("name") == "Publish")
    assert publish["if"] == "steps.plan.outputs.exitcode == '2'"
    lines = [" ".join(argv) for _, argv, _ in ccm_commands("pr.yml")]
    assert lines == ["lint --format sarif -o ../runner-temp/ccm.sarif", "lint --format github",
                     "diff origin/main --format markdown -o ../runner-temp/ccm-diff.md", "preview --html ../runner-temp/ccm-preview"]
    assert [" ".join(argv) for _, argv, _ in ccm_commands("release.yml")] == [
        "lint --format github", "publish --plan --detailed-exitcode", "publish", "releases"]
    # main saves the result cache that pull requests restore (same path, a key prefix they ask for)
    caches = {name: next(s["with"] for job in load(name)["jobs"].values() for s in job["steps"]
                         if s.get("uses", "").startswith("actions/cache")) for name in ("pr.yml", "release.yml")}
    assert caches["pr.yml"]["path"] == caches["release.yml"]["path"] == ".ccm-cache"
    assert caches["release.yml"]["key"].startswith("ccm-main-")
    assert "ccm-main-" in caches["pr.yml"]["restore-keys"].split()


@pytest.fixture(scope="module")
def pr_repo(tmp_path_factory):
    import git

    root = git_repo(tmp_path_factory.mktemp("pr"))
    repo = git.Repo(root)
    repo.git.update_ref("refs/remotes/origin/main", repo.head.commit.hexsha)  # what actions/checkout fetches
    repo.git.checkout("-b", "copy-edit")
    edit(root / "comms/billing/payment-reminder.yaml", "Please pay in the", "Pay in the")
    commit(root, "Shorter SMS")
    (root.parent / "runner-temp").mkdir()
    return root


@pytest.fixture(scope="module")
def release_repo(tmp_path_factory):
    return git_repo(tmp_path_factory.mktemp("release"))


def _run(root: Path, argv: list[str], output: str | None):
    subcommand = argv[0]
    if subcommand not in ("publish", "releases") and not registered(subcommand):
        pytest.skip(f"'ccm {subcommand}' is not registered in ccm_cli/cli.py yet")
    result = ccm(*argv, cwd=root)
    if output:
        (root / output).write_text(result.stdout, "utf-8")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


@pytest.mark.parametrize("index", range(len(ccm_commands("pr.yml"))), ids=lambda i: " ".join(ccm_commands("pr.yml")[i][1]))
def test_pr_workflow_commands_run(pr_repo, index):
    _, argv, output = ccm_commands("pr.yml")[index]
    result = _run(pr_repo, argv, output)
    allowed = {0, 1} if argv[0] == "diff" else {0}  # the diff step tolerates 1 ("changes")
    assert result.returncode in allowed, result.stdout + result.stderr
    written = pr_repo / argv[argv.index("-o") + 1] if "-o" in argv else None
    if argv[0] == "lint" and written:
        assert written.is_file()
    if argv[0] == "preview":
        site = pr_repo / argv[argv.index("--html") + 1]
        assert site.is_dir() and any(site.iterdir())
    if argv[0] == "diff":
        assert "billing.payment-reminder" in written.read_text("utf-8")


@pytest.mark.parametrize("index", range(len(ccm_commands("release.yml"))), ids=lambda i: " ".join(ccm_commands("release.yml")[i][1]))
def test_release_workflow_commands_run(release_repo, index):
    _, argv, output = ccm_commands("release.yml")[index]
    result = _run(release_repo, argv, output)
    if "--detailed-exitcode" in argv:
        assert result.returncode == 2, result.stderr  # first publish: changes pending, so the Publish step runs
    else:
        assert result.returncode == 0, result.stderr
    if argv == ["publish"]:
        assert (release_repo / "dist" / "releases" / "current").is_symlink()
    if argv[0] == "releases":
        assert "* " in result.stdout or result.stdout.lstrip().startswith("*")
