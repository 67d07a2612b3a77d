"""The pre-commit hooks this repository ships (.pre-commit-hooks.yaml), tested offline.

A `language: python` hook makes pre-commit build a virtualenv and `pip install` ccm and all its
dependencies from the package index: that needs the network, and takes minutes (MeCab's
dictionary alone is tens of megabytes). So the offline tests check two things separately:

1. the manifest is valid by pre-commit's own schema (`pre_commit.clientlib.load_manifest`);
2. the hooks *as defined there* (same id, entry, files, pass_filenames, require_serial) run
   for real through `pre-commit run` in a scaffolded git repository, with `language: system`
   so pre-commit uses the ccm installed in this environment instead of building its own.

The end-to-end `pre-commit try-repo` with the real `language: python` hook runs only when
CCM_TEST_NETWORK=1 is set (it needs the package index).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, edit

clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is not installed (pip install -e '.[dev]')")

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
BIN = str(Path(sys.executable).parent)


def manifest() -> list[dict]:
    return clientlib.load_manifest(str(MANIFEST))


def env(tmp_path: Path) -> dict:
    return {
        **os.environ,
        "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    }


def git(repo: Path, *args: str, environ: dict) -> None:
    subprocess.run(["git", *args], cwd=repo, env=environ, check=True, capture_output=True)


def pre_commit(repo: Path, *args: str, environ: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=environ,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def content_repo(tmp_path) -> tuple[Path, dict]:
    """A scaffolded content repository under git, with the shipped hooks as local hooks."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from test_init import run_init

    assert run_init("repo", "--region", "us", cwd=tmp_path).returncode == 0
    repo = tmp_path / "repo"
    environ = env(tmp_path)
    hooks = []
    for hook in manifest():
        local = {key: hook[key] for key in ("id", "name", "entry", "files", "pass_filenames", "require_serial")}
        local["language"] = "system"
        if shutil.which("ccm", path=environ["PATH"]) is None:
            local["entry"] = local["entry"].replace("ccm ", f"{sys.executable} -m ccm_cli.cli ", 1)
        hooks.append(local)
    import json

    (repo / ".pre-commit-config.yaml").write_text(json.dumps({"repos": [{"repo": "local", "hooks": hooks}]}, indent=2), "utf-8")
    git(repo, "init", "-q", environ=environ)
    git(repo, "add", "-A", environ=environ)
    git(repo, "commit", "-q", "-m", "scaffold", environ=environ)
    return repo, environ


def test_manifest_is_valid_for_pre_commit():
    hooks = {hook["id"]: hook for hook in manifest()}
    assert set(hooks) == {"ccm-lint", "ccm-lint-all"}
    assert hooks["ccm-lint"]["pass_filenames"] is True
    assert hooks["ccm-lint-all"]["pass_filenames"] is False
    for hook in hooks.values():
        assert hook["entry"] == "ccm lint"
        assert hook["language"] == "python"  # pre-commit installs this repository (pip install .)
        assert hook["require_serial"] is True


def test_hook_files_pattern_selects_what_ccm_reads():
    import re

    pattern = re.compile(manifest()[0]["files"])
    for path in ("ccm.yaml", "CODEOWNERS", "brand/facts.yaml", "policies/clauses/x.yaml", "comms/a/b.yaml",
                 "comms/_snippets/f.en.j2", "content/comms/a/b.yaml"):
        assert pattern.search(path), path
    for path in ("README.md", "src/app.py", ".github/workflows/pr.yml", "docs/brand.md"):
        assert not pattern.search(path), path


def test_hook_passes_on_a_clean_repository(content_repo):
    repo, environ = content_repo
    result = pre_commit(repo, "run", "--all-files", environ=environ)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ccm lint" in result.stdout and "Passed" in result.stdout


def test_hook_reports_only_the_files_of_the_commit(content_repo):
    repo, environ = content_repo
    edit(repo / "comms/account/welcome.yaml", "Your account is ready to use.", "Your cheap account is ready to use.")
    edit(repo / "comms/marketing/monthly-news.yaml", "Monthly news", "Monthly news letter")
    git(repo, "add", "comms/marketing/monthly-news.yaml", environ=environ)

    staged = pre_commit(repo, "run", "ccm-lint", environ=environ)  # the staged files only
    assert staged.returncode == 0, staged.stdout + staged.stderr

    git(repo, "add", "comms/account/welcome.yaml", environ=environ)
    both = pre_commit(repo, "run", "ccm-lint", environ=environ)
    assert both.returncode == 1
    assert "brand/banned-phrase" in both.stdout
    assert "comms/account/welcome.yaml" in both.stdout


def test_whole_repository_hook_sees_findings_outside_the_changed_files(content_repo):
    repo, environ = content_repo
    edit(repo / "comms/account/welcome.yaml", "Your account is ready to use.", "Your cheap account is ready to use.")
    result = pre_commit(repo, "run", "ccm-lint-all", "--files", "brand/facts.yaml", environ=environ)
    assert result.returncode == 1
    assert "brand/banned-phrase" in result.stdout
    only_facts = pre_commit(repo, "run", "ccm-lint", "--files", "brand/facts.yaml", environ=environ)
    assert only_facts.returncode == 0, only_facts.stdout


def test_scaffolded_pre_commit_config_runs(tmp_path):
    """The .pre-commit-config.yaml that `ccm init` writes works as it is (a local system hook)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from test_init import run_init

    assert run_init("repo", cwd=tmp_path).returncode == 0
    repo = tmp_path / "repo"
    environ = env(tmp_path)
    if shutil.which("ccm", path=environ["PATH"]) is None:
        pytest.skip("the ccm entry point is not installed next to this Python")
    git(repo, "init", "-q", environ=environ)
    git(repo, "add", "-A", environ=environ)
    result = pre_commit(repo, "run", "--all-files", environ=environ)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(os.environ.get("CCM_TEST_NETWORK") != "1",
                    reason="needs the package index: pre-commit pip-installs ccm and its dependencies into a new "
                           "virtualenv (set CCM_TEST_NETWORK=1 to run)")
def test_try_repo_with_the_real_python_hook(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from test_init import run_init

    environ = env(tmp_path)
    source = tmp_path / "ccm-source"  # try-repo needs a git repository; copy the working tree
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "*.egg-info", "__pycache__", ".pytest_cache",
                                                                "dist", "site", ".ccm-cache", "build"))
    git(source, "init", "-q", environ=environ)
    git(source, "add", "-A", environ=environ)
    git(source, "commit", "-q", "-m", "ccm", environ=environ)
    assert run_init("repo", cwd=tmp_path).returncode == 0
    repo = tmp_path / "repo"
    git(repo, "init", "-q", environ=environ)
    git(repo, "add", "-A", environ=environ)
    result = pre_commit(repo, "try-repo", str(source), "ccm-lint", "--all-files", environ=environ)
    assert result.returncode == 0, result.stdout + result.stderr
