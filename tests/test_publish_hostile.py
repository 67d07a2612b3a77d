"""A damaged or hostile publish target never ends in a traceback or "internal error".

Whatever someone (or a crash, or a full disk) left in a target — a dir folder, a SQLite file, a
PostgreSQL database, an HTTP receiver — `ccm publish`, `--plan`, `--rollback`, `ccm releases` and
the runtime either work around it with a warning or refuse with one line naming the file (or
row, or URL) and what is wrong with it:

* a release is trusted only when it holds exactly the files its manifest lists, each matching
  its sha256, no symlink, and the manifest is what ccm writes (its id matches its artifacts);
* a rollback verifies the release it goes back to and refuses (exit 1) when it is not intact —
  an added file included;
* damaged history records are reported and skipped; publishing still appends (exit 0);
* a damaged current release or ``current`` pointer is reported, and publishing replaces it;
* ccm never reads or writes through a symlink out of a dir target;
* an HTTP receiver that answers non-JSON, too much, too slowly or with a redirect is an error;
* a URL or connection string that is unset, empty, has a space or is not http(s) is a clear
  configuration error that never prints the value.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import edit
from test_publish_support import ccm, commit, current_id, git_repo

R = "comms/billing/payment-reminder.yaml"
TARGETS = """\
  db: {type: sqlite, path: dist/ccm.db}
  hook: {type: http, url_env: HOOK_URL, secret_env: HOOK_KEY}
  tight: {type: http, url_env: HOOK_URL, secret_env: HOOK_KEY, timeout: 1, max_response_mb: 1}
  pg: {type: postgres, url_env: PG_URL}
"""
KEY = {"HOOK_KEY": "hostile-test-key"}


def run(*args: str, cwd: Path, env: dict | None = None, code: int | None = None):
    """A real `ccm` run that must end cleanly: no traceback, no internal error, one-line messages."""
    result = ccm(*args, cwd=cwd, env=env, timeout=60)
    for text in (result.stderr, result.stdout):
        assert "Traceback" not in text and "internal error" not in text, text
    assert all(line.startswith("ccm: ") for line in result.stderr.splitlines()), result.stderr
    if code is not None:
        assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Two releases in a dir target and a sqlite target: (root, first, second); second is current."""
    root = git_repo(tmp_path_factory.mktemp("hostile"))
    with open(root / "ccm.yaml", "a", encoding="utf-8") as handle:
        handle.write(TARGETS)
    commit(root, "Targets")
    for target in ("default", "db"):
        run("publish", "-t", target, cwd=root, code=0)
    first = current_id(root / "dist" / "releases")
    edit(root / R, "Please pay in the", "Pay in the")
    commit(root)
    for target in ("default", "db"):
        run("publish", "-t", target, cwd=root, code=0)
    second = current_id(root / "dist" / "releases")
    assert first != second
    return root, first, second


@pytest.fixture
def repo(template, tmp_path):
    root, first, second = template
    copy = tmp_path / "repo"
    shutil.copytree(root, copy, symlinks=True)
    return copy, first, second


def releases_dir(root: Path) -> Path:
    return root / "dist" / "releases"


def rewrite_manifest(folder: Path, change) -> None:
    file = folder / "manifest.json"
    data = json.loads(file.read_text("utf-8"))
    change(data)
    file.write_text(json.dumps(data), "utf-8")


def _set(path: str, value):
    def change(data):
        node = data
        *parents, last = path.split(".")
        for key in parents:
            node = node[key]
        node[last] = value
    return change


def _outside(folder: Path, name: str) -> Path:
    """A file outside the target with a secret in it (what a symlink would leak)."""
    secret = folder.parents[3] / f"outside-{name}"
    secret.write_text("TOKEN=ghp_secret_outside_the_target\n")
    return secret


def _symlink_file(folder: Path) -> None:
    target = folder / "render.json"
    data = target.read_bytes()
    outside = _outside(folder, "render.json")
    outside.write_bytes(data)  # even the very same bytes: a release holds no symlink
    target.unlink()
    target.symlink_to(outside)


def _symlink_dir(folder: Path) -> None:
    outside = folder.parents[3] / "outside-comms"
    shutil.move(folder / "comms", outside)
    (folder / "comms").symlink_to(outside, target_is_directory=True)


def _symlink_release(folder: Path) -> None:
    outside = folder.parents[3] / "outside-release"
    shutil.move(folder, outside)
    folder.symlink_to(outside, target_is_directory=True)


