"""`ccm init DIR`: scaffold a content repository that lints clean from the first run.

Registered in cli.py with ``app.command("init")(init)``. Only typer and the standard library
are imported at module level, so that ``ccm --help`` stays fast.

What it writes (templates in ``ccm_cli/scaffold/``): ccm.yaml, brand/ (facts, guidelines),
policies/ (contact policy, channel limits and the regulatory clauses of the region), two
example comms in the region's locales, CODEOWNERS, CI workflows (.github/workflows/pr.yml,
release.yml) and the pinned ccm they install (.github/ccm-requirements.txt),
.pre-commit-config.yaml, .vscode/ settings that map the JSON Schemas (written to
.ccm/schemas/) onto the files, and a .gitignore.

It never modifies or removes a file: a non-empty DIR needs ``--force``, and even then any
file the scaffold would write that already exists stops the run (exit 2) before anything is
written.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Dict, Optional

import typer

REGIONS = {
    "us": "United States: en-US (CAN-SPAM, TCPA)",
    "jp": "Japan: ja-JP and en-US (特定電子メール法)",
    "eu": "European Union / UK: en-GB and de-DE (GDPR, ePrivacy / PECR)",
    "ca": "Canada: en-CA and fr-CA (CASL)",
}
COMMON = "_common"
SCHEMA_DIR = ".ccm/schemas"
TEMPLATE_SUFFIX = ".tmpl"
DOT_PREFIX = "dot-"


def init(
    directory: Path = typer.Argument(..., metavar="DIR", help="Folder of the new content repository (created if missing)."),
    region: str = typer.Option("us", "--region", "-r", help="Locales, clauses and contact policy to start from: us, jp, eu or ca."),
    name: Optional[str] = typer.Option(None, "--name", help="Project name in ccm.yaml (default: the folder name)."),
    org: str = typer.Option("my-org", "--org", help="GitHub organisation of the CODEOWNERS teams."),
    force: bool = typer.Option(False, "--force", help="Add the scaffold to a folder that is not empty. Existing files are never overwritten."),
    ccm_requirement: Optional[str] = typer.Option(
        None, "--ccm-requirement", metavar="REQUIREMENT",
        help="What CI installs as ccm (.github/ccm-requirements.txt), e.g. 'comms-as-code @ git+https://github.com/<org>/ccm@<sha>'. "
             "Default: the source this ccm was installed from, pinned."),
) -> None:
    """Create a content repository: config, brand, policies, two example comms, CI, pre-commit and editor settings."""
    from ..errors import CcmError

    region = region.lower()
    if region not in REGIONS:
        raise CcmError(f"unknown region '{region}'; use one of: {', '.join(REGIONS)}")
    if directory.exists() and not directory.is_dir():
        raise CcmError(f"{directory} exists and is not a folder")
    if directory.is_dir() and not force:
        present = sorted(p.name for p in directory.iterdir())
        if present:
            shown = ", ".join(present[:5]) + (", …" if len(present) > 5 else "")
            raise CcmError(
                f"{directory} is not empty ({shown})",
                hint="use --force to add the scaffold next to these files; existing files are never overwritten",
            )
    project = name or _slug(directory.resolve().name)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", project):
        raise CcmError(f"--name must be letters, digits, '.', '_' or '-', got '{project}'")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", org):
        raise CcmError(f"--org must be a GitHub organisation name, got '{org}'")

    from .ccm_source import REQUIREMENTS_FILE, check_requirement, requirement_file

    if ccm_requirement is not None and (problem := check_requirement(ccm_requirement)):
        raise CcmError(f"--ccm-requirement: {problem}")
    files = scaffold_files(region, {"__PROJECT__": project, "__ORG__": org, "__REGION__": region})
    files[REQUIREMENTS_FILE] = requirement_file(ccm_requirement)
    existing = sorted(rel for rel in files if (directory / rel).exists() or (directory / rel).is_symlink())
    if existing:
        typer.echo(f"ccm: {len(existing)} file(s) that ccm init would write already exist in {directory}; nothing was written:", err=True)
        for rel in existing:
            typer.echo(f"  {rel}", err=True)
        typer.echo("ccm init never overwrites a file: move these away or choose another folder.", err=True)
        raise typer.Exit(2)

    for rel, text in files.items():
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)

    typer.echo(f"Created {len(files)} files in {directory} ({REGIONS[region]}).")
    typer.echo("Next:")
    typer.echo(f"  cd {directory} && git init && ccm lint")
    typer.echo(f"  review {REQUIREMENTS_FILE}: the ccm your CI installs (pinned)")
    typer.echo("  ccm preview --html site      # every comm as the customer sees it")
    typer.echo("  pre-commit install           # lint the files each commit touches")


def scaffold_files(region: str, values: Dict[str, str]) -> Dict[str, str]:
    """Every file of the scaffold for ``region``: relative POSIX path -> text.

    Region templates win over the common ones at the same path; the JSON Schemas are
    written under ``.ccm/schemas/`` so that ``.vscode/settings.json`` can map them.
    """
    import json
    from importlib import resources

    from .. import __version__
    from ..schemas import SCHEMA_NAMES, schema_with_id

    values = {"__CCM_VERSION__": __version__, **values}
    root = resources.files("ccm_cli.scaffold")
    files: Dict[str, str] = {}
    for layer in (COMMON, region):
        for rel, text in _walk(root.joinpath(layer), PurePosixPath()):
            for key, value in values.items():
                text = text.replace(key, value)
            files[rel] = text
    for schema_name in SCHEMA_NAMES:
        schema = schema_with_id(schema_name)
        files[f"{SCHEMA_DIR}/{schema_name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return dict(sorted(files.items()))


def _walk(folder, prefix: PurePosixPath):
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = entry.name
        if name.startswith(("__pycache__", ".")):
            continue
        if name.startswith(DOT_PREFIX):
            name = "." + name[len(DOT_PREFIX):]
        if entry.is_dir():
            yield from _walk(entry, prefix / name)
        elif name.endswith(TEMPLATE_SUFFIX):
            yield str(prefix / name[: -len(TEMPLATE_SUFFIX)]), entry.read_text("utf-8")


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._").lower()
    return slug or "comms"
