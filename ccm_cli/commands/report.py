"""`ccm report reuse`: content rationalization (SPEC 3) — snippets and facts by use, unused
content, near-duplicate families and the snippet that would merge them, content per owner.

The computation is :mod:`ccm_cli.reuse` (the same as the ``consistency/unused-*`` lint rules
and ``consistency/near-duplicate``); this module reads the options, loads the repository found
upward from the current folder and writes the report: ``--format text`` (tables for a terminal
or a CI log) or ``json`` (the document :mod:`ccm_cli.reuse.report` describes; stable keys).
``ccm preview --html DIR`` writes the same report as ``reuse.html``.

Exit 0, or 2 with a one-line error (no ccm.yaml, unreadable or malformed YAML, a bad option).
Registered in cli.py with ``app.add_typer(report_app, name="report")``; only typer and the
standard library are imported at module level, so that ``ccm --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

FORMATS = ("text", "json")

report_app = typer.Typer(
    name="report",
    help="Reports about the content: `ccm report reuse` (what is reused, unused, duplicated).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@report_app.command("reuse")
def reuse(
    format: str = typer.Option("text", "--format", "-f", help="Output format: text or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file instead of standard output."),
) -> None:
    """Snippets and facts by use, unused snippets/facts/clauses/segments, near-duplicate families
    with the text that would become a snippet, content per owner, and what reuse would save."""
    from ..project import find_root, load_project
    from ..reuse.report import build
    from ..scale.store import open_store
    from .report_options import check_format, write_report

    check_format(format, FORMATS)
    root = find_root(Path.cwd())
    cache = open_store(root, keep=os.environ.get("CCM_NO_CACHE") != "1")  # parses as ccm lint does (its parsed files reused)
    try:
        project = load_project(root, cache=cache)
    finally:
        cache.close()
    document = build(project)
    if format == "json":
        import json

        from ..formatters.escape import json_text

        write_report(output, lambda out: out.write(json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"))
    else:
        from ..reuse.text import write_text

        write_report(output, lambda out: write_text(document, out))