DIR_DAMAGE = {
    # the manifest
    "truncated manifest": (lambda f: (f / "manifest.json").write_bytes((f / "manifest.json").read_bytes()[:100]),
                           "manifest.json: not valid JSON", True),
    "manifest is a list": (lambda f: (f / "manifest.json").write_text("[]"), "manifest.json: is a list, not a manifest", True),
    "manifest is null": (lambda f: (f / "manifest.json").write_text("null"), "manifest.json: is null", True),
    "manifest is a string": (lambda f: (f / "manifest.json").write_text('"x"'), "manifest.json: is a string", True),
    "manifest is not UTF-8": (lambda f: (f / "manifest.json").write_bytes(b'{"id": "\xff"}'), "manifest.json: not UTF-8", True),
    "manifest without artifacts": (lambda f: rewrite_manifest(f, lambda d: d.pop("artifacts")), "'artifacts' is null", True),
    "comms of the wrong type": (lambda f: rewrite_manifest(f, _set("comms", [])), "'comms' is a list", True),
    "commit of the wrong type": (lambda f: rewrite_manifest(f, _set("source.commit", 7)), "'source.commit' is a number", True),
    "variants of the wrong type": (lambda f: rewrite_manifest(f, lambda d: d["comms"]["billing.payment-reminder"].update(variants="x")),
                                   "'variants' is a string", True),
    "id edited": (lambda f: rewrite_manifest(f, _set("id", "0123456789abcdef")), "but it is stored as release", True),
    "id with a slash": (lambda f: rewrite_manifest(f, _set("id", "../../etc")), "'id' is ../../etc, not a release id", True),
    "artifact path with ..": (lambda f: rewrite_manifest(f, lambda d: d["artifacts"].update({"../../../etc/passwd": "0" * 64})),
                              "'artifacts' lists ../../../etc/passwd, not a path ccm writes", True),
    "artifact hash edited": (lambda f: rewrite_manifest(f, lambda d: d["artifacts"].update({"render.json": "0" * 64})),
                             "does not match the hashes in 'artifacts'", True),
    "format from the future": (lambda f: rewrite_manifest(f, _set("format", 2)), "written by a newer ccm", True),
    "5,000-digit format": (lambda f: (f / "manifest.json").write_text('{"format": ' + "9" * 5000 + "}"),
                           "manifest.json: not valid JSON", True),
    "deeply nested manifest": (lambda f: (f / "manifest.json").write_text("[" * 200_000 + "]" * 200_000),
                               "manifest.json: JSON nested too deeply", True),
    "300 MB manifest": (lambda f: os.truncate(f / "manifest.json", 300 * 1024 * 1024),
                        "manifest.json: 314572800 bytes, more than ccm ever writes", True),
    "manifest is a folder": (lambda f: ((f / "manifest.json").unlink(), (f / "manifest.json").mkdir()),
                             "manifest.json: is not a regular file", True),
    # the files
    "file missing": (lambda f: (f / "render.json").unlink(), "render.json: is missing (manifest.json lists it)", False),
    "file changed": (lambda f: (f / "render.json").write_text("{}"), "render.json: does not match its sha256", False),
    "file added": (lambda f: (f / "comms" / "extra.json").write_text("{}"), "comms/extra.json: is not in manifest.json", False),
    "file symlinked outside": (_symlink_file, "render.json: is a symlink", False),
    "folder symlinked outside": (_symlink_dir, "comms: is a symlink", False),
    "release folder symlinked outside": (_symlink_release, ": is a symlink; a release is a folder", True),
    "a FIFO in the release": (lambda f: os.mkfifo(f / "comms" / "pipe"), "comms/pipe: is not a regular file", False),
}


@pytest.mark.parametrize("case", list(DIR_DAMAGE))
def test_dir_rollback_to_a_damaged_release_is_refused_naming_the_file(repo, case):
    from ccm_cli.runtime import ReleaseError, load_dir

    root, first, second = repo
    damage, expected, in_manifest = DIR_DAMAGE[case]
    damage(releases_dir(root) / first)

    refused = run("publish", "--rollback", first, cwd=root, code=1)
    assert "rollback refused: release " + first in refused.stderr, refused.stderr
    assert f"dist/releases/{first}" in refused.stderr and expected in refused.stderr, refused.stderr
    assert "ghp_secret" not in refused.stderr
    assert current_id(releases_dir(root)) == second, "nothing changed"
    with pytest.raises(ReleaseError, match=re.escape(expected)):
        load_dir(releases_dir(root), first)
    assert load_dir(releases_dir(root)).id == second

    listing = run("releases", "--format", "json", cwd=root, code=1 if in_manifest else 0)
    data = json.loads(listing.stdout)
    assert data["current"] == second
    if in_manifest:  # the listing reads manifests; a rollback reads every file
        assert [r["id"] for r in data["releases"]] == [second]
        assert any(expected in p for p in data["problems"]), data["problems"]
        assert "damaged:" in listing.stderr
    else:
        assert [r["id"] for r in data["releases"]] == [first, second] and data["problems"] == []


def test_an_added_file_is_refused_even_when_harmless_and_the_rollback_works_once_removed(repo):
    root, first, second = repo
    extra = releases_dir(root) / first / "comms" / "billing.payment-reminder" / "notes.txt"
    extra.write_text("looks innocent\n")
    refused = run("publish", "--rollback", first[:6], cwd=root, code=1)
    assert f"dist/releases/{first}/comms/billing.payment-reminder/notes.txt: is not in manifest.json" in refused.stderr
    assert "check who changed it, then repair it (remove what was added" in refused.stderr
    extra.unlink()
    rolled = run("publish", "--rollback", first[:6], cwd=root, code=0)
    assert f"release {first} is current again" in rolled.stdout


