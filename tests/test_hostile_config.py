"""Hostile configuration never ends in an internal error.

A pull request may put anything anywhere in brand/guidelines.yaml, policies/contact.yaml,
policies/channels.yaml, a clause's `required_for` or a comm's `audience:` and `schedule:`.
Every value of those files — each key, and the first item of each list — is replaced in turn
by null, a text, a number, a list, a mapping, a 4,001-digit integer, a negative number and
.inf (a text also by a huge duration and an impossible time). `ccm lint` must answer with
findings (exit 0 or 1) or a one-line `file:line:col` error (exit 2), never a traceback.

The configurations are the example repository's and the keys only `ccm init --region
us|jp|eu|ca` writes. The sweep runs the lint command's own code in this process (a
subprocess per case would take minutes); a sample of cases also runs as real `ccm lint`
subprocesses.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import math
import shutil
import traceback
from pathlib import Path

import pytest

from conftest import ROOT, copy_repo, run_ccm

from ccm_cli.errors import CcmError
from ccm_cli.yamlio import parse




class _Huge:
    """A 4,001-digit integer, written into YAML as its digits (no int in this process: Python
    refuses to print one, and changing that limit would leak into every later test)."""

    text = "1" + "0" * 4000

    def __deepcopy__(self, memo) -> "_Huge":
        return self


HUGE = _Huge()
VALUES = [None, "zz", 7, [1, "a"], {"k": "v"}, HUGE, -5, math.inf]
TEXT_VALUES = ["99999999999d", "25:99", "-1d", "0w"]  # where a text was: durations, times
# a few comms of the example: marketing (suppressions, personalization, consent, caps) and the
# two exclusive ones, in English and Japanese
KEEP_COMMS = ("marketing/referral-request.yaml", "billing/disconnection-notice.yaml", "billing/payment-holiday-offer.yaml")
FILES = {
    "guidelines": "brand/guidelines.yaml",
    "contact": "policies/contact.yaml",
    "channels": "policies/channels.yaml",
    "clause": "policies/clauses/sms-stop-help.yaml",
    "comm": "comms/marketing/referral-request.yaml",
}
SUBTREES = {"clause": ("required_for",), "comm": ("audience", "schedule")}  # the rest: the whole file
REGIONS = ("us", "jp", "eu", "ca")
# sections of guidelines.yaml whose keys different rules read (ja.max-ten by ja/max-ten only)
INDEPENDENT = {("ja",), ("tone",), ("readability",)}


def to_yaml(value) -> str:
    """``value`` as flow YAML (JSON, plus .inf and integers of any length)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return ".inf" if value == math.inf else "-.inf" if value == -math.inf else ".nan" if value != value else repr(value)
    if isinstance(value, _Huge):
        return value.text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(to_yaml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {to_yaml(v)}" for k, v in value.items()) + "}"


def paths(value, path=()):
    """Every key's path, and the first item of each list (the others are alike)."""
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from paths(inner, path + (key,))
    elif isinstance(value, list) and value:
        yield from paths(value[0], path + (0,))


def replaced(data, path, value):
    data = copy.deepcopy(data)
    if not path:
        return value
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def targets(data, kind: str) -> list[tuple]:
    """Every path of ``data`` a case replaces (for a clause or a comm: only its subtrees)."""
    roots = SUBTREES.get(kind)
    return [path for path in paths(data) if roots is None or (path and path[0] in roots)]


def applies(value, original) -> bool:
    return value not in TEXT_VALUES or isinstance(original, str)


def _at(data, path):
    for part in path:
        data = data[part]
    return data


def lint_like_the_cli(root: Path) -> str:
    """What `ccm lint` does, in this process: load, lint, write every format. Returns "ok" or
    "error" (a CcmError: the one-line exit 2); any other exception propagates."""
    from ccm_cli.formatters import FORMATS, Options, write
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project

    try:
        result = lint(load_project(root), today=dt.date(2026, 6, 1))
        for name in FORMATS:
            write(name, result, io.StringIO(), Options())
    except CcmError as error:
        assert "\n" not in error.one_line(), error.one_line()
        return "error"
    return "ok"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """The example repository with three of its comms."""
    root = copy_repo("example", tmp_path_factory.mktemp("hostile"))
    keep = {f"comms/{rel}" for rel in KEEP_COMMS}
    for path in sorted((root / "comms").rglob("*.yaml")):
        if path.relative_to(root).as_posix() not in keep:
            path.unlink()
    return root


