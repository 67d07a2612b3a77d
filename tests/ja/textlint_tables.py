"""Run the ja rules on textlint's own test tables (shared by the tests and the score script).

The tables live in ``/work/shared/fixtures/textlint-ja/`` (override with the environment
variable ``CCM_TEXTLINT_FIXTURES``). Each case's ``text`` is Markdown, as textlint reads it;
expected positions are UTF-16 offsets into that Markdown. Options: the rule's own npm package
defaults (``PACKAGE_DEFAULT`` where ccm's ``DEFAULT`` follows the technical-writing preset
instead), with the case's ``options`` merged over them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from ccm_cli.rules.style.ja import RULES
from ccm_cli.text.ja import JaDocument
from ccm_cli.text.markdown import to_prose

def _fixtures() -> Path:
    """CCM_TEXTLINT_FIXTURES, else shared/ beside the repository (as CI lays it out)."""
    if os.environ.get("CCM_TEXTLINT_FIXTURES"):
        return Path(os.environ["CCM_TEXTLINT_FIXTURES"])
    beside = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "textlint-ja"
    return beside if beside.is_dir() else Path("/work/shared/fixtures/textlint-ja")


FIXTURES = _fixtures()
RULES_BY_NAME = {mod.ID.split("/", 1)[1]: mod for mod in RULES}

# Cases where ccm deliberately differs from textlint, with the reason. The tests mark them
# xfail(strict=True): if one starts passing, the entry must be removed.
ACCEPTED_DISAGREEMENTS: dict[tuple[str, str], str] = {}


@dataclass
class Case:
    rule: str
    id: str
    kind: str  # "valid" | "invalid"
    text: str
    options: dict
    errors: list

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule, self.id)


def load_cases(folder: Path | None = None) -> list[Case]:
    """Every case of the tables in ``folder`` (default: the shared public fixtures)."""
    folder = FIXTURES if folder is None else folder
    yaml = YAML(typ="safe", pure=True)
    cases: list[Case] = []
    if not folder.is_dir():
        return cases
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        rule = data["rule"]
        for kind in ("valid", "invalid"):
            for c in data.get(kind) or []:
                cases.append(Case(rule, c["id"], kind, c["text"], c.get("options") or {}, c.get("errors") or []))
    return cases


def utf16_to_index(text: str, units: int) -> int:
    """Python ``str`` index of the UTF-16 offset ``units`` in ``text``."""
    count = 0
    for i, ch in enumerate(text):
        if count >= units:
            return i
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def line_col_to_index(text: str, line: int, column: int) -> int:
    """Python index of a 1-based line and 1-based UTF-16 column."""
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: line - 1])
    return start + utf16_to_index(lines[line - 1] if line - 1 < len(lines) else "", column - 1)


def run_rule(rule: str, text: str, options: dict) -> list[tuple[int, int, str]]:
    """``(start, end, message)`` of each problem, offsets into the Markdown ``text``."""
    mod = RULES_BY_NAME[rule]
    merged = {**getattr(mod, "PACKAGE_DEFAULT", mod.DEFAULT), **options}
    prose = to_prose(text)
    doc = JaDocument(prose.text, prose)
    out = []
    for p in mod.check_text(doc, merged):
        start, end = prose.source_span(p.start, p.end)
        out.append((start, end, p.message))
    out.sort(key=lambda x: (x[0], x[1]))
    return out


def expected_start(text: str, err: dict) -> int | None:
    if "index" in err:
        return utf16_to_index(text, err["index"])
    if "range" in err:
        return utf16_to_index(text, err["range"][0])
    if "loc" in err:
        return line_col_to_index(text, err["loc"]["start"]["line"], err["loc"]["start"]["column"])
    if "line" in err and "column" in err:
        return line_col_to_index(text, err["line"], err["column"])
    if "column" in err:
        return line_col_to_index(text, 1, err["column"])
    return None


def check_case(case: Case) -> tuple[bool, str]:
    """``(passed, explanation)`` for one table case."""
    found = run_rule(case.rule, case.text, case.options)
    if case.kind == "valid":
        return (not found, f"expected no error, got {found!r}")
    if len(found) != len(case.errors):
        return False, f"expected {len(case.errors)} error(s), got {len(found)}: {found!r}"
    for (start, end, message), err in zip(found, case.errors):
        want = expected_start(case.text, err)
        if want is not None and want != start:
            return False, f"expected an error at {want}, got {start} ({message!r}); all: {found!r}"
        if "range" in err and utf16_to_index(case.text, err["range"][1]) != end:
            return False, f"expected an error ending at {err['range'][1]}, got {end}"
        if "line" in err and "column" not in err:
            line = case.text.count("\n", 0, start) + 1
            if line != err["line"]:
                return False, f"expected line {err['line']}, got {line}"
    return True, ""
