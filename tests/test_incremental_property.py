"""Property: incremental lint equals a full lint restricted to the affected comms, and every
comm whose findings change between the base and the head is affected."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import REPOS, ROOT, TODAY, copy_repo
from ccm_cli.diff.files import changed_files, style_folders
from ccm_cli.incremental import affected_comms
from ccm_cli.project import is_comm_file
from ccm_cli.scale.store import DiskStore as ResultCache
from ccm_cli.linter import CachedResults, lint
from ccm_cli.project import load_project

WORDS = ["cheap", "act now", "log in", "LOUD", "Hello!!", "お客様", "スマホ", "plain words", "{{ facts.brand }}",
         "{{ facts.support_phone }}", "1-800-555-0199", "0120-123-456", "{{ facts.nope }}", "{{ undeclared }}"]


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    if old in text:
        path.write_text(text.replace(old, new, 1), "utf-8")


def _edit_comm(root: Path, draw) -> None:
    comms = sorted(p for p in (root / "comms").rglob("*.yaml") if "_snippets" not in p.parts)
    path = draw(st.sampled_from(comms))
    word = draw(st.sampled_from(WORDS))
    text = path.read_text("utf-8")
    kind = draw(st.sampled_from(["body", "category", "id", "tags"]))
    if kind == "body" and "body: |\n" in text:
        at = text.index("body: |\n") + len("body: |\n")
        indent = len(text[at:]) - len(text[at:].lstrip(" "))
        text = text[:at] + " " * indent + word + "\n" + text[at:]
    elif kind == "category":
        text = text.replace("category: transactional", "category: marketing", 1)
    elif kind == "id":
        other = draw(st.sampled_from(comms))
        other_id = other.read_text("utf-8").split("id: ", 1)[1].split("\n", 1)[0]
        text = text.replace(text.split("id: ", 1)[1].split("\n", 1)[0], other_id, 1)
    else:
        text = text.replace("tags: [", "tags: [disconnection-notice, ", 1)
    path.write_text(text, "utf-8")


def _edit_snippet(root: Path, draw) -> None:
    snippets = sorted((root / "comms/_snippets").glob("*.j2"))
    path = draw(st.sampled_from(snippets))
    path.write_text(path.read_text("utf-8") + "\n" + draw(st.sampled_from(WORDS)) + "\n", "utf-8")


def _edit_fact(root: Path, draw) -> None:
    path = root / "brand/facts.yaml"
    old, new = draw(st.sampled_from([
        ('"1-800-555-0199"', '"1-800-555-0100"'), ('"0120-123-456"', '"0120-123-999"'),
        ("ja-JP: クモエナジー}", "ja-JP: クモ エナジー}"), ("Kumo Energy app", "kumo energy app!!"),
        ("https://kumo.example/help", "http://kumo.example/help"), ('"$30/month"', '"cheap $30/month"'),
    ]))
    _replace_in(path, old, new)


def _edit_clause(root: Path, draw) -> None:
    clauses = sorted((root / "policies/clauses").glob("*.yaml"))
    path = draw(st.sampled_from(clauses))
    text = path.read_text("utf-8")
    kind = draw(st.sampled_from(["text", "selector", "version"]))
    if kind == "text" and "text:\n" in text:
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("text:")) + 2
        if at < len(lines) and lines[at].startswith("    "):
            lines[at] = lines[at] + " " + draw(st.sampled_from(WORDS))
        path.write_text("\n".join(lines), "utf-8")
    elif kind == "selector":
        path.write_text(text.replace("category: [marketing]", "category: [marketing, transactional]", 1)
                        .replace("channel: [sms]", "channel: [sms, push]", 1), "utf-8")
    else:
        path.write_text(text.replace("version: ", "version: 1", 1), "utf-8")


def _edit_guidelines(root: Path, draw) -> None:
    path = root / "brand/guidelines.yaml"
    if path.exists():
        _replace_in(path, "banned:\n", "banned:\n  - {phrase: \"bill\", reason: \"test\"}\n")


def _rename_comm(root: Path, draw) -> None:
    comms = sorted(p for p in (root / "comms").rglob("*.yaml") if "_snippets" not in p.parts)
    path = draw(st.sampled_from(comms))
    target = root / "comms/moved" / path.name
    target.parent.mkdir(exist_ok=True)
    if not target.exists():
        body_files = [p for p in path.parent.glob("*.j2")]
        for body in body_files:  # body_file: names a file next to the comm
            shutil.copy(body, target.parent / body.name)
        path.rename(target)


EDITS = [_edit_comm, _edit_snippet, _edit_fact, _edit_clause, _edit_guidelines, _rename_comm]
_BASES: dict[str, tuple] = {}


def _base(name: str, tmp_root: Path):
    """(root, project, findings) of a base repository whose lint filled its result cache."""
    if name not in _BASES:
        root = copy_repo(name, tmp_root / f"base-{name}")
        project = load_project(root)
        cache = ResultCache(root)
        _BASES[name] = (root, project, lint(project, today=TODAY, cache=cache).findings)
        cache.close()
    return _BASES[name]


def _by_comm(findings) -> dict:
    found: dict = {}
    for f in findings:
        found.setdefault(f.comm, set()).add(tuple(sorted(f.to_json().items())))
    return found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(["example", "minimal"]))
def test_incremental_lint_matches_full_lint(tmp_path_factory, data, name):
    base_root, base, base_findings = _base(name, tmp_path_factory.getbasetemp())
    head_root = tmp_path_factory.mktemp("head") / name
    shutil.copytree(base_root, head_root)
    for edit in data.draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3), label="edits"):
        edit(head_root, data.draw)
    head = load_project(head_root)
    affected = affected_comms(base, head)
    # what `ccm lint --changed-only` does: the changed paths given, the base holding only its
    # shared files and the comms of changed files
    changed = changed_files(base.source, head.source, style_folders(base.guidelines, head.guidelines))
    partial_base = load_project(base_root, {rel for rel in changed if is_comm_file(rel)})
    assert affected_comms(partial_base, head, changed=changed) == affected
    # ... and with what the base's cached results recorded about the templates each comm includes
    cache = ResultCache(base_root)
    try:
        assert affected_comms(partial_base, head, changed=changed, includes=CachedResults(cache, TODAY).includes) == affected
    finally:
        cache.close()
    full = lint(head, today=TODAY).findings
    if affected is None:
        return  # everything is linted: trivially equal
    if not affected:
        assert _by_comm(base_findings) == _by_comm(full)
        return
    partial = lint(load_project(head_root), today=TODAY, only_comms=affected).findings
    assert sorted(f.sort_key for f in partial) == sorted(f.sort_key for f in full if f.comm in affected)
    before, after = _by_comm(base_findings), _by_comm(full)
    moved = {comm for comm in before.keys() | after.keys() if comm is not None and before.get(comm) != after.get(comm)}
    assert moved <= affected, f"findings changed outside the affected set: {sorted(moved - affected)}"
