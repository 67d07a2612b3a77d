"""What a command imports before it does its work: start-up is part of every answer a writer
waits for (`ccm --help` ≤ 0.3 s, `--changed-only` ≤ 2 s on 10,000 comms; bench/README.md).
Timings live in the benchmark; these tests pin the imports that made them slow before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# what help need not load: the template engine, validators, morphology, git, YAML, SQLite...
HEAVY = ["jinja2", "jsonschema", "fugashi", "git", "pydantic", "markdown_it", "ruamel", "yaml", "babel",
         "textstat", "sqlite3", "ccm_cli.linter", "ccm_cli.project"]


def _imported_by(args: list[str], cwd: Path) -> tuple[int, list[str]]:
    """(exit code, the HEAVY modules loaded) after ``ccm ARGS`` ran in a fresh interpreter."""
    probe = (
        "import json, sys\n"
        "from ccm_cli.cli import _run\n"
        f"sys.argv = ['ccm', *{args!r}]\n"
        "code = _run()\n"
        f"print(json.dumps([code, [m for m in {HEAVY!r} if m in sys.modules]]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, timeout=120)
    code, loaded = json.loads(done.stderr.strip().splitlines()[-1])
    return code, loaded


def test_help_loads_nothing_heavy(tmp_path):
    assert _imported_by(["--help"], tmp_path) == (0, [])
    assert _imported_by(["lint", "--help"], tmp_path) == (0, [])


def test_a_lint_never_imports_pydantic():
    """typer 0.29 coerces every parameter through pydantic (+0.1 s per command): pinned < 0.29."""
    code, loaded = _imported_by(["lint", "--format", "json"], ROOT)
    assert code == 0
    assert "pydantic" not in loaded
    assert "jinja2" in loaded  # the probe sees what the run imported
