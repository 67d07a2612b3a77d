"""Usage mistakes read as usage mistakes: click's usage message and exit 2, never "internal error".

Written from the newcomer's side: real `ccm` processes, every command, every kind of mistake
click can raise (unknown option, unknown command, missing argument, value of the wrong type,
option without its value, unknown format).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer

from ccm_cli.cli import app
from conftest import ROOT, run_ccm

COMMANDS = sorted(typer.main.get_command(app).commands)


def _assert_usage_error(result, *expected: str) -> None:
    err = result.stderr
    assert result.returncode == 2, (result.returncode, result.stdout, err)
    assert "internal error" not in err and "Traceback" not in err, err
    for text in expected:
        assert text in err, err


def test_every_command_is_covered():
    assert {"lint", "diff", "preview", "publish", "releases", "init", "explain", "rules", "schema",
            "merge-results"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option_of_every_command(command, tmp_path):
    _assert_usage_error(run_ccm(command, "--bogus", cwd=tmp_path), "No such option: --bogus", f"ccm {command} --help")


@pytest.mark.parametrize("args,expected", [
    (["lnit"], "No such command 'lnit'. Did you mean 'lint'"),
    (["explain"], "Missing argument"),
    (["merge-results"], "Missing argument"),
    (["init"], "Missing argument"),
    (["lint", "--jobs", "abc"], "'abc' is not a valid int"),
    (["preview", "--html"], "Option '--html' requires an argument"),
    (["lint", "--format"], "requires an argument"),
    (["--bogus"], "No such option: --bogus"),
])
def test_usage_mistakes(args, expected):
    _assert_usage_error(run_ccm(*args, cwd=ROOT), expected)


def test_bare_ccm_prints_help():
    result = run_ccm(cwd=ROOT)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "Usage: ccm" in result.stdout + result.stderr and "lint" in result.stdout + result.stderr


@pytest.mark.parametrize("command", [["lint"], ["diff", "HEAD"], ["rules"], ["merge-results", "x.json"]])
def test_unknown_format_is_refused(command):
    result = run_ccm(*command, "--format", "xml", cwd=ROOT)
    _assert_usage_error(result, "unknown format 'xml'")
    assert result.stdout == ""


def test_a_bug_is_one_line_not_a_traceback(tmp_path):
    """An exception ccm does not expect (a bug) still ends in one 'internal error' line, exit 2."""
    script = (
        "import sys, ccm_cli.catalogue as catalogue, ccm_cli.cli as cli\n"
        "def broken(*args, **kwargs): raise RuntimeError('boom')\n"
        "catalogue.rules_text = broken\n"
        "sys.argv = ['ccm', 'rules']\n"
        "cli.main()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "CCM_DEBUG": ""})
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == "ccm: internal error: RuntimeError: boom (set CCM_DEBUG=1 for details and report it)"
