"""`ccm merge-results FILE…`: the JSON reports of every shard of one `ccm lint --shard I/N` run,
combined into one report in any format (:mod:`ccm_cli.shard_reports` reads and checks them).

Registered in cli.py with ``app.command("merge-results")(merge_results)``. Only typer and the
standard library are imported at module level, so that ``ccm --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .report_options import FAIL_ON_HELP, FORMAT_HELP, check_format, parse_fail_on, report_findings


def merge_results(
    files: List[Path] = typer.Argument(..., help="JSON reports of 'ccm lint --format json --shard I/N', one per shard, every shard of the run."),
    format: str = typer.Option("json", "--format", "-f", help=FORMAT_HELP),
    fail_on: str = typer.Option("error", "--fail-on", help=FAIL_ON_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
) -> None:
    """Combine the JSON reports of every shard of one run into one report (json, sarif, github, ...).

    Refuses (exit 2) a missing or repeated shard, shards of different runs (another N) and any
    file that is not a 'ccm lint --format json' report."""
    from ..errors import CcmError
    from ..formatters import FORMATS, Options
    from ..shard_reports import merge_reports
    from ..project import find_root

    check_format(format, FORMATS)
    threshold = parse_fail_on(fail_on)
    result = merge_reports(files)
    try:
        root = find_root(Path.cwd())  # the checkout the shards linted, for SARIF's %SRCROOT%
    except CcmError:
        root = None
    raise typer.Exit(report_findings(format, result, output, Options(fail_on=threshold, root=root)))
