"""`ccm diff --format json`: the report as one JSON document (shape: :mod:`.report`), escaped
for a terminal and a CI log as well (:func:`~ccm_cli.formatters.escape.json_text`): the same
data to every JSON reader."""

from __future__ import annotations

import json

from ..formatters.escape import json_text


def write(report, out, width: int | None = None) -> None:
    out.write(json_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2)))
    out.write("\n")
