"""The workflows ccm ships and scaffolds keep CI's secrets away from the pull request's content.

A pull request's YAML, templates and file names reach ccm, which reads, renders and prints them.
So in every workflow (this repository's, every `ccm init` region's) and in action.yml:
checkouts keep no token in .git/config, ccm comes from the pinned requirements file (never a
bare package name that anybody can register on the index), reports are written outside the
checkout, no step that runs ccm sees a token, and the SARIF upload is skipped where code
scanning cannot take it (private repositories without it, pull requests from forks).
"""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from ccm_cli.commands.ccm_source import DISTRIBUTION, REQUIREMENTS_FILE, check_requirement, installed_requirement
from ccm_cli.commands.init import REGIONS, scaffold_files
from conftest import ROOT, run_ccm


def _load(text: str) -> dict:
    return YAML(typ="safe", pure=True).load(text)


def _workflows() -> list[tuple[str, dict]]:
    found = [(f"repo:{p.name}", _load(p.read_text("utf-8"))) for p in sorted((ROOT / ".github/workflows").glob("*.yml"))]
    for region in sorted(REGIONS):
        files = scaffold_files(region, {"__PROJECT__": "x", "__ORG__": "o"})
        for rel in sorted(files):
            if rel.startswith(".github/workflows/"):
                found.append((f"{region}:{rel}", _load(files[rel])))
    return found


WORKFLOWS = _workflows()


def _steps(document: dict):
    for job in document["jobs"].values():
        yield from job["steps"]


@pytest.mark.parametrize("name,document", WORKFLOWS, ids=[n for n, _ in WORKFLOWS])
def test_checkouts_keep_no_token(name, document):
    checkouts = [s for s in _steps(document) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, name


@pytest.mark.parametrize("name,document", WORKFLOWS, ids=[n for n, _ in WORKFLOWS])
def test_ccm_is_installed_from_the_pinned_requirements(name, document):
    installs = [s["run"] for s in _steps(document) if "pip install" in s.get("run", "")]
    assert installs, name
    for script in installs:
        assert script.strip() == f"pip install -r {REQUIREMENTS_FILE}", (name, script)


@pytest.mark.parametrize("name,document", WORKFLOWS, ids=[n for n, _ in WORKFLOWS])
def test_no_step_running_ccm_sees_a_token(name, document):
    for job in document["jobs"].values():
        assert "GH_TOKEN" not in str(job.get("env") or {}) and "github.token" not in str(job.get("env") or {})
    for step in _steps(document):
        env = str(step.get("env") or {})
        if re.search(r"(^|\s)ccm ", step.get("run", "")):
            assert "token" not in env.lower() and "secrets." not in env, (name, step.get("name"))


@pytest.mark.parametrize("name,document", WORKFLOWS, ids=[n for n, _ in WORKFLOWS])
def test_reports_are_written_outside_the_checkout(name, document):
    for step in _steps(document):
        for output in re.findall(r"(?:--output|-o|--html)\s+(\S+)", step.get("run", "")):
            assert output.startswith('"$RUNNER_TEMP/'), (name, output)


@pytest.mark.parametrize("name,document", WORKFLOWS, ids=[n for n, _ in WORKFLOWS])
def test_sarif_upload_only_where_code_scanning_can_take_it(name, document):
    for step in _steps(document):
        if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"):
            condition = step.get("if", "")
            assert "github.event.repository.private" in condition and "vars.CCM_CODE_SCANNING" in condition, name
            assert "head.repo.full_name == github.repository" in condition, name


@pytest.mark.parametrize("name,document", WORKFLOWS, ids=[n for n, _ in WORKFLOWS])
def test_pull_requests_never_save_a_cache(name, document):
    if "pull_request" not in document.get("on", document.get(True, {})):
        return
    for step in _steps(document):
        uses = step.get("uses", "")
        if uses.startswith("actions/cache"):
            assert uses.startswith("actions/cache/restore@"), (name, uses)


def test_action_installs_its_own_checkout_and_reads_no_token_while_linting():
    action = _load((ROOT / "action.yml").read_text("utf-8"))
    steps = action["runs"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert "github.action_path" in str(install.get("env"))
    for step in steps:
        if re.search(r"(^|\s)ccm ", step.get("run", "")):
            assert "token" not in str(step.get("env") or {}).lower(), step["name"]


def test_the_distribution_name_is_ours():
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert re.search(rf'^name = "{DISTRIBUTION}"$', text, re.M)
    # 'ccm-cli' on the package index is an unrelated tool with its own `ccm` command
    for path in [ROOT / "README.md", ROOT / "action.yml", *ROOT.glob("docs/*.md"), *ROOT.glob(".github/**/*"),
                 *(ROOT / "ccm_cli/scaffold").rglob("*.tmpl")]:
        if path.is_file():
            assert not re.search(r"install[^\n]*\bccm-cli\b", path.read_text("utf-8")), path


def test_init_pins_the_requirement(tmp_path):
    result = run_ccm("init", "repo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "repo" / REQUIREMENTS_FILE).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines == [installed_requirement()[0]]
    assert lines[0].startswith(f"{DISTRIBUTION}==") or lines[0].startswith(f"{DISTRIBUTION} @ ")


def test_init_takes_a_requirement_and_refuses_a_loose_one(tmp_path):
    pinned = f"{DISTRIBUTION} @ git+https://github.com/acme/ccm@{'a' * 40}"
    assert run_ccm("init", "one", "--ccm-requirement", pinned, cwd=tmp_path).returncode == 0
    assert (tmp_path / "one" / REQUIREMENTS_FILE).read_text("utf-8").rstrip().endswith(pinned)
    for loose in ("ccm-cli", DISTRIBUTION, f"{DISTRIBUTION}>=0.1", f"{DISTRIBUTION}==1\nevil==2", ""):
        assert check_requirement(loose)
        result = run_ccm("init", "two", "--ccm-requirement", loose, cwd=tmp_path)
        assert result.returncode == 2 and "--ccm-requirement" in result.stderr, (loose, result.stderr)
        assert not (tmp_path / "two").exists()