def test_damage_to_another_release_does_not_block_publishing(repo):
    root, first, second = repo
    (releases_dir(root) / first / "manifest.json").write_text("{")
    edit(root / R, "Pay in the", "Kindly pay in the")
    commit(root)
    published = run("publish", cwd=root, code=0)
    assert "Published release" in published.stdout
    assert current_id(releases_dir(root)) not in (first, second)


def test_a_damaged_current_release_is_reported_and_replaced_by_publishing(repo):
    from ccm_cli.runtime import load_dir

    root, first, second = repo
    folder = releases_dir(root) / second
    (folder / "comms" / "billing.payment-reminder" / "en-US" / "sms.json").write_text('{"fields": {"body": "forged"}}')
    (folder / "stray.txt").write_text("added by hand\n")
    plan = run("publish", "--plan", "--detailed-exitcode", cwd=root, code=2)
    assert "is damaged" in plan.stderr and "publishing stores it again" in plan.stderr
    published = run("publish", cwd=root, code=0)
    assert f"the stored copy of release {second} is damaged" in published.stderr
    assert "sms.json: does not match its sha256" in published.stderr
    assert load_dir(releases_dir(root)).id == second  # stored again, intact
    aside = [p for p in releases_dir(root).iterdir() if p.name.startswith(f".damaged-{second}")]
    assert len(aside) == 1 and (aside[0] / "stray.txt").exists(), "the damaged copy is kept for whoever investigates"


@pytest.mark.parametrize("case", ["outside", "folder", "file", "unknown release"])
def test_a_damaged_current_pointer_is_reported_and_replaced(repo, case):
    from ccm_cli.runtime import ReleaseError, load_dir

    root, first, second = repo
    link = releases_dir(root) / "current"
    link.unlink()
    expected = {"outside": "points to ../../../../etc, not to a release folder",
                "folder": "is not a symlink to a release", "file": "is not a symlink to a release",
                "unknown release": "the current release 0123456789abcdef is not stored"}[case]
    if case == "outside":
        link.symlink_to("../../../../etc")
    elif case == "folder":
        link.mkdir()
        (link / "manifest.json").write_text("{}")
    elif case == "file":
        link.write_text("not a link\n")
    else:
        link.symlink_to("0123456789abcdef")
    listing = run("releases", cwd=root, code=1)
    assert expected in listing.stderr
    if case != "unknown release":
        with pytest.raises(ReleaseError, match="dist/releases/current"):
            load_dir(releases_dir(root))
    published = run("publish", cwd=root, code=0)
    assert expected.split(",")[0] in published.stderr
    assert current_id(releases_dir(root)) == second
    run("releases", cwd=root, code=0)


def test_a_target_path_that_is_a_file(repo):
    root, first, second = repo
    shutil.rmtree(releases_dir(root))
    releases_dir(root).write_text("not a folder\n")
    for args in (("releases",), ("publish", "--plan"), ("publish", "--rollback", first)):
        result = run(*args, cwd=root, code=1)
        assert "target default: dist/releases is not a folder" in result.stderr


HISTORY_GARBAGE = (
    "not json at all\n"
    "[1, 2]\n"
    "null\n"
    '"a string"\n'
    '{"at": 5, "action": "publish", "release_id": "x"}\n'
    '{"at": "2026-01-01T00:00:00+00:00", "action": "publish", "release_id": "' + "9" * 5000 + '", "reason": ' + "9" * 5000 + "}\n"
    '{"at": "2026-01-01T00:00:00+00:00", "act'  # a torn last line: no newline
)


@pytest.mark.parametrize("target", ["default", "db"])
def test_a_corrupt_history_is_reported_and_publishing_still_appends(repo, target):
    root, first, second = repo
    if target == "default":
        with open(releases_dir(root) / "history.jsonl", "a", encoding="utf-8") as handle:
            handle.write(HISTORY_GARBAGE)
    else:
        with sqlite3.connect(root / "dist" / "ccm.db") as conn:  # SQLite stores any type in any column
            conn.execute("INSERT INTO ccm_history (at, action, release_id, previous) VALUES (x'35', 'publish', 'x', NULL)")
            conn.execute("INSERT INTO ccm_history (at, action, release_id, previous) VALUES ('t', 'publish', 'x', x'ff00')")
    listing = run("releases", "-t", target, "--format", "json", cwd=root, code=1)
    data = json.loads(listing.stdout)
    assert [e["action"] for e in data["history"]] == ["publish", "publish"]
    problems = data["problems"]
    if target == "default":
        assert [p.split(": ")[1] for p in problems] == [f"line {n}" for n in range(3, 10)], problems
        assert "line 3: not valid JSON" in problems[0] and "line 4: is a list" in problems[1]
        assert "'at' is a number, not text" in problems[4]
    else:
        assert len(problems) == 2 and "ccm_history seq 3): 'at' is bytes, not text" in problems[0], problems
        assert "ccm_history seq 4): 'previous' is bytes" in problems[1]
    assert "never rewrites the history" in listing.stderr and "move them out" in listing.stderr

    again = run("publish", "-t", target, cwd=root, code=0)  # a corrupt history used to stop every publish
    assert again.stdout.startswith("No changes.") and "history record(s) of target" in again.stderr
    rolled = run("publish", "--rollback", first, "-t", target, cwd=root, code=0)
    assert "history record(s) of target" in rolled.stderr and "the new event is appended" in rolled.stderr
    data = json.loads(run("releases", "-t", target, "--format", "json", cwd=root, code=1).stdout)
    assert [e["action"] for e in data["history"]] == ["publish", "publish", "rollback"], "the torn line did not swallow it"
    assert data["current"] == first


