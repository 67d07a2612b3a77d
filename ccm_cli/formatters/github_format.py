"""`--format github`: GitHub Actions workflow commands, shown as annotations on the PR diff.

Each finding is one ``::error``/``::warning``/``::notice`` line whose values are escaped as
GitHub documents (:func:`.escape.github_data`, :func:`.escape.github_property`); these are the
only command lines the output holds."""

from __future__ import annotations

from . import checkout_relative
from .escape import github_data, github_property

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def line(finding, path: str | None = None) -> str:
    """One workflow command; ``path``: the finding's file as GitHub reads it (from the checkout's root)."""
    props = []
    if finding.file:
        props.append(f"file={github_property(path or finding.file)}")
        if finding.line:
            props.append(f"line={finding.line}")
        if finding.column:
            props.append(f"col={finding.column}")
    props.append(f"title={github_property(finding.rule)}")
    message = finding.message
    context = " · ".join(x for x in (finding.comm, finding.locale, finding.channel) if x)
    if context:
        message += f" [{context}]"
    if finding.fix:
        message += f"\nFix: {finding.fix}"
    return f"::{LEVELS[finding.severity.label]} {','.join(props)}::{github_data(message)}"


def write(result, out, options) -> None:
    for finding in result.findings:
        out.write(line(finding, checkout_relative(options, finding.file) if finding.file else None) + "\n")
    counts = result.counts()
    out.write(f"ccm: {counts['errors']} errors, {counts['warnings']} warnings, {counts['infos']} infos in {result.comms} comms\n")
