"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning (upload-sarif).

tool.driver.rules carries every rule with its documentation as help text; each result has a
physicalLocation with a region. Findings without a file are anchored to ccm.yaml line 1,
because code scanning requires a location.

Locations are URIs relative to ``%SRCROOT%`` (percent-encoded: a file name may hold spaces,
``#`` or bytes that are not UTF-8); ``run.originalUriBaseIds`` gives ``%SRCROOT%`` as the
repository root's ``file://`` URI, ending with a slash, when the root is known (SARIF
3.14.14), and is left out otherwise, as GitHub reads relative URIs from the repository root.

``partialFingerprints`` (:func:`fingerprints`) let code scanning keep one alert per problem
across runs: rule, file, comm, locale, channel and the text the finding points at (its
excerpt, blanks normalised), and an occurrence number among findings alike in all of these.
Neither the message nor the line is part of it, so rewording a guideline's reason or moving
text keeps the alert, while changing the offending text makes a new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from .. import rules as registry
from .escape import json_text, markdown_fence
from . import checkout_relative, checkout_root

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "ccmFinding/v2"


def _rule_descriptor(rule) -> dict:
    doc = (rule.__doc__ or "").strip()
    return {
        "id": rule.ID,
        "name": rule.ID.replace("/", "-"),
        "shortDescription": {"text": registry.summary(rule)},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": markdown_fence(doc).rstrip("\n")},
        "defaultConfiguration": {"level": LEVELS[rule.SEVERITY]},
        "properties": {"category": rule.CATEGORY, "tags": [rule.CATEGORY]},
    }


def artifact_uri(path: str) -> str:
    """A repository-relative path as a relative URI reference (RFC 3986), byte for byte."""
    return quote(os.fsencode(path), safe="/")


def fingerprints(findings) -> list[str]:
    """One fingerprint per finding, in order (see the module documentation)."""
    seen: Counter = Counter()
    prints = []
    for f in findings:
        excerpt = re.sub(r"\s+", " ", f.excerpt or "").strip()
        key = "\0".join((f.rule, f.file or "", f.comm or "", f.locale or "", f.channel or "", excerpt))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        seen[digest] += 1
        prints.append(f"{digest}:{seen[digest]}")
    return prints


def document(result, root=None, path=lambda file: file) -> dict:
    """The SARIF log; ``root``: the checkout's root (``%SRCROOT%``), ``path``: a finding's file
    relative to it."""
    rules = list(registry.all_rules())
    known = {rule.ID for rule in rules}
    extra_ids = sorted({f.rule for f in result.findings} - known)
    descriptors = [_rule_descriptor(rule) for rule in rules] + [
        {"id": rule_id, "name": rule_id, "shortDescription": {"text": rule_id}} for rule_id in extra_ids
    ]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    for finding, fingerprint in zip(result.findings, fingerprints(result.findings)):
        region = {"startLine": finding.line or 1, "startColumn": finding.column or 1}
        message = finding.message + (f" Fix: {finding.fix}" if finding.fix else "")
        results.append({
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": LEVELS[finding.severity.label],
            "message": {"text": message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(path(finding.file or "ccm.yaml")), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }],
            "partialFingerprints": {FINGERPRINT: fingerprint},
            "properties": {k: v for k, v in (("comm", finding.comm), ("locale", finding.locale), ("channel", finding.channel), ("category", finding.category)) if v},
        })
    run: dict = {"tool": {"driver": {"name": "ccm", "version": __version__, "informationUri": "https://github.com/kumo-energy/ccm", "rules": descriptors}}}
    if root is not None:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root_uri(root)}}
    run["results"] = results
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def root_uri(root) -> str:
    """The repository root as an absolute ``file://`` URI ending with a slash."""
    uri = Path(root).resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def write(result, out, options) -> None:
    document_ = document(result, checkout_root(options), lambda file: checkout_relative(options, file))
    out.write(json_text(json.dumps(document_, ensure_ascii=False, indent=2)))
    out.write("\n")