def test_an_overlong_history_line_is_skipped_without_reading_it_whole(repo):
    root, first, second = repo
    with open(releases_dir(root) / "history.jsonl", "ab") as handle:
        handle.write(b"x" * (3 * 1024 * 1024) + b"\n")
    data = json.loads(run("releases", "--format", "json", cwd=root, code=1).stdout)
    assert data["problems"] == ["dist/releases/history.jsonl: line 3: longer than 1048576 bytes; not an event"]
    assert len(data["history"]) == 2


@pytest.mark.parametrize("name", ["history.jsonl", ".lock"])
def test_a_symlink_in_the_target_never_writes_outside(repo, name):
    root, first, second = repo
    outside = root.parent / "precious.txt"
    outside.write_text("precious\n")
    link = releases_dir(root) / name
    if link.exists():
        link.unlink()
    link.symlink_to(outside)
    refused = run("publish", "--rollback", first, cwd=root, code=1)
    assert f"dist/releases/{name}" in refused.stderr and "symlink" in refused.stderr
    assert outside.read_text() == "precious\n", "nothing written (or truncated) outside the target"
    assert current_id(releases_dir(root)) == second, "refused before anything changed"
    link.unlink()
    if name == "history.jsonl":
        shutil.copy(outside, link)  # the hint: replace it with a regular file
    run("publish", "--rollback", first, cwd=root, code=0)


def test_runtime_refuses_ids_that_are_paths(repo):
    from ccm_cli.runtime import ReleaseError, open_release

    root, first, second = repo
    for bad in ("../releases/" + first, "/etc", first + "/..", "..", "current"):
        with pytest.raises(ReleaseError, match="is 16 hex digits"):
            open_release(releases_dir(root), bad)
    refused = run("publish", "--rollback", "../" + first, cwd=root, code=1)
    assert "no release '../" in refused.stderr


MANIFEST_DAMAGE = {
    "a comm with no files": (lambda d: d["comms"].update({"x": {"variants": {}}}), "the entry names comms/x/contract"),
    "a comm id with ..": (lambda d: d["comms"].update({"../x": {"variants": {}}}), "comm ../x: the entry names"),
    "a comm entry that is a list": (lambda d: d["comms"].update({"x": []}), "comm x is a list"),
    "a variant of three parts": (lambda d: d["comms"]["web.home-banner"]["variants"].update({"a/b/c": "0" * 64}),
                                 "the entry names comms/web.home-banner/a/b/c.json"),
    "a contract hash removed": (lambda d: d["comms"]["web.home-banner"].update(contract=None), "contract.schema.json in the entry"),
    "a comm hash edited": (lambda d: d["comms"]["web.home-banner"].update(hash="0" * 64), "'hash' does not match"),
    "a comm left out": (lambda d: d["comms"].pop("web.home-banner"), "which belongs to no comm in 'comms'"),
    "clauses of the wrong type": (lambda d: d.update(clauses={"a": 1}), "clause a is not {version, file}"),
    "format as text": (lambda d: d.update(format="1"), "'format' is missing or not a positive integer"),
    "format as a boolean": (lambda d: d.update(format=True), "'format' is missing"),
    "a digest that is a number": (lambda d: d["artifacts"].update({"render.json": 5}), "the hash 5, not a sha256"),
    "manifest.json as an artifact": (lambda d: d["artifacts"].update({"manifest.json": "0" * 64}), "lists manifest.json"),
    "an absolute path": (lambda d: d["artifacts"].update({"/etc/passwd": "0" * 64}), "lists /etc/passwd"),
    "a backslash": (lambda d: d["artifacts"].update({"a\\b": "0" * 64}), "not a path ccm writes"),
    "an empty path segment": (lambda d: d["artifacts"].update({"comms//x": "0" * 64}), "lists comms//x"),
    "a newline in a path": (lambda d: d["artifacts"].update({"render.json\ncomms": "0" * 64}), "lists render.json\\ncomms"),
    "a 2,000-character path": (lambda d: d["artifacts"].update({"a" * 2000: "0" * 64}), "not a path ccm writes"),
}


@pytest.mark.parametrize("case", list(MANIFEST_DAMAGE))
def test_a_manifest_is_trusted_only_when_it_is_what_ccm_wrote(template, case):
    """Each change, even with the id recomputed to match (an attacker can), is refused."""
    from ccm_cli.publish.integrity import ReleaseError, check_manifest, release_id, sha256, canonical

    root, first, second = template
    manifest = _manifest(root, second)
    assert check_manifest(manifest, "m", second) is manifest
    change, expected = MANIFEST_DAMAGE[case]
    change(manifest)
    if all(isinstance(k, str) and isinstance(v, str) for k, v in manifest["artifacts"].items()):
        manifest["id"] = release_id(manifest["artifacts"])
        manifest["content_sha256"] = sha256(canonical(manifest["artifacts"]))
    with pytest.raises(ReleaseError, match=re.escape(expected)):
        check_manifest(manifest, "m")


