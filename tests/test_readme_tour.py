"""The README's 5-minute tour works as written, on a fresh `ccm init` repository.

Every command of the tour's shell blocks runs in order in bash, in a new folder (a newcomer's
machine: git with no remote, the default branch named by the tour). The two edits the tour
asks for in prose are made with the exact sentences it quotes, and the lint output it shows
must be what ccm prints.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
TOUR = README[README.index("## A 5-minute tour"):README.index("## What `ccm lint` does")]
WELCOME = "comms/account/welcome.yaml"


def _blocks(language: str) -> list[str]:
    return [body for info, body in re.findall(r"^```(\w*)\n(.*?)^```$", TOUR, re.M | re.S) if info == language]


def _commands(block: str) -> list[str]:
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def _bash(command: str, cwd, check_codes=(0,)) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "GIT_AUTHOR_NAME": "New Comer",
           "GIT_AUTHOR_EMAIL": "new@example.com", "GIT_COMMITTER_NAME": "New Comer",
           "GIT_COMMITTER_EMAIL": "new@example.com"}
    script = f'ccm() {{ {shlex.quote(sys.executable)} -m ccm_cli.cli "$@"; }}\n{command}\n'
    result = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (command, result.stderr)
    assert result.returncode in check_codes, (command, result.returncode, result.stdout, result.stderr)
    return result


def _quoted(paragraph_start: str) -> list[str]:
    """The sentences quoted in the tour's paragraph that starts with ``paragraph_start``."""
    paragraph = next(p for p in TOUR.split("\n\n") if p.startswith(paragraph_start))
    return re.findall(r'"([^"]+)"', " ".join(paragraph.split()))


def test_tour_runs_as_written(tmp_path):
    start, checks, previews, publish = _blocks("sh")
    cwd = tmp_path
    for command in _commands(start):
        if command.startswith("cd "):
            cwd = cwd / command[3:]
            continue
        _bash(command, cwd)
    assert _bash("ccm lint", cwd).stdout.startswith("✓ 0 problems")

    # the defect, typed where the tour says, and the output the tour shows
    welcome = cwd / WELCOME
    anchor, defect = _quoted("Lint a defect.")
    text = welcome.read_text("utf-8")
    assert text.count(anchor) == 1
    welcome.write_text(text.replace(anchor, f"{anchor} {defect}"), "utf-8")
    shown = _blocks("")[0]
    assert shown.startswith("$ ccm lint\n")
    result = _bash("ccm lint", cwd, check_codes=(1,))
    assert result.stdout.strip() == shown.split("\n", 1)[1].strip()

    # the fix and the copy edit, then the commands of the tour's next blocks
    old, new = _quoted("Fix it:")
    welcome.write_text(welcome.read_text("utf-8").replace(f" {defect}", "").replace(old, new), "utf-8")
    outputs = [_bash(command, cwd) for command in _commands(checks)]
    assert "Here are two things you can do now" in outputs[1].stdout
    assert "account.welcome" in outputs[2].stdout
    for command in _commands(previews):
        if "--serve" not in command:  # a server that runs until stopped: tests/test_preview_serve.py
            _bash(command, cwd)
    assert (cwd / "site" / "index.html").is_file()
    codes = {"ccm publish --plan --detailed-exitcode": (2,)}
    for command in _commands(publish):
        _bash(command, cwd, codes.get(command, (0,)))
    assert "Welcome email: two things to do" in _bash("git log -1 --format=%s", cwd).stdout
