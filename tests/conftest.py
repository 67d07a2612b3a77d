"""Shared test helpers: real repositories on disk, real `ccm` subprocesses."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPOS = Path(__file__).resolve().parent / "repos"
TODAY = dt.date(2026, 6, 1)


def run_ccm(*args: str, cwd: Path, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real `ccm` command (the installed entry point's module) in ``cwd``."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ccm_cli.cli", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300, input=input,
    )


def copy_repo(name: str, tmp_path: Path) -> Path:
    """A private copy of a test repository (tests may edit it)."""
    target = tmp_path / name
    shutil.copytree(REPOS / name if name != "example" else ROOT, target,
                    ignore=shutil.ignore_patterns("tests", "ccm_cli", "*.egg-info", ".git", "bench", "docs", "__pycache__", ".ccm-cache", "dist", ".pytest_cache", ".hypothesis"))
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing loudly when the text is not there."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), "utf-8")


def lint_dir(root: Path, today: dt.date = TODAY):
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project

    return lint(load_project(root.resolve()), today=today)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return copy_repo("minimal", tmp_path)
