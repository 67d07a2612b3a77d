"""`--format github`: GitHub Actions workflow commands, shown as annotations on the PR diff."""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def line(finding) -> str:
    props = []
    if finding.file:
        props.append(f"file={_prop(finding.file)}")
        if finding.line:
            props.append(f"line={finding.line}")
        if finding.column:
            props.append(f"col={finding.column}")
    props.append(f"title={_prop(finding.rule)}")
    message = finding.message
    context = " · ".join(x for x in (finding.comm, finding.locale, finding.channel) if x)
    if context:
        message += f" [{context}]"
    if finding.fix:
        message += f"\nFix: {finding.fix}"
    return f"::{LEVELS[finding.severity.label]} {','.join(props)}::{_data(message)}"


def write(result, out, options) -> None:
    for finding in result.findings:
        out.write(line(finding) + "\n")
    counts = result.counts()
    out.write(f"ccm: {counts['errors']} errors, {counts['warnings']} warnings, {counts['infos']} infos in {result.comms} comms\n")
