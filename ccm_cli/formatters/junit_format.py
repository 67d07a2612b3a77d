"""`--format junit`: JUnit XML for CI systems that show test reports.

One test case per comm (and one for repository-wide checks); findings at or above
`--fail-on` are failures, the rest are listed in system-out.
"""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET


def write(result, out, options) -> None:
    suites = ET.Element("testsuites", name="ccm lint")
    suite = ET.SubElement(suites, "testsuite", name="ccm lint")
    by_comm = {key: list(group) for key, group in groupby(sorted(result.findings, key=lambda f: (f.comm or "", f.sort_key)), key=lambda f: f.comm or "")}
    names = sorted(set(by_comm) | set(result.comm_ids))
    failures = 0
    for name in names:
        findings = by_comm.get(name, [])
        case = ET.SubElement(suite, "testcase", name=name or "(repository)", classname=(findings[0].file if findings and findings[0].file else "ccm"))
        failing = [f for f in findings if f.severity >= options.fail_on]
        for finding in failing:
            failure = ET.SubElement(case, "failure", message=finding.message, type=finding.rule)
            failure.text = f"{finding.file}:{finding.line}:{finding.column} [{finding.severity.label}] {finding.message}" + (f"\nFix: {finding.fix}" if finding.fix else "")
        if failing:
            failures += 1
        rest = [f for f in findings if f.severity < options.fail_on]
        if rest:
            ET.SubElement(case, "system-out").text = "\n".join(f"{f.file}:{f.line}:{f.column} [{f.severity.label}] {f.rule}: {f.message}" for f in rest)
    suite.set("tests", str(len(names)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
