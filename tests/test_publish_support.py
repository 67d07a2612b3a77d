"""Helpers shared by the publish tests (no tests here): real git repositories and real CLI runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_repo

AUTHOR = ("Ana Writer", "ana@kumo.example")


def git_repo(tmp_path: Path, branch: str = "main") -> Path:
    """The example content repository, committed on ``branch`` in a fresh git repository."""
    import git

    root = copy_repo("example", tmp_path)
    repo = git.Repo.init(root, initial_branch=branch)
    with repo.config_writer() as config:
        config.set_value("user", "name", AUTHOR[0])
        config.set_value("user", "email", AUTHOR[1])
    repo.git.add(A=True)
    repo.index.commit("Initial content")
    return root


def commit(root: Path, message: str = "Edit content") -> str:
    import git

    repo = git.Repo(root)
    repo.git.add(A=True)
    return repo.index.commit(message).hexsha


def registered(command: str) -> bool:
    """True once the lead has registered ``command`` in ccm_cli/cli.py."""
    from ccm_cli import cli

    for info in cli.app.registered_commands:
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else None)
        if name == command:
            return True
    return False


def ccm_argv(*args: str) -> list[str]:
    """The argv of a real `ccm` run; until publish is registered in cli.py, the command module's own app."""
    if args and args[0] in ("publish", "releases") and not registered(args[0]):
        return [sys.executable, "-m", "ccm_cli.commands.publish", *args]
    return [sys.executable, "-m", "ccm_cli.cli", *args]


def ccm(*args: str, cwd: Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    for key in ("CCM_TEST_PAUSE_AT", "GITHUB_REF_TYPE", "GITHUB_SHA", "GITHUB_REF_NAME"):
        if key not in (env or {}):
            full_env.pop(key, None)
    return subprocess.run(ccm_argv(*args), cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


def spawn(*args: str, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.Popen(ccm_argv(*args), cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_paused(process: subprocess.Popen, step: str, timeout: float = 60) -> None:
    """Read the publisher's stderr until it reports it is paused at ``step``."""
    import select
    import time

    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 0.5)
        if ready:
            line = process.stderr.readline()
            if not line:
                break
            seen.append(line)
            if line.strip() == f"ccm-test-paused:{step}":
                return
    process.kill()
    raise AssertionError(f"publisher never paused at {step}: {''.join(seen)}")


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text("utf-8"))


def current_id(target: Path) -> str:
    return os.readlink(target / "current")