@pytest.mark.parametrize("path, content, expected", [
    ("render.json", b"[]", "render.json: is list, not a JSON object"),
    ("render.json", b'{"currency": "USD"}', "'currency' or 'default_locale' has the wrong type"),
    ("comms/billing.payment-reminder/en-US/sms.json", b'{"fields": ["x"]}', "'fields' is not a map of names to text"),
    ("comms/billing.payment-reminder/en-US/sms.json", b'{"fields": {}, "clauses": {"c": {}}}', "a clause has no 'source' text"),
    ("comms/billing.payment-reminder/en-US/sms.json", b"\xff", "not UTF-8 text"),
])
def test_runtime_refuses_a_consistent_release_built_by_hand(template, path, content, expected):
    """Hashes and id recomputed to match: the runtime still says what is wrong, not AttributeError."""
    from ccm_cli.publish.integrity import ReleaseError, canonical, release_id, sha256
    from ccm_cli.runtime import Release

    root, first, second = template
    folder = releases_dir(root) / second
    manifest = _manifest(root, second)
    files = {p: (folder / p).read_bytes() for p in manifest["artifacts"]}
    files[path] = content
    manifest["artifacts"][path] = sha256(content)
    comm = "billing.payment-reminder"
    entry = manifest["comms"][comm]
    entry["variants"]["en-US/sms"] = manifest["artifacts"][f"comms/{comm}/en-US/sms.json"]
    entry["hash"] = sha256(canonical({p: d for p, d in manifest["artifacts"].items() if p.startswith(f"comms/{comm}/")}))
    manifest["id"] = release_id(manifest["artifacts"])
    manifest["content_sha256"] = sha256(canonical(manifest["artifacts"]))
    release = Release(manifest, files)  # consistent: it loads
    with pytest.raises(ReleaseError, match=re.escape(expected)):
        release.render(comm, "en-US", "sms", {"customer": {"first_name": "A", "last_name": "B"},
                                              "invoice": {"amount": 1, "due_date": "2026-03-06"}})


def test_the_fast_canonical_form_of_hashes_is_byte_for_byte_the_canonical_form():
    from ccm_cli.publish.integrity import _canonical_checked, canonical, canonical_hashes

    hashes = {f"comms/c{i}/en-US/email.json": f"{i:064x}" for i in range(50)}
    assert canonical_hashes(hashes) == _canonical_checked(hashes) == canonical(hashes)
    odd = {'quote"back\\slash': "tab\t", "日本語": "ü\u2028", "\x1b": "", "": "x"}
    assert canonical_hashes(odd) == canonical(odd)
    assert canonical_hashes({}) == _canonical_checked({}) == canonical({})


# ---------------------------------------------------------------- sqlite
def _db(root: Path) -> Path:
    return root / "dist" / "ccm.db"


