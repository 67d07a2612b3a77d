"""Combine the JSON reports of `ccm lint --shard I/N` runs into one result.

A shard's report says which shard it is (``"shard": {"index": I, "total": N}``); a report
without it is a whole run, shard 1 of 1. The reports merged must be every shard of one N,
each once: a missing shard would hide its findings and pass CI, a duplicated one would count
its comms twice. Anything else — a file that is not a ``ccm lint --format json`` report,
malformed or oversized JSON, a field of the wrong type — stops the merge with one line
naming the file (:class:`~ccm_cli.errors.CcmError`, exit 2).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import CcmError
from .findings import Finding
from .linter import LintResult

# A report of 10,000 comms with a finding in each is a few MB; a bigger file is not one.
MAX_REPORT_BYTES = 256 * 1024 * 1024
HINT = "merge the 'ccm lint --format json --shard I/N' reports of one run, every shard once"


@dataclass
class ShardReport:
    """One shard's report, read and checked."""

    path: Path
    index: int
    total: int
    comms: int
    variants: int
    findings: list[Finding]

    @property
    def label(self) -> str:
        return f"shard {self.index}/{self.total}" if self.total > 1 else "a whole run"


def merge_reports(files: list[Path]) -> LintResult:
    """One :class:`LintResult` from the reports of every shard of one run (findings
    de-duplicated); :class:`CcmError` for a missing, repeated or foreign shard."""
    reports = [read_report(Path(path)) for path in files]
    check_shards(reports)
    findings = {}
    for report in reports:
        for finding in report.findings:
            findings[tuple(finding.to_json().values())] = finding
    return LintResult(
        findings=sorted(findings.values(), key=lambda f: f.sort_key),
        comms=sum(r.comms for r in reports),
        variants=sum(r.variants for r in reports),
    )


def check_shards(reports: list[ShardReport]) -> None:
    """Every shard 1..N of a single N, each exactly once."""
    first = reports[0]
    for report in reports[1:]:
        if report.total != first.total:
            raise CcmError(f"{report.label} does not belong with {first.path}, {first.label}", str(report.path), hint=HINT)
    seen: dict[int, ShardReport] = {}
    for report in reports:
        if report.index in seen:
            raise CcmError(f"{report.label} again: {seen[report.index].path} is the same shard", str(report.path), hint=HINT)
        seen[report.index] = report
    missing = [i for i in range(1, first.total + 1) if i not in seen]
    if missing:
        shown = ", ".join(f"{i}/{first.total}" for i in missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        raise CcmError(f"shard{'s' if len(missing) > 1 else ''} {shown} missing: without {'them' if len(missing) > 1 else 'it'} "
                       f"the merged report would hide {'their' if len(missing) > 1 else 'its'} findings", hint=HINT)


def read_report(path: Path) -> ShardReport:
    """Read and check one report; :class:`CcmError` naming ``path`` when it is not one."""
    data = _load(path)
    try:
        return _parse(path, data)
    except ValueError as error:
        raise CcmError(f"not a 'ccm lint --format json' report: {error}", str(path), hint=HINT) from None


def _load(path: Path):
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise CcmError("not a regular file", str(path), hint=HINT)
            if info.st_size > MAX_REPORT_BYTES:
                raise CcmError(f"{info.st_size:,} bytes is too big for a lint report (at most {MAX_REPORT_BYTES:,})", str(path), hint=HINT)
            raw = handle.read(MAX_REPORT_BYTES + 1)
    except FileNotFoundError:
        raise CcmError("no such file", str(path)) from None
    except IsADirectoryError:
        raise CcmError("not a regular file", str(path), hint=HINT) from None
    except OSError as error:
        raise CcmError(f"cannot read: {error.strerror or error}", str(path)) from None
    if len(raw) > MAX_REPORT_BYTES:
        raise CcmError(f"too big for a lint report (at most {MAX_REPORT_BYTES:,} bytes)", str(path), hint=HINT)
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CcmError(f"not UTF-8 (byte {error.start}): not a 'ccm lint --format json' report", str(path), hint=HINT) from None
    except json.JSONDecodeError as error:
        raise CcmError(f"not JSON: {error.msg}", str(path), error.lineno, error.colno, hint=HINT) from None
    except (ValueError, RecursionError) as error:  # an integer of thousands of digits; nesting too deep
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error).split(":")[0]
        raise CcmError(f"not a 'ccm lint --format json' report: {reason}", str(path), hint=HINT) from None


def _parse(path: Path, data) -> ShardReport:
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ValueError('no "version": 1')
    summary, items = data.get("summary"), data.get("findings")
    if not isinstance(summary, dict) or not isinstance(items, list):
        raise ValueError('no "summary" object or no "findings" list')
    comms, variants = summary.get("comms"), summary.get("variants")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (comms, variants)):
        raise ValueError('"summary" needs "comms" and "variants" counts')
    index, total = _shard(data.get("shard", {"index": 1, "total": 1}))
    findings = []
    for number, item in enumerate(items, 1):
        try:
            findings.append(Finding.from_report(item))
        except ValueError as error:
            raise ValueError(f"finding {number}: {error}") from None
    return ShardReport(path, index, total, comms, variants, findings)


def _shard(value) -> tuple[int, int]:
    numbers = (value.get("index"), value.get("total")) if isinstance(value, dict) else (None, None)
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers) or not 1 <= numbers[0] <= numbers[1]:
        raise ValueError('"shard" must be {"index": I, "total": N} with 1 <= I <= N')
    return numbers
