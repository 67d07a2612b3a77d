"""Combine the JSON reports of `ccm lint --shard I/N` runs into one result."""

from __future__ import annotations

import json
from pathlib import Path

from .cache import finding_from_json
from .errors import CcmError
from .linter import LintResult


def merge_reports(files: list[Path]) -> LintResult:
    """One :class:`LintResult` from several SPEC 3.1 JSON reports (findings de-duplicated)."""
    findings = {}
    comms = variants = 0
    for path in files:
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            summary = data["summary"]
            items = data["findings"]
            if data.get("version") != 1 or not isinstance(items, list):
                raise ValueError("not a version 1 report")
            comms += int(summary["comms"])
            variants += int(summary["variants"])
            for item in items:
                finding = finding_from_json(item)
                findings[tuple(finding.to_json().values())] = finding
        except FileNotFoundError:
            raise CcmError("no such file", str(path)) from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CcmError(f"not a 'ccm lint --format json' report ({exc})", str(path)) from None
    return LintResult(
        findings=sorted(findings.values(), key=lambda f: f.sort_key),
        comms=comms,
        variants=variants,
    )
