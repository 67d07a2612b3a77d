"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning (upload-sarif).

tool.driver.rules carries every rule with its documentation as help text; each result has a
physicalLocation with a region. Findings without a file are anchored to ccm.yaml line 1,
because code scanning requires a location.
"""

from __future__ import annotations

import json

from .. import __version__
from .. import rules as registry

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _rule_descriptor(rule) -> dict:
    doc = (rule.__doc__ or "").strip()
    return {
        "id": rule.ID,
        "name": rule.ID.replace("/", "-"),
        "shortDescription": {"text": registry.summary(rule)},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": f"```\n{doc}\n```"},
        "defaultConfiguration": {"level": LEVELS[rule.SEVERITY]},
        "properties": {"category": rule.CATEGORY, "tags": [rule.CATEGORY]},
    }


def document(result) -> dict:
    rules = list(registry.all_rules())
    known = {rule.ID for rule in rules}
    extra_ids = sorted({f.rule for f in result.findings} - known)
    descriptors = [_rule_descriptor(rule) for rule in rules] + [
        {"id": rule_id, "name": rule_id, "shortDescription": {"text": rule_id}} for rule_id in extra_ids
    ]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    for finding in result.findings:
        region = {"startLine": finding.line or 1, "startColumn": finding.column or 1}
        message = finding.message + (f" Fix: {finding.fix}" if finding.fix else "")
        results.append({
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": LEVELS[finding.severity.label],
            "message": {"text": message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.file or "ccm.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }],
            "partialFingerprints": {"ccmFinding/v1": "|".join(str(x) for x in finding.identity)},
            "properties": {k: v for k, v in (("comm", finding.comm), ("locale", finding.locale), ("channel", finding.channel), ("category", finding.category)) if v},
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ccm", "version": __version__, "informationUri": "https://github.com/kumo-energy/ccm", "rules": descriptors}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///"}},
            "results": results,
        }],
    }


def write(result, out, options) -> None:
    json.dump(document(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
