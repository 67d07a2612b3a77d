"""`ccm preview --html DIR --base REF`: before/after of every variant a change touches."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import TODAY, copy_repo, edit
from ccm_cli.preview.collect import collect
from ccm_cli.preview.diff import compare
from ccm_cli.preview.site import write_site
from ccm_cli.project import load_project
from test_preview_site import CHROMIUM, Browser, ccm

REMINDER = "comms/billing/payment-reminder.yaml"


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    """(base, head): the example repository, and a copy with a changed SMS, a new and a removed comm."""
    tmp = tmp_path_factory.mktemp("diff")
    base = copy_repo("example", tmp / "base")
    head = copy_repo("example", tmp / "head")
    edit(head / REMINDER, "Please pay in the {{ facts.app_name }}", "Pay now in the {{ facts.app_name }}")
    (head / "comms/web/home-banner.yaml").unlink()
    shutil.copy(head / "comms/accounts/password-reset.yaml", head / "comms/accounts/password-changed.yaml")
    edit(head / "comms/accounts/password-changed.yaml", "id: accounts.password-reset", "id: accounts.password-changed")
    return collect(load_project(base), TODAY), collect(load_project(head), TODAY)


def test_compare_finds_exactly_the_changed_variants(trees):
    base, head = trees
    changes = compare(base, head)
    assert set(changes) == {"billing.payment-reminder", "web.home-banner", "accounts.password-changed"}
    reminder = changes["billing.payment-reminder"]
    assert reminder.status == "changed"
    assert [(v.locale, v.channel, v.sample, v.status) for v in reminder.variants] == [("en-US", "sms", "typical", "changed")]
    name, before, after = reminder.variants[0].fields[0]
    assert name == "body" and "Please pay in the Kumo Energy app" in before and "Pay now in the Kumo Energy app" in after
    assert changes["web.home-banner"].status == "removed" and changes["accounts.password-changed"].status == "added"
    assert compare(base, base) == {}


def test_site_shows_before_and_after(trees, tmp_path):
    base, head = trees
    site = write_site(head, tmp_path / "site", base, "main")
    page = site.page_for("billing.payment-reminder").read_text("utf-8")
    assert "Changes since <code>main</code>" in page
    assert "<del>Please</del>" in page and "<ins>Pay now</ins>" in page or ("<del>" in page and "<ins>" in page)
    assert "Before · main" in page and "After · working tree" in page
    removed = site.page_for("web.home-banner").read_text("utf-8")
    assert "was removed since <code>main</code>" in removed and "Clean energy, simple bills" in removed
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert 'data-filter="changed"' in index and "changed since main" in index
    assert index.count('data-changed="1"') >= 3
    unchanged = site.page_for("billing.invoice-ready").read_text("utf-8")
    assert "Changes since" not in unchanged


def test_pages_written_by_forked_workers_equal_those_written_in_one_process(trees, tmp_path):
    """write_site(jobs=N) renders and writes pages in N forked processes: the same files, the
    same page per comm (removed ones too), as one process writes."""
    base, head = trees
    assert len(head.comms) >= 4 * 2  # enough pages for the workers
    one = write_site(head, tmp_path / "one", base, "main", jobs=1)
    two = write_site(head, tmp_path / "two", base, "main", jobs=2)

    def files(root):
        stamp = re.compile(r"Built by <code>ccm preview</code> · [0-9: -]+")
        return {p.relative_to(root).as_posix(): stamp.sub("", p.read_text("utf-8")) for p in sorted(root.rglob("*")) if p.is_file()}

    assert [(k, v.relative_to(tmp_path / "one")) for k, v in one.comm_pages.items()] == \
           [(k, v.relative_to(tmp_path / "two")) for k, v in two.comm_pages.items()]
    assert "web.home-banner" in two.comm_pages
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_before_after_page_in_the_browser(trees, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium); the browser test needs it")
    base, head = trees
    site = write_site(head, tmp_path / "site", base, "main")
    browser = Browser(tmp_path / "profile")
    try:
        for page in (site.index, site.page_for("billing.payment-reminder"), site.page_for("web.home-banner"), site.page_for("accounts.password-changed")):
            browser.open(page.as_uri())
            assert browser.console_errors() == [], page.name
        browser.open(site.index.as_uri())
        browser.evaluate("(() => { const c = document.querySelector('[data-filter=changed]'); c.checked = true; c.dispatchEvent(new Event('change')); })()")
        assert browser.evaluate("document.querySelectorAll('table.comms tbody tr:not([hidden])').length") == 3
        browser.open(site.page_for("billing.payment-reminder").as_uri())
        assert browser.evaluate("document.querySelector('.changes ins').textContent")
        browser.screenshot(tmp_path / "before-after.png")
    finally:
        browser.close()


def test_base_ref_from_git(tmp_path):
    """With a git repository, --base REF loads the tree at REF (needs the lead's load_project_at)."""
    import importlib

    repo = copy_repo("example", tmp_path)
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(git + ["add", "-A"], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "base"], cwd=repo, check=True)
    edit(repo / REMINDER, "Please pay in the {{ facts.app_name }}", "Pay now in the {{ facts.app_name }}")
    result = ccm("preview", "--html", str(tmp_path / "site"), "--base", "main", cwd=repo)
    has_api = hasattr(importlib.import_module("ccm_cli.project"), "load_project_at")
    if not has_api:
        assert result.returncode == 2 and "--base is not available yet" in result.stderr
        pytest.skip("ccm_cli.project.load_project_at is not there yet")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "pages" / "billing.payment-reminder.html").read_text("utf-8")
    assert "Changes since <code>main</code>" in page
    bad = ccm("preview", "--html", str(tmp_path / "site2"), "--base", "no-such-ref", cwd=repo)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_pages_whose_file_names_clash_are_written_by_one_worker_in_order(tmp_path):
    """Ids that clean to one file name ("x y" and "x_y", both invalid ids) are written by one
    worker, in order: the last one's page wins, as when one process writes every page."""
    import os
    from types import SimpleNamespace

    from ccm_cli.preview.site import _write_pages, page_name

    class Writer:
        def comm_page(self, comm, collected, removed=False):
            path = tmp_path / page_name(comm.id)
            path.write_text(f"{comm.id} {os.getpid()}", "utf-8")
            return path

    ids = [f"c{i:02d}" for i in range(20)]
    ids[1], ids[15] = "x y", "x_y"
    pages = [(SimpleNamespace(id=comm_id), None, False) for comm_id in ids]
    written = _write_pages(Writer(), pages, jobs=2)
    assert list(written) == ids
    assert written["x y"] == written["x_y"] == tmp_path / "x_y.html"
    assert (tmp_path / "x_y.html").read_text("utf-8").startswith("x_y ")
