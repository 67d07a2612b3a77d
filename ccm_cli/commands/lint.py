"""`ccm lint [PATH…]`: load, validate and render every comm × locale × channel × sample, run
every rule and report the findings; given loose prose files (.md, .txt outside ``comms/``),
lint those with the brand, style and readability rules instead.

Which comms a run lints (``--changed-only``, ``--shard``) is :mod:`ccm_cli.selection`'s
decision; the run itself is :func:`ccm_cli.linter.lint`. Exit codes: 0 clean, 1 a finding at
``--fail-on`` or above, 2 cannot run.

Registered in cli.py with ``app.command("lint")(lint)``. Only typer and the standard library
are imported at module level, so that ``ccm --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from .report_options import FAIL_ON_HELP, FORMAT_HELP, check_format, parse_fail_on, report_findings

PROSE_SUFFIXES = (".md", ".txt")


def lint(
    paths: Optional[List[Path]] = typer.Argument(None, help="Limit the report to these files or folders (default: the whole repository)."),
    format: str = typer.Option("text", "--format", "-f", help=FORMAT_HELP),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help=FAIL_ON_HELP + " Default: lint.fail_on in ccm.yaml, else error."),
    today: Optional[str] = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD), for clause dates and schedules."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file instead of standard output."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only findings, no summary when clean."),
    locale: Optional[str] = typer.Option(None, "--locale", help="Locale of loose prose files (FILE.md, FILE.txt); default: detected from the script."),
    base: Optional[str] = typer.Option(None, "--base", help="Compare with this git ref: clause text changed without a version bump; with --changed-only, lint only what the change can affect."),
    changed_only: bool = typer.Option(False, "--changed-only", help="With --base (default: the merge-base with main): lint only the comms the change can affect."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Lint in this many processes (default: the number of CPUs)."),
    shard: Optional[str] = typer.Option(None, "--shard", help="Lint shard I of N (e.g. 2/4) for a CI matrix; merge with 'ccm merge-results'."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache in .ccm-cache/."),
) -> None:
    """Load, validate and render every comm × locale × channel × sample, and run every rule.

    Given .md or .txt files outside comms/, lint them as loose prose (web copy, FAQ) with the
    brand, style and readability rules instead."""
    from ..errors import CcmError
    from ..formatters import FORMATS
    from ..options import parse_today
    from ..selection import parse_shard

    check_format(format, FORMATS)
    for path in paths or []:
        if not path.exists():
            raise CcmError(f"no such file or folder: {path}")
    prose = [p for p in paths or [] if p.suffix.lower() in PROSE_SUFFIXES and p.is_file()]
    if prose:
        others = [p for p in paths if p not in prose]
        if others:
            raise CcmError(f"lint prose files (.md, .txt) and repositories separately: {others[0]} is not a prose file")
        raise typer.Exit(_lint_prose(prose, format, parse_fail_on(fail_on or "error"), output, quiet, locale))
    raise typer.Exit(_lint_repository(
        paths or [], format, output=output, quiet=quiet, fail_on=parse_fail_on(fail_on) if fail_on else None,
        today=parse_today(today), base=base, changed_only=changed_only, jobs=_jobs(jobs),
        shard=parse_shard(shard) if shard is not None else None, no_cache=no_cache))


def _lint_repository(paths: List[Path], format: str, *, output: Optional[Path], quiet: bool, fail_on, today,
                     base: Optional[str], changed_only: bool, jobs: int, shard: Optional[tuple[int, int]], no_cache: bool) -> int:
    """Lint the repository holding the first path (else the current folder); the exit code.
    ``fail_on`` is the ``--fail-on`` severity (None: ``lint.fail_on`` in ccm.yaml, else error)."""
    from ..formatters import Options
    from ..linter import lint as run_lint
    from ..project import find_root, load_project
    from ..scale.memory import long_lived
    from ..scale.store import open_store
    from ..selection import select, under_paths

    root = find_root(paths[0] if paths else Path.cwd())
    cache = open_store(root, keep=not no_cache and os.environ.get("CCM_NO_CACHE") != "1")
    try:
        with long_lived():
            project = load_project(root, cache=cache)
            chosen = select(root, project, base=base, changed_only=changed_only, shard=shard, cache=cache, today=today)
        result = run_lint(
            project, today=today, base=chosen.base, only_comms=chosen.comms, jobs=jobs, cache=cache,
            repository_findings=chosen.repository_findings,
            show_progress=not quiet and format == "text" and output is None,
        )
    finally:
        cache.close()
    if paths:
        result.findings = under_paths(result.findings, root, paths)
    lint_config = project.config.get("lint")
    threshold = fail_on if fail_on is not None else parse_fail_on((lint_config.get("fail_on") if isinstance(lint_config, dict) else None) or "error")
    return report_findings(format, result, output, Options(fail_on=threshold, quiet=quiet, shard=shard, root=root))


def _lint_prose(files: List[Path], format: str, fail_on, output: Optional[Path], quiet: bool, locale: Optional[str]) -> int:
    """`ccm lint FILE.md …`: loose prose files, each with its own locale (detected or --locale);
    the exit code."""
    from ..formatters import Options
    from ..linter import LintResult
    from ..prose_files import lint_prose_file

    results = [lint_prose_file(path, None, locale) for path in files]  # as written: a symlink is judged where it lies
    merged = LintResult(
        findings=[f for r in results for f in r.findings],
        comms=0,
        variants=sum(r.variants for r in results),
        comm_ids=[],
    )
    return report_findings(format, merged, output, Options(fail_on=fail_on, quiet=quiet))


def _jobs(value: Optional[int]) -> int:
    """``--jobs``: default, the number of CPUs."""
    from ..errors import CcmError

    if value is None:
        return max(1, os.cpu_count() or 1)
    if value < 1:
        raise CcmError(f"--jobs must be 1 or more, got {value}")
    return value
