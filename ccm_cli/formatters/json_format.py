"""`--format json`: SPEC 3.1 exactly, plus ``"shard": {"index": I, "total": N}`` in the
report of a ``--shard I/N`` run (``ccm merge-results`` checks that every shard is there once).

The text is JSON escaped for a terminal and a CI log as well (:func:`.escape.json_text`):
the same data to every JSON reader."""

from __future__ import annotations

import json

from .escape import json_text


def document(result, shard: tuple[int, int] | None = None) -> dict:
    counts = result.counts()
    data: dict = {"version": 1}
    if shard is not None:
        data["shard"] = {"index": shard[0], "total": shard[1]}
    data["summary"] = {"comms": result.comms, "variants": result.variants, **counts}
    data["findings"] = [finding.to_json() for finding in result.findings]
    return data


def write(result, out, options) -> None:
    out.write(json_text(json.dumps(document(result, options.shard), ensure_ascii=False, indent=2)))
    out.write("\n")
