"""Loading a content repository from the working tree or from a git commit."""

import os

import git
import pytest

from conftest import edit, lint_dir
from ccm_cli.errors import CcmError
from ccm_cli.project import load_project, load_project_at


def _commit_all(repo_dir, message="content"):
    repo = git.Repo.init(repo_dir) if not (repo_dir / ".git").exists() else git.Repo(repo_dir)
    repo.git.add(A=True)
    repo.index.commit(message, author=git.Actor("Writer", "w@example.com"), committer=git.Actor("Writer", "w@example.com"))
    return repo


def test_git_ref_is_loaded_without_checkout(minimal):
    _commit_all(minimal)
    edit(minimal / "comms/billing/reminder.yaml", "name: Payment reminder", "name: Changed")
    (minimal / "comms/billing/new.yaml").write_text("id: billing.new\n")
    base = load_project_at(minimal, "HEAD")
    head = load_project(minimal)
    assert {c.id for c in base.comms} == {"billing.reminder", "billing.outage"}
    assert [c.data["name"] for c in base.comms if c.id == "billing.reminder"] == ["Payment reminder"]
    assert "billing.new" in {c.id for c in head.comms}
    # body_file and snippets come from the commit too
    reminder = next(c for c in base.comms if c.id == "billing.reminder")
    assert any(f.origin.file == "comms/billing/reminder.ja.md.j2" for f in reminder.fields)


def test_content_repository_in_a_subfolder_of_the_git_repo(tmp_path, minimal):
    outer = minimal.parent
    _commit_all(outer)
    project = load_project_at(minimal, "HEAD")
    assert len(project.comms) == 2


def test_unknown_ref_is_a_clear_error(minimal):
    _commit_all(minimal)
    with pytest.raises(CcmError, match="unknown git ref 'nope'"):
        load_project_at(minimal, "nope")


def test_not_a_git_repository(minimal):
    with pytest.raises(CcmError, match="not inside a git repository"):
        load_project_at(minimal, "HEAD")


def test_symlinked_snippet_pointing_outside_is_refused(minimal, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    os.symlink(secret, minimal / "comms/_snippets/leak.j2")
    edit(minimal / "comms/billing/reminder.yaml", "_snippets/help.j2", "_snippets/leak.j2")
    findings = lint_dir(minimal).findings
    assert any(f.rule == "template/unknown-snippet" and "outside the repository" in f.message for f in findings)
    assert not any("TOP SECRET" in (f.excerpt or "") + f.message for f in findings)


def test_symlinked_body_file_pointing_outside_is_refused(minimal, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("TOP SECRET")
    os.symlink(secret, minimal / "comms/billing/evil.md.j2")
    edit(minimal / "comms/billing/reminder.yaml", "body_file: reminder.ja.md.j2", "body_file: evil.md.j2")
    findings = lint_dir(minimal).findings
    assert any(f.rule == "template/bad-file" and "outside the repository" in f.message for f in findings)


def test_git_source_lists_regular_files_with_sizes_and_never_a_symlink(minimal):
    """GitSource reads one `git ls-tree`: paths in any script, sizes, blob ids as git computes
    them; a symlink committed in the repository is not a file of it (never followed)."""
    from ccm_cli.diff.files import blob_id
    from ccm_cli.sources import GitSource

    text = "お知らせ\n"
    (minimal / "comms" / "_snippets" / "お知らせ.ja.j2").write_text(text, "utf-8")
    os.symlink("/etc/passwd", minimal / "comms" / "_snippets" / "leak.j2")
    _commit_all(minimal)
    source = GitSource(minimal, "HEAD")
    rel = "comms/_snippets/お知らせ.ja.j2"
    assert rel in source.files("comms/_snippets")
    assert source.is_file(rel) and source.size(rel) == len(text.encode("utf-8"))
    assert source.read_text(rel) == text
    assert source.blob_ids()[rel] == blob_id(text.encode("utf-8"))
    assert not source.is_file("comms/_snippets/leak.j2")
    assert "comms/_snippets/leak.j2" not in source.files("comms")
    with pytest.raises(CcmError, match="no such file in HEAD"):
        source.read_text("comms/_snippets/leak.j2")


def test_git_source_prefetch_reads_the_same_bytes_in_one_go(minimal):
    """prefetch() reads many blobs with one `git cat-file --batch`; every read afterwards gives
    the bytes a one-by-one read gives, two paths with one blob included, twice in a row too."""
    from ccm_cli.sources import GitSource

    twin = minimal / "comms" / "billing" / "reminder-copy.ja.md.j2"
    twin.write_bytes((minimal / "comms" / "billing" / "reminder.ja.md.j2").read_bytes())
    (minimal / "comms" / "billing" / "empty.j2").write_bytes(b"")
    (minimal / "comms" / "billing" / "tiny.j2").write_bytes(b"hi")
    _commit_all(minimal)
    one_by_one = GitSource(minimal, "HEAD")
    expected = {rel: one_by_one.read_bytes(rel) for rel in one_by_one.files("comms")}
    assert not one_by_one._prefetched
    ahead = GitSource(minimal, "HEAD")
    with ahead.prefetched(ahead.files("comms")):
        assert set(ahead._prefetched) == set(expected)
        assert {rel: ahead.read_bytes(rel) for rel in expected} == expected
        assert not ahead._prefetched  # dropped once read
        assert {rel: ahead.read_bytes(rel) for rel in expected} == expected
    small = GitSource(minimal, "HEAD")
    with small.prefetched(small.files("comms"), limit=10):  # files over the limit are left to read_text's size check
        assert set(small._prefetched) == {"comms/billing/empty.j2", "comms/billing/tiny.j2"}
    assert not small._prefetched  # what the block did not read is dropped after it


def test_git_source_lists_a_content_folder_whose_name_git_would_read_as_magic(tmp_path, minimal):
    """The content repository's folder is passed to git ls-tree literally: ':x' is a folder,
    not the pathspec magic ':' (which would list the sibling folder 'x')."""
    import shutil

    from ccm_cli.sources import GitSource

    outer = tmp_path / "outer"
    shutil.copytree(minimal, outer / ":x")
    shutil.copytree(minimal, outer / "x")
    (outer / "x" / "comms" / "billing" / "only-in-x.yaml").write_text("id: billing.only-in-x\n")
    _commit_all(outer)
    source = GitSource(outer / ":x", "HEAD")
    assert "comms/billing/reminder.yaml" in source.files("comms")
    assert "comms/billing/only-in-x.yaml" not in source.files("comms")
    assert source.read_text("ccm.yaml") == (outer / ":x" / "ccm.yaml").read_text()
