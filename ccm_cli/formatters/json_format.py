"""`--format json`: SPEC 3.1 exactly."""

from __future__ import annotations

import json


def document(result) -> dict:
    counts = result.counts()
    return {
        "version": 1,
        "summary": {"comms": result.comms, "variants": result.variants, **counts},
        "findings": [finding.to_json() for finding in result.findings],
    }


def write(result, out, options) -> None:
    json.dump(document(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
