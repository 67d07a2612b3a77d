"""`ccm publish` and `ccm releases`: plan, apply and roll back immutable releases (GitOps).

Registered in cli.py with ``app.command("publish")(publish)`` and
``app.command("releases")(releases)``. Only typer and the standard library are imported at
module level, so that ``ccm --help`` stays fast.

Exit codes (SPEC 3): 0 done or nothing to do; 1 refused or failed (also for configuration
errors, so that ``--plan --detailed-exitcode`` never mistakes an error for "changes pending");
with ``--plan --detailed-exitcode``: 0 no changes, 1 error, 2 changes pending.
"""

from __future__ import annotations

import sys
from typing import Callable, List, Optional

import typer

from .report_options import check_format

FORMATS = ("text", "json")


def publish(
    plan: bool = typer.Option(False, "--plan", help="Only show what publishing would change on the target; write nothing."),
    detailed_exitcode: bool = typer.Option(False, "--detailed-exitcode", help="With --plan: exit 0 when there is nothing to do, 2 when changes are pending, 1 on error (as Terraform)."),
    target: str = typer.Option("default", "--target", "-t", help="The publish target in ccm.yaml (publish: NAME: {type: ...})."),
    rollback: Optional[str] = typer.Option(None, "--rollback", metavar="RELEASE_ID", help="Make an earlier release current again (a unique prefix of its id is enough)."),
    force_reason: Optional[str] = typer.Option(None, "--force-reason", help="Publish despite lint errors, a dirty tree or a branch not allowed; the reason is recorded in the release."),
    format: str = typer.Option("text", "--format", "-f", help="Output format: text or json."),
    lock_timeout: float = typer.Option(60.0, "--lock-timeout", help="Seconds to wait for another publish to the same target to finish."),
    today: Optional[str] = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD) for lint's clause dates and schedules."),
    approved_by: Optional[List[str]] = typer.Option(None, "--approved-by", metavar="@LOGIN", help="An approving reviewer of the change (repeatable; CI passes the pull request's approvals); recorded in the release."),
    approved_by_file: Optional[str] = typer.Option(None, "--approved-by-file", metavar="FILE", help="A file of approving reviewers (one per line, or separated by spaces or commas)."),
    promote: Optional[str] = typer.Option(None, "--promote", metavar="FROM", help="Put the exact release current on target FROM onto --target, without rebuilding (its evidence kept, a promotion recorded)."),
    release: Optional[str] = typer.Option(None, "--release", metavar="RELEASE_ID", help="With --promote: the release expected to be current on FROM (refused otherwise)."),
) -> None:
    """Plan against the target, then apply an immutable release built from HEAD."""
    from ..errors import CcmError

    try:
        if promote is not None:
            code = _promote(plan, detailed_exitcode, target, promote, release, format, lock_timeout,
                            rollback, force_reason, approved_by, approved_by_file)
        else:
            if release is not None:
                raise CcmError("--release works with --promote")
            approvers = _approvers(approved_by, approved_by_file)
            code = _publish(plan, detailed_exitcode, target, rollback, force_reason, format, lock_timeout, today, approvers)
    except CcmError as error:
        _err(error.one_line())
        code = 1
    raise typer.Exit(code)


def releases(
    target: str = typer.Option("default", "--target", "-t", help="The publish target in ccm.yaml."),
    format: str = typer.Option("text", "--format", "-f", help="Output format: text (a table, newest first) or json."),
) -> None:
    """The release history of a target: every stored release and which one is current."""
    import json

    from ..errors import CcmError
    from ..project import find_root
    from ..publish import service
    from ..publish.integrity import summarize

    try:
        check_format(format, FORMATS)
        data = service.history(find_root(), target)
    except (CcmError, service.TargetError, service.ReleaseError) as error:
        _err(_message(error))
        raise typer.Exit(1)
    if format == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(_table(data), nl=False)
    problems = data["problems"]
    for problem in summarize(problems, 20):
        _err(f"damaged: {problem}")
    if problems:
        _err(f"{len(problems)} problem(s) in target {target}: the listing shows only what can be trusted. A damaged "
             "release cannot be rolled back to (publishing its commit again stores it again); damaged history "
             "records are kept and skipped — ccm never rewrites the history: to clear them, move them out "
             "(keeping a copy for the record)")
    raise typer.Exit(1 if problems else 0)


def _approvers(values, file) -> list[str]:
    from ..errors import CcmError
    from ..publish.evidence import approvers
    from ..repo_files import read_named_file

    text = None
    if file is not None:
        try:
            text = read_named_file(file, file, 1024 * 1024)
        except OSError as exc:
            raise CcmError(f"--approved-by-file {file}: {exc.strerror or exc}") from None
    return approvers(values, text)


