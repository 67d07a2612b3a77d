"""Annotations and SARIF point into the git checkout, also when the content repository is a folder of it.

GitHub reads `::error file=…` and SARIF locations from the checkout's root; `action.yml`'s
`working-directory` (a monorepo's `content/`) used to make them relative to the content
folder, so every annotation landed nowhere. JSON and text keep content-relative paths (SPEC 3.1).
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from conftest import edit, run_ccm


@pytest.fixture
def monorepo(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert run_ccm("init", "content", cwd=tmp_path).returncode == 0
    edit(tmp_path / "content/comms/account/welcome.yaml", "Your account is ready to use.", "Your account is ready to use. Act now!")
    return tmp_path


def test_github_and_sarif_paths_are_checkout_relative(monorepo):
    content = monorepo / "content"
    github = run_ccm("lint", "--format", "github", cwd=content)
    assert re.search(r"^::error file=content/comms/account/welcome\.yaml,line=\d+", github.stdout, re.M), github.stdout
    sarif = json.loads(run_ccm("lint", "--format", "sarif", cwd=content).stdout)["runs"][0]
    assert sarif["originalUriBaseIds"]["%SRCROOT%"]["uri"] == monorepo.resolve().as_uri() + "/"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["results"]}
    assert uris == {"content/comms/account/welcome.yaml"}
    findings = json.loads(run_ccm("lint", "--format", "json", cwd=content).stdout)["findings"]
    assert {f["file"] for f in findings} == {"comms/account/welcome.yaml"}  # SPEC 3.1: the content repository's path


def test_merged_shards_point_into_the_checkout(monorepo):
    content = monorepo / "content"
    for index in (1, 2):
        result = run_ccm("lint", "--shard", f"{index}/2", "--format", "json", "--output", f"shard-{index}.json", cwd=content)
        assert result.returncode in (0, 1), result.stderr
    merged = run_ccm("merge-results", "shard-1.json", "shard-2.json", "--format", "github", cwd=content)
    assert "::error file=content/comms/account/welcome.yaml," in merged.stdout, merged.stdout + merged.stderr


def test_a_content_repository_at_the_checkout_root_is_unchanged(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    assert run_ccm("init", "repo", "--force", cwd=tmp_path).returncode == 0
    edit(tmp_path / "repo/comms/account/welcome.yaml", "Your account is ready to use.", "Your account is ready to use. Act now!")
    github = run_ccm("lint", "--format", "github", cwd=tmp_path / "repo")
    assert "::error file=comms/account/welcome.yaml," in github.stdout