def _sql(root: Path, *statements: tuple) -> None:
    with sqlite3.connect(_db(root)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(*statement)


SQLITE_DAMAGE = {
    "manifest not JSON": ("UPDATE ccm_releases SET manifest = '{' WHERE id = ?", "ccm_releases {first}): not valid JSON", True),
    "manifest a list": ("UPDATE ccm_releases SET manifest = '[]' WHERE id = ?", "is a list, not a manifest", True),
    "manifest null JSON": ("UPDATE ccm_releases SET manifest = 'null' WHERE id = ?", "is null, not a manifest", True),
    "manifest a number": ("UPDATE ccm_releases SET manifest = 42 WHERE id = ?", "is a number, not a manifest", True),
    "manifest a blob": ("UPDATE ccm_releases SET manifest = x'00ff' WHERE id = ?", "not UTF-8 text", True),
    "manifest not UTF-8": ("UPDATE ccm_releases SET manifest = CAST(x'7bff7d' AS TEXT) WHERE id = ?", "not UTF-8", True),
    "artifact changed": ("UPDATE ccm_artifacts SET content = x'7b7d' WHERE release_id = ? AND path = 'render.json'",
                         "render.json): does not match its sha256", False),
    "artifact as text": ("UPDATE ccm_artifacts SET content = 'text' WHERE release_id = ? AND path = 'render.json'",
                         "render.json): content is a string, not bytes", False),
    "artifact missing": ("DELETE FROM ccm_artifacts WHERE release_id = ? AND path = 'render.json'",
                         "render.json): is missing", False),
    "artifact added": ("INSERT INTO ccm_artifacts (release_id, path, sha256, content) VALUES (?, 'comms/x.json', '', x'00')",
                       "comms/x.json): is not in manifest.json", False),
    "manifest.json row edited": ("UPDATE ccm_artifacts SET content = x'7b7d' WHERE release_id = ? AND path = 'manifest.json'",
                                 "manifest.json): differs from the manifest in ccm_releases", False),
}


@pytest.mark.parametrize("case", list(SQLITE_DAMAGE))
def test_sqlite_rollback_to_a_damaged_release_is_refused(repo, case):
    from ccm_cli.runtime import ReleaseError, open_release

    root, first, second = repo
    statement, expected, in_manifest = SQLITE_DAMAGE[case]
    expected = expected.format(first=first)
    _sql(root, (statement, (first,)))
    refused = run("publish", "--rollback", first, "-t", "db", cwd=root, code=1)
    assert f"rollback refused: release {first} is damaged" in refused.stderr and expected in refused.stderr, refused.stderr
    assert "sqlite: dist/ccm.db" in refused.stderr
    with pytest.raises(ReleaseError, match="damaged|not|missing|differs|does not match|holds"):
        open_release(_db(root), first)
    assert open_release(_db(root)).id == second
    listing = run("releases", "-t", "db", "--format", "json", cwd=root, code=1 if in_manifest else 0)
    assert [r["id"] for r in json.loads(listing.stdout)["releases"]] == ([second] if in_manifest else [first, second])


def test_sqlite_damaged_current_release_is_replaced_by_publishing(repo):
    from ccm_cli.runtime import open_release

    root, first, second = repo
    _sql(root, ("UPDATE ccm_artifacts SET content = x'7b7d' WHERE release_id = ? AND path = 'render.json'", (second,)))
    published = run("publish", "-t", "db", cwd=root, code=0)
    assert f"the stored copy of release {second} is damaged" in published.stderr
    assert open_release(_db(root)).id == second


@pytest.mark.parametrize("value", ["../x", 7, None])
def test_sqlite_damaged_current_pointer(repo, value):
    root, first, second = repo
    if value is None:  # NOT NULL: the row goes instead
        _sql(root, ("DELETE FROM ccm_current",))
    else:
        _sql(root, ("UPDATE ccm_current SET release_id = ?", (value,)))
    listing = run("releases", "-t", "db", cwd=root, code=1 if value is not None else 0)
    if value is not None:
        assert "ccm_current): names" in listing.stderr
    run("publish", "-t", "db", cwd=root, code=0)
    assert json.loads(run("releases", "-t", "db", "--format", "json", cwd=root, code=0).stdout)["current"] == second


@pytest.mark.parametrize("case", ["not sqlite", "a folder", "empty tables", "wrong schema"])
def test_a_file_that_is_not_a_ccm_sqlite_target(repo, case):
    from ccm_cli.runtime import ReleaseError, open_release

    root, first, second = repo
    db = _db(root)
    db.unlink()
    if case == "not sqlite":
        db.write_bytes(b"this is not a database\n" * 100)
    elif case == "a folder":
        db.mkdir()
    elif case == "empty tables":
        sqlite3.connect(db).close()
    else:
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE ccm_current (x)")
    for args in (("releases", "-t", "db"), ("publish", "--plan", "-t", "db"), ("publish", "--rollback", first, "-t", "db")):
        readable = case == "empty tables" or (case == "wrong schema" and args[1] == "--rollback")
        result = run(*args, cwd=root, code=0 if readable and args[1] != "--rollback" else 1)
        if not readable:
            assert "dist/ccm.db" in result.stderr, result.stderr
    if case != "a folder":
        with pytest.raises(ReleaseError):
            open_release(f"sqlite://{db}")


# ---------------------------------------------------------------- http
class Hostile:
    """A receiver on 127.0.0.1 that answers whatever the test tells it to (``answer(handler)``)."""

    def __init__(self, answer) -> None:
        self.hits: list[str] = []
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _any(self):
                hostile.hits.append(f"{self.command} {self.path}")
                try:
                    answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ccm"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(handler, status: int, body: bytes, headers: dict | None = None) -> None:
    handler.send_response(status)
    for key, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def hostile():
    servers = []

    def start(answer):
        servers.append(Hostile(answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def _manifest(root: Path, release_id: str) -> dict:
    return json.loads((releases_dir(root) / release_id / "manifest.json").read_text("utf-8"))


def test_http_answers_that_are_not_json_or_not_the_protocol(repo, hostile):
    root, first, second = repo
    answers = {
        "/ccm/current": (200, b"<html>not json</html>"),
        "/ccm/releases": (200, b'{"releases": [], "history": []}'),
    }
    server = hostile(lambda h: send(h, *answers.get(h.path, (404, b""))))
    env = {**KEY, "HOOK_URL": server.url}
    plan = run("publish", "--plan", "-t", "hook", cwd=root, env=env, code=1)
    assert "GET /current: not valid JSON" in plan.stderr
    listing = run("releases", "-t", "hook", cwd=root, env=env, code=1)
    assert "GET /current: not valid JSON" in listing.stderr
    answers["/ccm/current"] = (200, b'{"release_id": "../../admin"}')
    listing = run("releases", "-t", "hook", cwd=root, env=env, code=1)
    assert "GET /current: answered ../../admin, not a release id" in listing.stderr
    answers["/ccm/current"] = (200, json.dumps({"release_id": second}).encode())
    answers["/ccm/releases"] = (200, b"[1, 2, 3]")
    listing = run("releases", "-t", "hook", cwd=root, env=env, code=1)
    assert "GET /releases: answered a list" in listing.stderr


def test_http_damaged_manifests_are_reported_and_a_rollback_to_them_refused(repo, hostile):
    root, first, second = repo
    good, bad = _manifest(root, second), _manifest(root, first)
    bad["comms"] = "nothing"
    listing = {"releases": [good, bad, None, {"id": "../x"}], "history": [{"at": 1}, "x"]}
    routes = {"/ccm/current": {"release_id": second}, "/ccm/releases": listing,
              f"/ccm/releases/{second}": good, f"/ccm/releases/{first}": bad}
    server = hostile(lambda h: send(h, 200, json.dumps(routes[h.path]).encode()) if h.path in routes else send(h, 404, b""))
    env = {**KEY, "HOOK_URL": server.url}
    result = run("releases", "-t", "hook", "--format", "json", cwd=root, env=env, code=1)
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["releases"]] == [second] and data["history"] == []
    assert len(data["problems"]) == 5, data["problems"]
    refused = run("publish", "--rollback", first, "-t", "hook", cwd=root, env=env, code=1)
    assert f"GET /releases/{first}: 'comms' is a string" in refused.stderr
    assert not any(hit.startswith("POST") for hit in server.hits), "nothing was activated"


def test_http_huge_answers_are_cut_off(repo, hostile):
    root, first, second = repo

    def answer(handler):
        if handler.path.endswith("/current"):  # declares 10 GB
            handler.send_response(200)
            handler.send_header("Content-Length", str(10 * 1024 ** 3))
            handler.end_headers()
            handler.wfile.write(b"{" * 65536)
            return
        handler.send_response(200)  # no length, never ends
        handler.end_headers()
        chunk = b" " * 65536
        for _ in range(1000):
            handler.wfile.write(chunk)

    server = hostile(answer)
    env = {**KEY, "HOOK_URL": server.url}
    started = time.monotonic()
    result = run("releases", "-t", "tight", cwd=root, env=env, code=1)
    assert "GET /current: the answer is 10737418240 bytes, more than max_response_mb allows" in result.stderr
    result = run("publish", "--rollback", first, "-t", "tight", cwd=root, env=env, code=1)
    assert "GET /releases: the answer is more than max_response_mb allows (1048576 bytes)" in result.stderr
    assert time.monotonic() - started < 20


def test_http_slow_answers_hit_the_timeout(repo, hostile):
    root, first, second = repo

    def answer(handler):
        handler.send_response(200)
        handler.end_headers()
        for _ in range(40):  # a byte every 0.2 s: each read is quick, the answer never ends
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)

    server = hostile(answer)
    started = time.monotonic()
    result = run("releases", "-t", "tight", cwd=root, env={**KEY, "HOOK_URL": server.url}, code=1)
    assert "GET /current: the answer took more than 1s (timeout)" in result.stderr
    assert time.monotonic() - started < 6


def test_http_redirects_are_not_followed(repo, hostile):
    root, first, second = repo
    elsewhere = hostile(lambda h: send(h, 200, b'{"release_id": null}'))
    server = hostile(lambda h: send(h, 302 if h.command == "POST" else 404, b"",
                                    {"Location": elsewhere.url.replace("http://", "http://user:pw@") + "/steal?token=1"}))
    env = {**KEY, "HOOK_URL": server.url}
    result = run("publish", "-t", "hook", "--force-reason", "test", cwd=root, env=env, code=1)
    assert "POST /releases with a redirect (302 to http://127.0.0.1:" in result.stderr
    assert "does not follow redirects" in result.stderr
    assert "pw" not in result.stderr and "token" not in result.stderr
    assert elsewhere.hits == [], "the signed request never went elsewhere"


def test_http_something_that_is_not_http(repo):
    root, first, second = repo
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(b"\x1b[31mSSH-2.0-OpenSSH\r\n::error::forged\r\n")

    threading.Thread(target=serve, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/ccm"
        result = run("releases", "-t", "hook", cwd=root, env={**KEY, "HOOK_URL": url}, code=1)
        assert "cannot reach target hook (http: $HOOK_URL)" in result.stderr
        assert "\x1b" not in result.stderr and "\n::" not in result.stderr
    finally:
        listener.close()


def test_http_error_bodies_cannot_forge_output(repo, hostile):
    root, first, second = repo
    server = hostile(lambda h: send(h, 500, b"oops\n::error file=x::forged\x1b[2J" + b"x" * 100_000))
    result = run("publish", "--plan", "-t", "hook", cwd=root, env={**KEY, "HOOK_URL": server.url}, code=1)
    assert "rejected GET /current (500): oops\\n::error" in result.stderr
    assert "\n::" not in result.stderr and "\x1b" not in result.stderr and len(result.stderr) < 1000


SECRET = "s3cr3t-t0ken"


@pytest.mark.parametrize("value, expected", [
    (None, "environment variable HOOK_URL (named by 'url_env') is not set"),
    ("", "environment variable HOOK_URL (named by 'url_env') is empty"),
    ("   ", "environment variable HOOK_URL (named by 'url_env') is empty"),
    (f"http://127.0.0.1:9/ccm?t={SECRET} x", "the URL in $HOOK_URL (named by 'url_env') contains a space or a control character"),
    (f"https://exa mple.com/{SECRET}", "contains a space"),
    (f"http://127.0.0.1:9/\n{SECRET}", "contains a space or a control character"),
    (f"ftp://127.0.0.1/{SECRET}", "must start with https:// (or http:// for a local receiver)"),
    (f"file:///etc/{SECRET}", "must start with https://"),
    (f"127.0.0.1:9/{SECRET}", "must start with https://"),
    (f"http://127.0.0.1:port/{SECRET}", "is not a valid URL (check the host and the port)"),
    (f"http://[::1/{SECRET}", "is not a valid URL"),
    (f"http:///{SECRET}", "has no host"),
])
def test_http_url_env_values_that_are_not_urls(repo, value, expected):
    root, first, second = repo
    env = dict(KEY)
    if value is not None:
        env["HOOK_URL"] = value
    else:
        os.environ.pop("HOOK_URL", None)
    for args in (("publish", "--plan", "-t", "hook"), ("releases", "-t", "hook"), ("publish", "--rollback", first, "-t", "hook")):
        result = run(*args, cwd=root, env=env, code=1)
        assert expected in result.stderr and "ccm.yaml:" in result.stderr, result.stderr
        assert SECRET not in result.stderr


@pytest.mark.parametrize("option, value", [("timeout", '"abc"'), ("timeout", "-1"), ("timeout", "true"),
                                           ("max_response_mb", "0"), ("max_response_mb", "[1]")])
def test_http_options_of_the_wrong_type(repo, option, value):
    root, first, second = repo
    edit(root / "ccm.yaml", "timeout: 1, max_response_mb: 1", f"{option}: {value}")
    commit(root)
    result = run("publish", "--plan", "-t", "tight", cwd=root, env={**KEY, "HOOK_URL": "http://127.0.0.1:9/"}, code=1)
    assert f"'{option}' must be a positive number" in result.stderr


# ---------------------------------------------------------------- postgres
from test_publish_targets import PG_PASSWORD, pg, postgres_url  # noqa: E402,F401  (a private cluster)


def test_postgres_damaged_releases_history_and_current(repo, pg):
    import psycopg

    root, first, second = repo
    env = {"PG_URL": pg}
    run("publish", "-t", "pg", cwd=root, env=env, code=0)  # second, stored in PostgreSQL
    with psycopg.connect(pg, autocommit=True) as conn:
        good = conn.execute("SELECT manifest FROM ccm_releases").fetchone()[0]
        conn.execute("INSERT INTO ccm_releases (id, manifest) VALUES (%s, %s)", (first, "{not json"))
        conn.execute("INSERT INTO ccm_history (at, action, release_id) VALUES ('t', 'publish', %s)", (first,))
        conn.execute("UPDATE ccm_artifacts SET content = %s WHERE release_id = %s AND path = 'render.json'", (b"{}", second))
    listing = run("releases", "-t", "pg", "--format", "json", cwd=root, env=env, code=1)
    data = json.loads(listing.stdout)
    assert data["current"] == second and [r["id"] for r in data["releases"]] == [second]
    assert any(f"ccm_releases {first}): not valid JSON" in p for p in data["problems"]), data["problems"]
    refused = run("publish", "--rollback", first, "-t", "pg", cwd=root, env=env, code=1)
    assert f"rollback refused: release {first} is damaged" in refused.stderr
    published = run("publish", "-t", "pg", cwd=root, env=env, code=0)  # repairs the current release
    assert "render.json): does not match its sha256" in published.stderr
    with psycopg.connect(pg, autocommit=True) as conn:
        content = conn.execute("SELECT content FROM ccm_artifacts WHERE release_id = %s AND path = 'render.json'", (second,))
        assert bytes(content.fetchone()[0]) != b"{}"
        assert json.loads(conn.execute("SELECT manifest FROM ccm_releases WHERE id = %s", (second,)).fetchone()[0])["artifacts"] \
            == json.loads(good)["artifacts"]
        conn.execute("INSERT INTO ccm_releases (id, manifest) VALUES ('../../x', '{}')")
        conn.execute("UPDATE ccm_current SET release_id = %s", ("../../x",))
    listing = run("releases", "-t", "pg", cwd=root, env=env, code=1)
    assert "ccm_current): names ../../x, not a release id" in listing.stderr
    assert "ccm_releases ../../x): not a release id" in listing.stderr
    assert PG_PASSWORD not in listing.stdout + listing.stderr


@pytest.mark.parametrize("value, expected", [
    (None, "is not set"),
    ("", "is empty"),
    ("postgresql://ccm:pa ss{secret}@127.0.0.1:1/db", "is not a PostgreSQL connection string"),
    ("host=127.0.0.1 password=pa ss{secret}", "is not a PostgreSQL connection string"),
    ("http://example.com/{secret}", "is not a PostgreSQL connection string"),
    ("postgresql://ccm:{secret}@127.0.0.1:1/db?sslmode=bogus", "cannot connect to target pg ($PG_URL)"),
])
def test_postgres_url_env_values_never_leak(repo, value, expected):
    root, first, second = repo
    env = {}
    if value is not None:
        env["PG_URL"] = value.format(secret=SECRET)
    else:
        os.environ.pop("PG_URL", None)
    for args in (("releases", "-t", "pg"), ("publish", "--rollback", first, "-t", "pg")):
        result = run(*args, cwd=root, env=env, code=1)
        assert expected in result.stderr, result.stderr
        assert SECRET not in result.stderr and "pa ss" not in result.stderr