@pytest.fixture(scope="module")
def regions(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("regions")
    out = {}
    for region in REGIONS:
        done = run_ccm("init", str(base / region), "--region", region, cwd=base)
        assert done.returncode == 0, done.stderr
        out[region] = base / region
    return out


def sweep(root: Path, files: dict[str, str], value, wanted=None) -> tuple[int, list[str]]:
    """Replace each target path of ``files`` (kind -> rel) by ``value`` and lint; (cases
    tried, the ones that crashed with their tracebacks).

    The rules that read one section of one file (``terminology``, ``ja.max-ten``, a clause's
    ``required_for``) read no other, so one lint run tries one case of every section at once;
    a run that crashes, or stops with a one-line error that could hide a crash behind it, is
    tried again in halves down to single cases."""
    docs = {rel: parse((root / rel).read_text("utf-8"), rel).data for rel in files.values()}
    originals = {rel: (root / rel).read_text("utf-8") for rel in files.values()}
    lanes: dict[tuple, list] = {}
    for kind, rel in files.items():
        for path in targets(docs[rel], kind):
            if (wanted is None or (kind, path) in wanted) and applies(value, _at(docs[rel], path)):
                depth = 2 if kind == "guidelines" and path[:1] in INDEPENDENT and len(path) > 1 else 1
                lanes.setdefault((rel, path[:depth]), []).append((rel, path))
    tried = sum(map(len, lanes.values()))
    rounds = []
    queues = sorted(lanes.values(), key=lambda lane: len(lane[0][1]))  # whole documents first
    while any(queues):
        chosen: list = []
        for queue in queues:
            if queue and not any(_overlap(queue[0], other) for other in chosen):
                chosen.append(queue.pop(0))
        rounds.append(chosen)
    failures: list[str] = []

    def attempt(cases):  # a run that is not clean is tried again in halves, down to one case
        outcome = _run(root, docs, originals, cases, value)
        if outcome == "ok" or (len(cases) == 1 and outcome == "error"):
            return
        if len(cases) == 1:
            failures.append(f"{cases[0][0]} {cases[0][1]} = {_shown(value)}: {outcome}")
            return
        attempt(cases[: len(cases) // 2])
        attempt(cases[len(cases) // 2 :])

    try:
        for cases in filter(None, rounds):
            attempt(cases)
    finally:
        for rel, text in originals.items():
            (root / rel).write_text(text, "utf-8")
    return tried, failures


def _overlap(case, other) -> bool:
    """Do two cases replace the same value (one path inside the other, in one file)?"""
    (rel, path), (other_rel, other_path) = case, other
    return rel == other_rel and path[: len(other_path)] == other_path[: len(path)]


def _run(root: Path, docs: dict, originals: dict, cases: list, value) -> str:
    """"ok", "error" or "crash" and the traceback, for one lint with ``cases`` replaced."""
    changed = {}
    for rel, path in cases:
        changed[rel] = replaced(changed.get(rel, docs[rel]), path, value)
    for rel, text in originals.items():
        (root / rel).write_text(to_yaml(changed[rel]) + "\n" if rel in changed else text, "utf-8")
    try:
        return lint_like_the_cli(root)
    except Exception:  # noqa: BLE001 - the point: nothing but CcmError may escape
        return "crash\n" + traceback.format_exc(limit=-4)


def _shown(value) -> str:
    return "a 4,001-digit integer" if value is HUGE else repr(value)


@pytest.mark.parametrize("value", VALUES + TEXT_VALUES, ids=_shown)
def test_every_value_replaced(example, value):
    tried, failures = sweep(example, FILES, value)
    assert tried > 20
    assert not failures, "\n".join(failures)


def test_keys_only_ccm_init_writes(regions):
    """Each region's own guidelines, contact and channels, for the paths the example lacks."""
    files = {kind: FILES[kind] for kind in ("guidelines", "contact", "channels")}
    known = {(kind, path) for kind, rel in files.items() for path in paths(parse((ROOT / rel).read_text("utf-8"), rel).data)}
    tried, failures = 0, []
    for root in regions.values():
        fresh = {(kind, path) for kind, rel in files.items() for path in paths(parse((root / rel).read_text("utf-8"), rel).data)} - known
        known |= fresh
        for value in VALUES + TEXT_VALUES:
            count, crashed = sweep(root, files, value, wanted=fresh)
            tried += count
            failures += crashed
    assert tried, "ccm init writes no key the example lacks: this test checks nothing"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("rel,path,value", ids=lambda v: _shown(v) if v is HUGE else None, argvalues=[
    ("brand/guidelines.yaml", (), None),
    ("brand/guidelines.yaml", ("terminology",), 7),
    ("brand/guidelines.yaml", ("readability", "en", "default", "fk_grade_max"), HUGE),
    ("brand/guidelines.yaml", ("ja", "max-ten", "max"), math.inf),
    ("policies/contact.yaml", ("consent",), None),
    ("policies/contact.yaml", ("frequency_caps", 0, "per"), "99999999999d"),
])
def test_the_real_command(example, tmp_path, rel, path, value):
    root = tmp_path / "repo"
    shutil.copytree(example, root)
    data = parse((root / rel).read_text("utf-8"), rel).data
    (root / rel).write_text(to_yaml(replaced(data, path, value)) + "\n", "utf-8")
    done = run_ccm("lint", "--no-cache", cwd=root)
    assert done.returncode in (0, 1, 2), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    if done.returncode == 2:
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("ccm: "), done.stderr


def test_wrong_ja_options_are_findings_at_their_line(example, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(example, root)
    guidelines = root / "brand/guidelines.yaml"
    text = guidelines.read_text("utf-8").replace("max-ten: {max: 3}", "max-ten: {max: three}")
    guidelines.write_text(text, "utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "max-ten:" in row)
    done = run_ccm("lint", "--no-cache", "--format", "json", cwd=root)
    assert done.returncode == 1, done.stderr
    found = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "schema/invalid-value"]
    assert [(f["file"], f["line"], f["message"]) for f in found] == [
        ("brand/guidelines.yaml", line, "ja.max-ten.max: expected a whole number from 0 to 1,000,000, got str 'three'")]