def _promote(plan, detailed_exitcode, target, source, expected, format, lock_timeout, rollback, force_reason,
             approved_by, approved_by_file) -> int:
    from ..errors import CcmError
    from ..project import find_root
    from ..publish import service

    check_format(format, FORMATS)
    if rollback is not None or force_reason is not None or approved_by or approved_by_file:
        raise CcmError("--promote copies a release as it is: it cannot be combined with --rollback, --force-reason or --approved-by")
    if detailed_exitcode and not plan:
        raise CcmError("--detailed-exitcode works with --plan")
    try:
        outcome = service.promote(find_root(), target, source, expected, plan, lock_timeout)
    except service.Refused as refused:
        for reason in refused.reasons:
            _err(f"promote refused: {reason.message}")
        return 1
    except (service.TargetError, service.ReleaseError) as error:
        _err(f"promote failed: {error}")
        return 1
    _warn(outcome.warnings)
    result = outcome.plan
    _report(outcome, format, lambda: f"Promoted release {result.release['id']} from target {source} to target "
                                      f"{result.target} ({result.description}).")
    if plan:
        return 2 if (detailed_exitcode and result.pending) else 0
    return 0


def _publish(plan, detailed_exitcode, target, rollback, force_reason, format, lock_timeout, today, approvers=None) -> int:
    import json

    from ..errors import CcmError
    from ..project import find_root
    from ..publish import service

    check_format(format, FORMATS)
    if detailed_exitcode and not plan:
        raise CcmError("--detailed-exitcode works with --plan")
    if rollback is not None and plan:
        raise CcmError("--rollback and --plan cannot be combined")
    day = _date(today)
    root = find_root()
    try:
        if rollback is not None:
            done = service.rollback(root, target, rollback, force_reason, lock_timeout)
            _warn(done.warnings)
            full, previous = done.release, done.previous
            if format == "json":
                typer.echo(json.dumps({"version": 1, "target": target, "release": full, "previous": previous, "changed": done.changed}))
            elif done.changed:
                typer.echo(f"Rolled back target {target}: release {full} is current again (was {previous or 'none'}).")
            else:
                typer.echo(f"Nothing to do: release {full} is already current on target {target}.")
            return 0
        if plan:
            result, refused, warnings = service.plan(root, target, day)
            _warn(warnings)
            typer.echo(result.json_text() if format == "json" else result.text(), nl=False)
            for reason in refused:
                _err(f"note: publishing would be refused: {reason.message}")
            return 2 if (detailed_exitcode and result.pending) else 0
        outcome = service.apply(root, target, day, force_reason, lock_timeout, approvers)
    except service.Refused as refused:
        for reason in refused.reasons:
            _err(f"publish refused: {reason.message}")
        _err("fix the above, or override with --force-reason \"why\" (recorded in the release)")
        return 1
    except service.Damaged as error:
        _err(f"rollback refused: {error}")
        return 1
    except (service.TargetError, service.ReleaseError) as error:
        _err(f"{'rollback' if rollback is not None else 'publish'} failed: {error}")
        return 1
    _warn(outcome.warnings)
    for reason in outcome.refusals:
        _err(f"warning: forced past: {reason.message}")
    result = outcome.plan
    _report(outcome, format, lambda: f"Published release {result.release['id']} to target {result.target} ({result.description}).")
    return 0


def _report(outcome, format: str, done: Callable[[], str]) -> None:
    """What a publish or a promotion planned and did: the plan as JSON with ``applied``, or as
    text followed by the line ``done()`` says when it was applied."""
    import json

    result = outcome.plan
    if format == "json":
        data = result.to_json()
        data["applied"] = outcome.applied
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(result.text(), nl=False)
        if outcome.applied:
            typer.echo(done())


def _err(message: str) -> None:
    """``ccm: message`` on stderr; every line starts with ``ccm:`` and terminal escapes are shown
    escaped (names and answers from a target, a server or ccm.yaml may carry either)."""
    for line in message.split("\n"):
        typer.echo(f"ccm: {_printable(line)}", err=True)


def _printable(text: str) -> str:
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        _err(f"warning: {warning}")


def _date(value: Optional[str]):
    from ..options import parse_today

    return parse_today(value)


def _message(error: Exception) -> str:
    one_line = getattr(error, "one_line", None)
    return one_line() if callable(one_line) else str(error)


def _table(data: dict) -> str:
    rows = list(reversed(data["releases"]))
    if not rows:
        return f"No releases in target {data['target']} ({data['description']}).\n"
    header = ("", "RELEASE", "CREATED", "COMMIT", "BRANCH", "COMMS", "AUTHOR", "NOTE")
    table = [header]
    for row in rows:
        table.append(tuple(_printable(cell) for cell in (
            "*" if row["current"] else "",
            row["id"] or "",
            row["created_at"] or "",
            (row["commit"] or "")[:10],
            row["branch"] or "",
            str(row["comms"]),
            row["author"] or "",
            f"forced: {row['forced_reason']}" if row["forced_reason"] else "",
        )))
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in table]
    lines.append(f"Target {data['target']} ({data['description']}); * = current.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - `python -m ccm_cli.commands.publish` for quick checks
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("publish")(publish)
    app.command("releases")(releases)
    sys.exit(app())
