"""`ccm init DIR`: a content repository that lints clean at once, for every region, and a
scaffold that never modifies or loses a file the user already has."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

import pytest

from conftest import ROOT, run_ccm
from ccm_cli.commands.init import REGIONS, scaffold_files
from ccm_cli.schemas import SCHEMA_FILES, SCHEMA_NAMES, schema_with_id

SCAFFOLD = ROOT / "ccm_cli" / "scaffold"
REGION_LOCALES = {
    "us": ["en-US"],
    "jp": ["ja-JP", "en-US"],
    "eu": ["en-GB", "de-DE"],
    "ca": ["en-CA", "fr-CA"],
}

# Until cli.py registers `init`, the same function runs behind a two-line typer app with the
# error handling of ccm_cli.cli.main (one line on stderr, exit 2).
_STANDALONE = """
import sys, typer
from ccm_cli.commands.init import init
from ccm_cli.errors import CcmError
app = typer.Typer()
app.command("init")(init)
@app.callback()
def _main(): pass
try:
    code = app(sys.argv[1:], standalone_mode=False)
except CcmError as error:
    print("ccm: " + error.one_line(), file=sys.stderr); sys.exit(2)
sys.exit(code if isinstance(code, int) else 0)
"""


def _registered() -> bool:
    from ccm_cli.cli import app

    return any((c.name or c.callback.__name__) == "init" for c in app.registered_commands)


def run_init(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    if _registered():
        return run_ccm("init", *args, cwd=cwd)
    return subprocess.run([sys.executable, "-c", _STANDALONE, "init", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_init_then_lint_is_clean(tmp_path, region):
    result = run_init("acme-comms", "--region", region, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    repo = tmp_path / "acme-comms"
    lint = run_ccm("lint", "--fail-on", "warning", cwd=repo)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "2 comms" in lint.stdout

    data = json.loads(run_ccm("lint", "--format", "json", cwd=repo).stdout)
    assert data["findings"] == []
    assert data["summary"]["comms"] == 2


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_scaffold_has_every_part_in_the_region_locales(tmp_path, region):
    assert run_init("repo", "--region", region, "--org", "acme", cwd=tmp_path).returncode == 0
    repo = tmp_path / "repo"
    files = set(tree(repo))
    for rel in ("ccm.yaml", "brand/facts.yaml", "brand/guidelines.yaml", "policies/contact.yaml", "CODEOWNERS",
                ".github/workflows/pr.yml", ".github/workflows/release.yml", ".pre-commit-config.yaml",
                ".vscode/settings.json", ".vscode/extensions.json", ".gitignore"):
        assert rel in files, rel
    assert any(f.startswith("policies/clauses/") for f in files)
    comms = sorted(f for f in files if f.startswith("comms/") and f.endswith(".yaml"))
    assert len(comms) == 2

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    config = yaml.load((repo / "ccm.yaml").read_text("utf-8"))
    assert config["name"] == "repo"
    assert config["locales"] == REGION_LOCALES[region]
    for rel in comms:
        assert sorted(yaml.load((repo / rel).read_text("utf-8"))["content"]) == sorted(REGION_LOCALES[region])
    assert "@acme/legal" in (repo / "CODEOWNERS").read_text("utf-8")
    for rel, content in tree(repo).items():
        assert b"__PROJECT__" not in content and b"__ORG__" not in content and b"__CCM_VERSION__" not in content, rel


def test_vscode_settings_map_every_schema_written_into_the_repo(tmp_path):
    assert run_init("repo", cwd=tmp_path).returncode == 0
    repo = tmp_path / "repo"
    settings = json.loads((repo / ".vscode/settings.json").read_text("utf-8"))
    mapped = settings["yaml.schemas"]
    assert len(mapped) == len(SCHEMA_NAMES)
    for name in SCHEMA_NAMES:
        key = f"./.ccm/schemas/{name}.schema.json"
        assert key in mapped, name
        assert "/" + SCHEMA_FILES[name] in mapped[key]
        written = json.loads((repo / key).read_text("utf-8"))
        assert written == schema_with_id(name)


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    target = tmp_path / "repo"
    target.mkdir()
    (target / "notes.txt").write_text("mine", "utf-8")
    result = run_init("repo", cwd=tmp_path)
    assert result.returncode == 2
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(target) == {"notes.txt": b"mine"}


def test_force_adds_the_scaffold_next_to_existing_files(tmp_path):
    target = tmp_path / "repo"
    target.mkdir()
    (target / "README.md").write_text("# ours\n", "utf-8")
    result = run_init("repo", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (target / "README.md").read_text("utf-8") == "# ours\n"
    assert (target / "ccm.yaml").is_file()


def test_force_never_overwrites_and_writes_nothing_when_a_file_exists(tmp_path):
    target = tmp_path / "repo"
    (target / "brand").mkdir(parents=True)
    (target / "ccm.yaml").write_text("name: ours\nlocales: [en-US]\n", "utf-8")
    (target / "brand/facts.yaml").write_text("brand: Ours\n", "utf-8")
    before = tree(target)
    result = run_init("repo", "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert "ccm.yaml" in result.stderr and "brand/facts.yaml" in result.stderr
    assert "nothing was written" in result.stderr
    assert tree(target) == before


def test_creates_missing_parent_folders_and_an_empty_folder_is_fine(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run_init("empty", "--region", "jp", cwd=tmp_path).returncode == 0
    assert run_init("a/b/c", cwd=tmp_path).returncode == 0
    assert (tmp_path / "a/b/c/ccm.yaml").is_file()


@pytest.mark.parametrize("args, message", [
    (("repo", "--region", "mars"), "unknown region 'mars'"),
    (("repo", "--name", "two words"), "--name"),
    (("repo", "--org", "@acme"), "--org"),
])
def test_bad_options_are_one_line_errors(tmp_path, args, message):
    result = run_init(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "repo").exists()


def test_a_file_in_the_way_is_an_error(tmp_path):
    (tmp_path / "repo").write_text("x", "utf-8")
    result = run_init("repo", cwd=tmp_path)
    assert result.returncode == 2 and "not a folder" in result.stderr


def test_scaffold_pre_commit_config_is_valid(tmp_path):
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is not installed (pip install -e '.[dev]')")
    for region in REGIONS:
        path = tmp_path / f"{region}.yaml"
        path.write_text(scaffold_files(region, {"__PROJECT__": "x", "__ORG__": "o"})[".pre-commit-config.yaml"], "utf-8")
        config = clientlib.load_config(str(path))  # pre-commit's own schema; raises when invalid
        assert config["repos"][0]["hooks"][0]["entry"] == "ccm lint"


def test_every_scaffold_file_is_package_data():
    """`pip install` (not -e) ships the templates only if pyproject's package-data matches them."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["ccm_cli"]
    templates = [p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"]
    assert templates
    for path in templates:
        rel = PurePosixPath(path.relative_to(ROOT / "ccm_cli").as_posix())
        assert not any(part.startswith(".") for part in rel.parts), f"{rel}: hidden paths are not packaged; name it dot-…"
        assert rel.suffix == ".tmpl", f"{rel}: scaffold templates end in .tmpl"
        assert any(rel.match(glob) for glob in globs), (
            f"{rel} is not package data: add \"**/*.tmpl\" to [tool.setuptools.package-data] ccm_cli in pyproject.toml")
