"""`ccm diff [BASE] [HEAD]`: what changes for customers between two versions of the content.

BASE defaults to the merge-base of HEAD with ``origin/main`` (or ``main``); HEAD defaults to the
working tree. Both are read through gitpython — no checkout, no temporary clone — so it runs in
a shallow CI clone once the base is fetched.

Registered in cli.py with ``app.command("diff")(diff)``. Only typer, the standard library and
typing are imported at module level, so that ``ccm --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .report_options import check_format, write_report

FORMATS = ("text", "markdown", "json")


def diff(
    base: Optional[str] = typer.Argument(None, help="Git ref to compare from (default: merge-base of HEAD with origin/main or main)."),
    head: Optional[str] = typer.Argument(None, help="Git ref to compare to (default: the working tree, uncommitted edits included)."),
    format: str = typer.Option("text", "--format", "-f", help="Output format: text, markdown (a PR comment) or json."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when anything changed, 0 when nothing did (like git diff --exit-code)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file instead of standard output."),
    today: Optional[str] = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD), for the lint delta."),
    lint: bool = typer.Option(True, "--lint/--no-lint", help="Include the lint delta (findings introduced and fixed)."),
) -> None:
    """Show what customers will read differently: rendered text per locale × channel, clause,
    policy, guideline and fact changes, and the findings the change introduces and fixes."""
    import dataclasses
    import os
    import importlib

    from ..diff.refs import default_base, load_side
    from ..diff.report import build_report
    from ..project import find_root

    check_format(format, FORMATS)
    from ..options import parse_today

    day = parse_today(today)
    root = find_root(Path.cwd())
    from ..scale.memory import long_lived
    from ..scale.store import open_store

    cache = open_store(root, keep=os.environ.get("CCM_NO_CACHE") != "1")
    try:
        base_ref = base if base is not None else default_base(root)
        with long_lived():
            before = load_side(root, base_ref, cache)
            after = load_side(root, head, cache)
        if base is None:  # name the merge-base by its short commit id
            before = dataclasses.replace(before, ref=base_ref[:12])
        report = build_report(before, after, today=day, with_lint=lint, cache=cache, jobs=max(1, os.cpu_count() or 1))
    finally:
        if cache is not None:
            cache.close()
    writer = importlib.import_module(f"ccm_cli.diff.format_{format}")
    width = None if output is None else 200
    write_report(output, lambda handle: writer.write(report, handle, width=width))
    raise typer.Exit(1 if exit_code and report.changed else 0)
