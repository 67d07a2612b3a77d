"""A hostile pull request against ccm's file access, from the attacker's side: real git
repositories with a (fake) checkout token in .git/config, real symlinks, real `ccm` processes.

Reads: ``body_file: ../../.git/config``, a snippet symlinked to .git/config, a folder symlinked
to .git, ``styles:`` out of the repository or at /dev/zero — the token appears in no output and
nothing outside the repository is read. Writes: ``--output`` to a committed symlink, a symlinked
``.ccm-cache``, a symlinked preview site — nothing is written outside. A committed cache with a
finding deleted is never trusted. A hostile sample name does not stop ``preview --html``, and
``preview --serve`` removes its temporary site when stopped.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import git
import pytest

from conftest import copy_repo, edit, run_ccm

TOKEN = "ghs_FAKEcheckoutTOKEN0123456789"
WHO = git.Actor("Writer", "writer@example.com")
TODAY = ("--today", "2026-06-01")


def commit(repo: git.Repo, message: str = "content") -> None:
    repo.git.add(A=True)
    repo.index.commit(message, author=WHO, committer=WHO)


def checkout(tmp_path: Path) -> tuple[Path, git.Repo]:
    """The minimal repository as CI checks it out: committed, with the token in .git/config
    (actions/checkout keeps it there unless persist-credentials: false)."""
    root = copy_repo("minimal", tmp_path)
    (root / "brand" / "guidelines.yaml").write_text(  # a banned pattern would quote the token
        'banned:\n  - {pattern: "ghs_\\\\w+", reason: "Never print a token"}\n', "utf-8")
    repo = git.Repo.init(root, initial_branch="main")
    commit(repo, "base")
    with repo.config_writer() as config:
        config.set_value('http "https://github.com/"', "extraheader", f"AUTHORIZATION: basic {TOKEN}")
    assert TOKEN in (root / ".git" / "config").read_text()
    return root, repo


@pytest.fixture
def hostile(tmp_path):
    """A pull request that points every way it can at .git/config: a body_file climbing into
    .git, a snippet symlinked to .git/config, a folder symlinked to .git."""
    root, _ = checkout(tmp_path)
    comm = root / "comms" / "billing" / "reminder.yaml"
    edit(comm, "body_file: reminder.ja.md.j2", "body_file: ../../.git/config")
    os.symlink("../../.git/config", root / "comms" / "_snippets" / "leak.j2")
    edit(comm, '{% include "_snippets/help.j2" %}', '{% include "_snippets/leak.j2" %}{% include "gitdir/config" %}')
    os.symlink("../.git", root / "comms" / "gitdir")
    return root


def _no_token(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text and "extraheader" not in text


@pytest.mark.parametrize("format", ["text", "json", "sarif", "github", "junit"])
def test_lint_never_shows_git_config(hostile, format):
    result = run_ccm("lint", "--no-cache", "--format", format, *TODAY, cwd=hostile)
    _no_token(result.stdout, result.stderr)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    if format == "json":
        findings = {(f["rule"], f["message"]) for f in json.loads(result.stdout)["findings"]}
        assert ("template/bad-file", "email.body_file: '../../.git/config' is inside .git/ (git's own files); not read") in findings
        assert ("template/unknown-snippet", "include '_snippets/leak.j2' is a symlink into .git/ (git's own files); not read") in findings
        assert ("template/unknown-snippet", "include 'gitdir/config' is a symlink into .git/ (git's own files); not read") in findings


@pytest.mark.parametrize("format", ["markdown", "json", "text"])
def test_diff_never_shows_git_config(hostile, format):
    result = run_ccm("diff", "main", "--format", format, *TODAY, cwd=hostile)
    assert result.returncode == 0, result.stderr
    _no_token(result.stdout, result.stderr)
    assert "reminder" in result.stdout


def test_preview_never_shows_git_config(hostile, tmp_path):
    shown = run_ccm("preview", "billing.reminder", "--sample", "all", *TODAY, cwd=hostile)
    assert shown.returncode == 0, shown.stderr
    _no_token(shown.stdout, shown.stderr)
    site = tmp_path / "site"
    built = run_ccm("preview", "--html", str(site), "--base", "main", *TODAY, cwd=hostile)
    assert built.returncode == 0, built.stderr
    files = [path for path in site.rglob("*") if path.is_file()]
    assert len(files) > 5
    _no_token(built.stdout, built.stderr, *(path.read_text("utf-8", "replace") for path in files))


def test_a_comm_file_symlinked_into_git_is_a_one_line_error(tmp_path):
    root, _ = checkout(tmp_path)
    os.symlink("../../.git/config", root / "comms" / "billing" / "leak.yaml")
    result = run_ccm("lint", "--no-cache", cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip() == "ccm: comms/billing/leak.yaml: is a symlink into .git/ (git's own files); not read"
    _no_token(result.stdout, result.stderr)


@pytest.mark.parametrize("folder, target, why", [
    ("policies/clauses", "{outside}", "is a symlink to outside the repository; not read"),
    ("comms", ".git", "is a symlink into .git/ (git's own files); not read"),
])
def test_a_content_folder_symlinked_away_is_a_one_line_error(tmp_path, folder, target, why):
    root, _ = checkout(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.yaml").write_text(f"id: leak\ntext: {{en-US: {TOKEN}}}\n", "utf-8")
    import shutil

    shutil.rmtree(root / folder)
    os.symlink(target.format(outside=outside), root / folder)
    result = run_ccm("lint", "--no-cache", cwd=root)
    assert (result.returncode, result.stderr.strip()) == (2, f"ccm: {folder}: {why}")
    _no_token(result.stdout)


def test_fifo_and_device_under_comms_are_refused_without_blocking(tmp_path):
    root, _ = checkout(tmp_path)
    os.mkfifo(root / "comms" / "_snippets" / "pipe.j2")
    os.symlink("/dev/zero", root / "comms" / "_snippets" / "zero.j2")
    edit(root / "comms" / "billing" / "reminder.yaml", '{% include "_snippets/help.j2" %}',
         '{% include "_snippets/pipe.j2" %}{% include "_snippets/zero.j2" %}')
    result = _bounded(["lint", "--no-cache", "--format", "json"], root)
    messages = {f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "template/unknown-snippet"}
    assert messages == {"include '_snippets/pipe.j2' is not a regular file (a FIFO, a device, a socket or a folder); not read",
                        "include '_snippets/zero.j2' is a symlink to outside the repository; not read"}


def test_the_base_ref_never_follows_a_committed_symlink(tmp_path):
    """ccm diff / --base read a commit through git: a symlink there is never followed."""
    root, repo = checkout(tmp_path)
    os.symlink("../../.git/config", root / "comms" / "billing" / "evil.md.j2")
    edit(root / "comms" / "billing" / "reminder.yaml", "body_file: reminder.ja.md.j2", "body_file: evil.md.j2")
    commit(repo, "hostile")
    from ccm_cli.project import load_project_at

    project = load_project_at(root, "HEAD")
    comm = next(c for c in project.comms if c.id == "billing.reminder")
    assert [p.message for p in comm.file_problems] == ["'evil.md.j2' is a symlink in HEAD; symlinks in git are never followed"]
    result = run_ccm("diff", "main~1", "main", "--format", "markdown", *TODAY, cwd=root)
    _no_token(result.stdout, result.stderr)


def _git(root: Path, *args: str, input: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b"}
    done = subprocess.run(["git", *args], cwd=root, input=input.encode() if input is not None else None, capture_output=True, check=True, env=env)
    return done.stdout.decode().strip()


def _tree_lines(tree) -> str:
    return "".join(f"{item.mode:06o} {item.type} {item.hexsha}\t{item.name}\n" for item in tree)


def test_a_crafted_commit_with_a_git_folder_is_not_read(tmp_path):
    """git refuses to add .git/…, but a crafted tree (git mktree) can hold one: no path
    through a folder named .git (in any case) is a file of the commit."""
    root, repo = checkout(tmp_path)
    secret = _git(root, "hash-object", "-w", "--stdin", input=TOKEN)
    dot_git = _git(root, "mktree", input=f"100644 blob {secret}\tconfig\n")
    head = repo.head.commit.tree
    comms = _git(root, "mktree", input=_tree_lines(head["comms"]) + f"040000 tree {dot_git}\t.GIT\n")
    tree = _git(root, "mktree", input=_tree_lines(item for item in head if item.name != "comms") + f"040000 tree {comms}\tcomms\n")
    crafted = _git(root, "commit-tree", tree, "-m", "crafted")
    assert "comms/.GIT/config" in _git(root, "ls-tree", "-r", "--name-only", crafted)
    from ccm_cli.sources import GitSource

    source = GitSource(root, crafted)
    assert "comms/.GIT/config" not in source.files("comms") and not source.is_file("comms/.GIT/config")
    assert source.refusal("comms/.GIT/config") == "is inside .git/ (git's own files); not read"


# ---------------------------------------------------------------- styles:
def _bounded(args: list[str], cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess:
    """`ccm ARGS` with 1.5 GB of address space: a read of /dev/zero fails fast instead of
    eating the machine's memory."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, resource.RLIM_INFINITY))

    return subprocess.run([sys.executable, "-m", "ccm_cli.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limit, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})


@pytest.fixture
def styled(tmp_path):
    root = copy_repo("brand", tmp_path)
    outside = tmp_path / "outside"
    (outside / "Leak").mkdir(parents=True)
    (outside / "Leak" / "Rule.yml").write_text(f"extends: {TOKEN}\nmessage: x\n", "utf-8")
    return root, outside


@pytest.mark.parametrize("folder", ["{outside}", "..", "styles/../..", "styles/../../outside"])
def test_styles_folder_outside_the_repository_is_refused(styled, folder):
    root, outside = styled
    folder = folder.format(outside=outside)
    edit(root / "brand/guidelines.yaml", "styles: [styles]", f"styles: ['{folder}']")
    result = _bounded(["lint", "--no-cache"], root)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"ccm: brand/guidelines.yaml: styles folder '{folder}' is outside the repository; not read "
                                     "(list folders of Vale styles (Style/Rule.yml) inside the repository, relative to its root)")
    _no_token(result.stdout, result.stderr)


def test_styles_symlinked_out_are_refused_and_never_quoted(styled):
    root, outside = styled
    os.symlink(outside / "Leak" / "Rule.yml", root / "styles" / "Kumo" / "Leak.yml")
    result = _bounded(["lint", "--no-cache"], root)
    assert (result.returncode, result.stderr.strip()) == (2, "ccm: styles/Kumo/Leak.yml: is a symlink to outside the repository; not read")
    os.unlink(root / "styles" / "Kumo" / "Leak.yml")
    os.symlink(outside / "Leak", root / "styles" / "Leak")
    result = _bounded(["lint", "--no-cache"], root)
    assert (result.returncode, result.stderr.strip()) == (2, "ccm: styles/Leak: is a symlink to outside the repository; not read")
    os.unlink(root / "styles" / "Leak")
    os.symlink(outside, root / "styles2")
    edit(root / "brand/guidelines.yaml", "styles: [styles]", "styles: [styles2]")
    result = _bounded(["lint", "--no-cache"], root)
    assert result.returncode == 2 and "styles folder 'styles2' is a symlink to outside the repository; not read" in result.stderr
    _no_token(result.stdout, result.stderr)


def test_a_rule_file_at_dev_zero_or_a_fifo_finishes_fast(styled):
    root, _ = styled
    os.symlink("/dev/zero", root / "styles" / "Kumo" / "Zero.yml")
    started = time.monotonic()
    result = _bounded(["lint", "--no-cache"], root)
    assert (result.returncode, result.stderr.strip()) == (2, "ccm: styles/Kumo/Zero.yml: is a symlink to outside the repository; not read")
    os.unlink(root / "styles" / "Kumo" / "Zero.yml")
    os.mkfifo(root / "styles" / "Kumo" / "Pipe.yml")
    result = _bounded(["lint", "--no-cache"], root)
    assert (result.returncode, result.stderr.strip()) == (
        2, "ccm: styles/Kumo/Pipe.yml: is not a regular file (a FIFO, a device, a socket or a folder); not read")
    assert time.monotonic() - started < 20


def test_a_styles_folder_in_git_is_refused(tmp_path):
    root, _ = checkout(tmp_path)
    (root / ".git" / "Leak").mkdir()
    (root / ".git" / "Leak" / "Rule.yml").write_text(f"extends: {TOKEN}\nmessage: x\n", "utf-8")
    (root / "brand" / "guidelines.yaml").write_text("styles: [.git]\n", "utf-8")
    result = run_ccm("lint", "--no-cache", cwd=root)
    assert result.returncode == 2
    assert "styles folder '.git' is inside .git/ (git's own files); not read" in result.stderr
    _no_token(result.stdout, result.stderr)


# ---------------------------------------------------------------- loose prose files
def test_a_prose_file_symlinked_into_git_or_out_is_refused(tmp_path):
    root, _ = checkout(tmp_path)
    (root / "web").mkdir()
    os.symlink("../.git/config", root / "web" / "faq.md")
    environ = tmp_path / "environ.txt"  # as /proc/self/environ would be
    environ.write_text(f"GITHUB_TOKEN={TOKEN}\n", "utf-8")
    os.symlink(environ, root / "web" / "env.md")
    for name, why in (("faq.md", "is a symlink into .git/ (git's own files); not read"),
                      ("env.md", "is a symlink to outside the repository; not read")):
        result = run_ccm("lint", f"web/{name}", cwd=root)
        assert (result.returncode, result.stderr.strip()) == (2, f"ccm: web/{name}: {why}")
        _no_token(result.stdout)


# ---------------------------------------------------------------- writes
def test_output_to_a_committed_symlink_replaces_the_link(tmp_path):
    root, repo = checkout(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", "utf-8")
    os.symlink(victim, root / "ccm.sarif")
    os.symlink(victim, root / "diff.md")
    commit(repo, "symlinks where CI writes")
    lint = run_ccm("lint", "--format", "sarif", "--output", "ccm.sarif", *TODAY, cwd=root)
    diff = run_ccm("diff", "main", "--format", "markdown", "--output", "diff.md", *TODAY, cwd=root)
    assert lint.returncode == 0 and diff.returncode == 0, lint.stderr + diff.stderr
    assert victim.read_text("utf-8") == "precious\n"
    assert not (root / "ccm.sarif").is_symlink() and json.loads((root / "ccm.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert not (root / "diff.md").is_symlink() and (root / "diff.md").read_text("utf-8")
    assert sorted(p.name for p in root.iterdir() if p.name.endswith(".tmp")) == []


def test_output_through_a_symlinked_folder_is_refused(tmp_path):
    root, _ = checkout(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "reports")
    os.symlink(".git", root / "g")
    for target, error in (("reports/ccm.sarif", "ccm: --output reports/ccm.sarif: the folder reports is a symlink inside the repository; "
                                                "ccm does not write through it (write somewhere else, or make it a real folder)"),
                          ("g/config", "ccm: --output g/config: the folder g is a symlink inside the repository; "
                                       "ccm does not write through it (write somewhere else, or make it a real folder)"),
                          (".git/hooks/ccm.sarif", "ccm: --output .git/hooks/ccm.sarif: ccm does not write inside .git/ (write somewhere else)")):
        result = run_ccm("lint", "--format", "sarif", "--output", target, *TODAY, cwd=root)
        assert (result.returncode, result.stderr.strip()) == (2, error)
    assert list(outside.iterdir()) == []
    assert TOKEN in (root / ".git" / "config").read_text() and not (root / ".git" / "hooks" / "ccm.sarif").exists()


def test_schema_out_never_writes_through_a_symlink(tmp_path):
    root, _ = checkout(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "schemas")
    result = run_ccm("schema", "--out", "schemas", cwd=root)
    assert result.returncode == 2 and "schemas is a symlink inside the repository" in result.stderr
    victim = tmp_path / "victim.json"
    victim.write_text("precious\n", "utf-8")
    (root / "real").mkdir()
    os.symlink(victim, root / "real" / "config.schema.json")
    assert run_ccm("schema", "--out", "real", cwd=root).returncode == 0
    assert list(outside.iterdir()) == [] and victim.read_text("utf-8") == "precious\n"
    assert json.loads((root / "real" / "config.schema.json").read_text("utf-8"))["$id"]


def test_output_outside_the_repository_still_works(tmp_path):
    root, _ = checkout(tmp_path)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    linked = tmp_path / "linked-temp"  # a CI machine's own symlinked folder is followed
    os.symlink(runner_temp, linked)
    for target in (runner_temp / "ccm.sarif", linked / "second.sarif"):
        result = run_ccm("lint", "--format", "sarif", "--output", str(target), *TODAY, cwd=root)
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in runner_temp.iterdir()) == ["ccm.sarif", "second.sarif"]


def test_a_symlinked_cache_is_not_used(tmp_path):
    root, _ = checkout(tmp_path)
    outside = tmp_path / "outside-cache"
    outside.mkdir()
    os.symlink(outside, root / ".ccm-cache")
    result = run_ccm("lint", *TODAY, cwd=root)
    assert result.returncode == 0
    assert result.stderr == "ccm: note: not using the cache .ccm-cache/: it is a symlink; running without it\n"
    assert list(outside.iterdir()) == []
    os.unlink(root / ".ccm-cache")
    (root / ".ccm-cache").mkdir()
    victim = tmp_path / "victim.sqlite"
    victim.write_bytes(b"")
    os.symlink(victim, root / ".ccm-cache" / "lint.sqlite")
    result = run_ccm("lint", *TODAY, cwd=root)
    assert result.returncode == 0
    assert result.stderr == "ccm: note: not using the cache .ccm-cache/: lint.sqlite in it is a symlink; running without it\n"
    assert victim.read_bytes() == b""


def _delete_findings(cache: Path) -> int:
    """Forge the cache as an attacker would: every stored finding deleted."""
    db = sqlite3.connect(cache)
    forged = 0
    for key, payload in db.execute("SELECT key, findings FROM results").fetchall():
        stored = json.loads(payload)
        if stored["findings"]:
            stored["findings"] = []
            forged += 1
            db.execute("UPDATE results SET findings = ? WHERE key = ?", (json.dumps(stored), key))
    db.commit()
    db.close()
    return forged


def test_a_committed_cache_with_a_finding_deleted_is_not_trusted(tmp_path):
    root, repo = checkout(tmp_path)
    edit(root / "comms/billing/reminder.yaml", "Hi {{ customer.first_name }},", "Hi {{ customer.last_name }},")
    commit(repo, "a finding")
    expected = json.loads(run_ccm("lint", "--no-cache", "--format", "json", *TODAY, cwd=root).stdout)["findings"]
    assert expected
    assert run_ccm("lint", "--format", "json", *TODAY, cwd=root).returncode == 1  # fills the cache
    assert _delete_findings(root / ".ccm-cache" / "lint.sqlite") >= 1
    repo.git.add("-f", ".ccm-cache/lint.sqlite")
    repo.index.commit("a cache that hides the finding", author=WHO, committer=WHO)
    clone = tmp_path / "clone"
    git.Repo.clone_from(root, clone)
    assert (clone / ".ccm-cache" / "lint.sqlite").is_file()
    result = run_ccm("lint", "--format", "json", *TODAY, cwd=clone)
    assert result.returncode == 1 and json.loads(result.stdout)["findings"] == expected
    assert result.stderr == ("ccm: note: not using the cache .ccm-cache/: files in it are tracked by git: "
                             "a committed cache is never trusted (git rm -r --cached it); running without it\n")
    # actions/cache saved that folder; the next commit untracks it and the restore brings it back
    cloned = git.Repo(clone)
    cloned.git.rm("-r", "--cached", "-q", ".ccm-cache")
    cloned.index.commit("untrack", author=WHO, committer=WHO)
    result = run_ccm("lint", "--format", "json", *TODAY, cwd=clone)
    assert result.returncode == 1 and json.loads(result.stdout)["findings"] == expected
    assert "it once held files committed to the repository" in result.stderr


def test_a_cache_ccm_wrote_is_used_and_restored_copies_too(tmp_path):
    """What actions/cache does between runs: the folder copied to a fresh checkout, untracked."""
    import shutil

    root, repo = checkout(tmp_path)
    edit(root / "comms/billing/reminder.yaml", "Hi {{ customer.first_name }},", "Hi {{ customer.last_name }},")
    commit(repo, "a finding")
    first = run_ccm("lint", "--format", "json", *TODAY, cwd=root)
    clone = tmp_path / "clone"
    git.Repo.clone_from(root, clone)
    shutil.copytree(root / ".ccm-cache", clone / ".ccm-cache")
    _delete_findings(clone / ".ccm-cache" / "lint.sqlite")  # proves the restored rows are read
    second = run_ccm("lint", "--format", "json", *TODAY, cwd=clone)
    assert second.stderr == "" and json.loads(first.stdout)["findings"] and json.loads(second.stdout)["findings"] == []


def test_preview_site_folder_that_is_a_symlink_is_refused(tmp_path):
    root, _ = checkout(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "site")
    result = run_ccm("preview", "--html", "site", *TODAY, cwd=root)
    assert (result.returncode, result.stderr.strip()) == (
        2, "ccm: --html site: site is a symlink inside the repository; ccm does not write through it (remove the symlink or choose another folder)")
    assert list(outside.iterdir()) == []


def test_preview_site_entries_that_are_symlinks_are_replaced_not_followed(tmp_path):
    root, _ = checkout(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = tmp_path / "victim.html"
    victim.write_text("precious", "utf-8")
    site = root / "site"  # a folder committed to look like an earlier build, with symlinks in it
    site.mkdir()
    (site / ".ccm-preview").write_text("x", "utf-8")
    for name in ("pages", "emails", "assets"):
        os.symlink(outside, site / name)
    os.symlink(victim, site / "index.html")
    result = run_ccm("preview", "--html", "site", *TODAY, cwd=root)
    assert result.returncode == 0, result.stderr
    assert list(outside.iterdir()) == [] and victim.read_text("utf-8") == "precious"
    assert not any(path.is_symlink() for path in site.rglob("*"))
    assert (site / "pages" / "billing.reminder.html").is_file()


# ---------------------------------------------------------------- preview names and --serve
def test_hostile_sample_names_do_not_stop_the_site(tmp_path):
    root, _ = checkout(tmp_path)
    names = ["x" * 300, "../../../escape", "a/b", "..", "nul\\0byte", "new\\nline", "é" * 200]
    samples = "".join(f'  - name: "{name}"\n    data: {{customer: {{first_name: Ana}}, invoice: {{amount: 120, due_date: "2026-03-01"}}}}\n'
                      for name in names)
    edit(root / "comms/billing/reminder.yaml", "samples:\n", "samples:\n" + samples)
    edit(root / "comms/billing/outage.yaml", "id: billing.outage", f"id: '{'o' * 300}'")
    site = tmp_path / "site"
    result = run_ccm("preview", "--html", str(site), *TODAY, cwd=root)
    assert result.returncode == 0, result.stderr
    emails = sorted(path.name for path in (site / "emails" / "billing.reminder").iterdir())
    assert len(emails) == 2 * 2 * (len(names) + 1)  # html and txt, two locales, every sample
    for path in site.rglob("*"):
        assert len(path.name) <= 110 and path.resolve().is_relative_to(site.resolve())
    assert len([p for p in (site / "pages").iterdir()]) == 2
    assert not (tmp_path / "escape").exists()


def _serve(root: Path) -> tuple[subprocess.Popen, Path]:
    proc = subprocess.Popen([sys.executable, "-m", "ccm_cli.cli", "preview", "--serve", "--port", "0", *TODAY], cwd=root,
                            env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines = []
    while True:
        line = proc.stdout.readline()
        assert line, "server exited: " + "".join(lines)
        lines.append(line)
        found = re.search(r"\(files in (.+?)\)", line)
        if found:
            return proc, Path(found.group(1))


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_removes_its_temporary_site_when_stopped(tmp_path, stop):
    root, _ = checkout(tmp_path)
    proc, site = _serve(root)
    try:
        assert (site / "index.html").is_file()
        proc.send_signal(stop)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not site.exists()
    assert "Traceback" not in out and "Stopped." in out
