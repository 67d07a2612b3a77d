"""`ccm audit`: the compliance record of a target's releases, or of git alone (SPEC 3).

Registered in cli.py with ``app.command("audit")(audit)``. Exit codes: 0 the record was
written; 2 cannot run (unknown target, clause, comm or channel, bad dates, a damaged release in
the record). ``--verify``: 0 the chain and every release are intact, 1 broken (the first broken
link is named), 2 cannot run.
"""

from __future__ import annotations

import sys
from typing import Optional

import typer

from .report_options import check_format

FORMATS = ("text", "json", "csv", "html")
VIEWS = ("releases", "clauses", "comms")


def audit(
    target: Optional[str] = typer.Option(None, "--target", "-t", help="Read the release history of this publish target; without it, the record is built from git alone (the first-parent history of main)."),
    clause: Optional[str] = typer.Option(None, "--clause", metavar="ID[@VERSION]", help="Only this clause (and version): every comm and variant that carried it, from when to when."),
    comm: Optional[str] = typer.Option(None, "--comm", metavar="ID", help="Only this comm: its history of texts, approvals and lint results."),
    channel: Optional[str] = typer.Option(None, "--channel", help="Only variants on this channel (sms, email…)."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Only what was live on or after this date (YYYY-MM-DD or ISO date-time)."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Only what was live on or before this date."),
    by: Optional[str] = typer.Option(None, "--by", help="The view for text and csv: releases, clauses or comms (default: clauses with --clause, comms with --comm, else releases)."),
    format: str = typer.Option("text", "--format", "-f", help="text, json, csv or html (a self-contained report: all three views)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the report to this file instead of stdout."),
    verify: bool = typer.Option(False, "--verify", help="Check the target's hash chain and every release's integrity; exit 1 naming the first broken link."),
    ref: Optional[str] = typer.Option(None, "--ref", help="Without --target: the branch whose history is read (default main, else master, else HEAD)."),
    max_commits: int = typer.Option(100, "--max-commits", help="Without --target: read at most this many of the newest first-parent commits."),
    lint: bool = typer.Option(False, "--lint", help="Without --target: lint each commit with this ccm (a target's releases carry the lint result they passed)."),
) -> None:
    """The compliance record: per release, per clause, per comm — what customers could receive, when, from which commit, approved by whom."""
    from ..errors import CcmError

    try:
        code = _audit(target, clause, comm, channel, since, until, by, format, output, verify, ref, max_commits, lint)
    except CcmError as error:
        _err(error.one_line())
        code = 2
    raise typer.Exit(code)


def _audit(target, clause, comm, channel, since, until, by, format, output, verify, ref, max_commits, lint) -> int:
    from ..audit import Filters, formats, record as records, report
    from ..errors import CcmError
    from ..project import find_root

    check_format(format, FORMATS)
    if by is not None and by not in VIEWS:
        raise CcmError(f"unknown view '{by}'; use one of: {', '.join(VIEWS)}")
    if not 1 <= max_commits <= 10000:
        raise CcmError("--max-commits must be between 1 and 10000")
    root = find_root()
    if verify:
        if target is None:
            raise CcmError("--verify checks a target's releases: name it with --target")
        return _verify(root, target, format)
    if target is not None and (ref is not None or lint):
        raise CcmError("--ref and --lint read git alone: they cannot be combined with --target")
    filters = Filters.parse(clause, comm, channel, since, until)
    if target is not None:
        record = records.from_target(root, target)
        if record.problems:
            raise CcmError(f"target {target}: {record.problems[0]} (run `ccm audit --verify --target {target}`)")
    else:
        record = records.from_git(root, ref, max_commits, lint)
    data = report(record, filters)
    view = by or ("clauses" if clause else "comms" if comm else "releases")
    text = (formats.as_json(data) if format == "json" else formats.as_csv(data, view) if format == "csv"
            else formats.as_html(data) if format == "html" else formats.as_text(data, view))
    _write(text, output)
    return 0


def _verify(root, target_name: str, format: str) -> int:
    import json

    from ..errors import CcmError
    from ..formatters.escape import json_text, terminal_line
    from ..project import load_project
    from ..publish.chain import verify
    from ..publish.integrity import ReleaseError
    from ..publish.targets import TargetError, open_target
    from ..scale.store import NoStore

    target = open_target(load_project(root, cache=NoStore()), target_name)
    try:
        with target.session(write=False):
            problems, rows = verify(target)
    except (TargetError, ReleaseError) as exc:
        raise CcmError(f"target {target_name}: {exc}") from None
    if format == "json":
        typer.echo(json_text(json.dumps({"version": 1, "target": target_name, "ok": not problems, "chain": rows,
                                         "problems": problems}, ensure_ascii=False, indent=2)))
    else:
        for row in rows:
            typer.echo(terminal_line(f"{row['id']}  manifest sha256 {row['manifest_sha256'][:16]}  {row['stored_by'] or '-'} "
                                     f"{row['at'] or ''}  {row['link'] or 'BROKEN'}"))
        if not problems:
            head = rows[-1]["manifest_sha256"] if rows else None
            typer.echo(f"Chain intact: {len(rows)} release(s) in target {target_name}" + (f"; head manifest sha256 {head}" if head else "") + ".")
    for problem in problems[:50]:
        _err(f"broken: {problem}")
    return 1 if problems else 0


def _write(text: str, output: Optional[str]) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    from ..output_files import write_text_file

    write_text_file(output, lambda handle: handle.write(text), "--output")


def _err(message: str) -> None:
    from ..formatters.escape import terminal_line

    typer.echo(f"ccm: {terminal_line(message)}", err=True)


if __name__ == "__main__":  # pragma: no cover
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("audit")(audit)
    sys.exit(app())
