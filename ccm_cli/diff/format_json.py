"""`ccm diff --format json`: the report as one JSON document (shape: :mod:`.report`)."""

from __future__ import annotations

import json


def write(report, out, width: int | None = None) -> None:
    json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
    out.write("\n")
