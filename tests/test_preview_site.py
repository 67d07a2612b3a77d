"""`ccm preview --html`: the static site, end to end in headless Chromium.

The browser is Debian's /usr/bin/chromium driven with the Chrome DevTools protocol over
``--remote-debugging-pipe`` (JSON messages separated by NUL on file descriptors 3 and 4):
no websocket library, no Playwright, no browser download. Every page must load without a
console error; the email iframes must show the subject and the body; screenshots are saved
in the test's tmp folder.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_repo, edit, run_ccm

CHROMIUM = Path("/usr/bin/chromium")
SHIM = "from ccm_cli import cli; from ccm_cli.commands.preview import preview; cli.app.command('preview')(preview); cli.main()"


def ccm(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`ccm ARGS` as a real subprocess (registers `preview` itself until cli.py does)."""
    from ccm_cli import cli

    if any(c.name == "preview" or getattr(c.callback, "__name__", "") == "preview" for c in cli.app.registered_commands):
        return run_ccm(*args, cwd=cwd)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", SHIM, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


class Browser:
    """A headless Chromium with one page, driven over the DevTools pipe."""

    def __init__(self, profile: Path, width: int = 1440, height: int = 1000):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire():  # in the child: the protocol's fds are 3 (commands in) and 4 (replies out)
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
                f"--user-data-dir={profile}", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=wire, pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []
        self.session = None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True, session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    # -- protocol
    def _read(self, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                return None
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: bool = True, timeout: float = 30, **params):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read(deadline - time.monotonic())
            if reply is None:
                break
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self._read(deadline - time.monotonic())
            if event is None:
                break
            if event.get("method") == method:
                return event
            self.events.append(event)
        raise TimeoutError(method)

    # -- page
    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(r => setTimeout(r, 300))")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def console_errors(self) -> list[str]:
        self.call("Runtime.evaluate", expression="0")  # drain pending events
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                errors.append(params["exceptionDetails"].get("exception", {}).get("description") or params["exceptionDetails"].get("text"))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                errors.append(f"{params['entry'].get('source')}: {params['entry'].get('text')} {params['entry'].get('url', '')}")
        return errors

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 12000), "scale": 1})
        import base64

        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", timeout=60, **params)["data"]))
        return path

    def close(self) -> None:
        try:
            self.call("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("preview")
    repo = copy_repo("example", tmp)
    result = ccm("preview", "--html", str(tmp / "site"), "--today", "2026-06-01", cwd=repo)
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium); the browser test needs it")
    profile = tmp_path_factory.mktemp("chromium-profile")
    b = Browser(profile)
    yield b
    b.close()


# ---------------------------------------------------------------- without a browser
def test_site_has_a_page_per_comm_and_local_assets_only(site):
    pages = sorted(p.name for p in (site / "pages").glob("*.html"))
    assert "billing.payment-reminder.html" in pages and len(pages) == 13
    for page in [site / "index.html", *(site / "pages").glob("*.html")]:
        text = page.read_text("utf-8")
        assert not re.search(r"""(src|href)=["']https?://(?!kumo\.example)""", text), f"{page.name} loads something from the network"
        assert "<script src=\"../assets/site.js\"></script>" in text or "<script src=\"assets/site.js\"></script>" in text
    assert (site / "assets" / "site.css").is_file()
    assert (site / "emails" / "billing.payment-reminder" / "ja-JP--typical.txt").read_text("utf-8").startswith("山田様")


def test_index_lists_filters_and_matrix(site):
    index = (site / "index.html").read_text("utf-8")
    for name in ("owner", "category", "channel", "locale", "journey"):
        assert f'data-filter="{name}"' in index
    assert 'class="matrix"' in index and "Journey × channel" in index
    assert index.count("<tr data-owner=") == 13


def test_html_refuses_to_overwrite_a_folder_it_did_not_write(tmp_path):
    repo = copy_repo("example", tmp_path)
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    result = ccm("preview", "--html", str(other), cwd=repo)
    assert result.returncode == 2 and "not empty" in result.stderr
    assert (other / "notes.txt").read_text() == "keep me"
    assert ccm("preview", "--html", str(repo), cwd=repo).returncode == 2  # never into the content repo
    out = tmp_path / "site"
    assert ccm("preview", "--html", str(out), cwd=repo).returncode == 0
    assert ccm("preview", "--html", str(out), cwd=repo).returncode == 0  # rebuilding its own folder is fine


def test_html_with_id_prints_that_comms_page(tmp_path):
    repo = copy_repo("example", tmp_path)
    result = ccm("preview", "billing.payment-reminder", "--html", str(tmp_path / "s"), cwd=repo)
    assert result.returncode == 0
    assert "pages/billing.payment-reminder.html" in result.stdout


# ---------------------------------------------------------------- in Chromium
def test_every_page_loads_without_console_errors(site, browser, tmp_path):
    pages = [site / "index.html", *sorted((site / "pages").glob("*.html"))]
    for page in pages:
        browser.open(page.as_uri())
        assert browser.console_errors() == [], page.name
        assert browser.evaluate("document.title")
    browser.open((site / "index.html").as_uri())
    shot = browser.screenshot(tmp_path / "index.png")
    assert shot.stat().st_size > 10_000


def test_index_filters_work_in_the_browser(site, browser):
    browser.open((site / "index.html").as_uri())
    visible = "document.querySelectorAll('table.comms tbody tr:not([hidden])').length"
    assert browser.evaluate(visible) == 13
    browser.evaluate("(() => { const s = document.querySelector('[data-filter=channel]'); s.value = 'letter'; s.dispatchEvent(new Event('change')); })()")
    assert browser.evaluate(visible) == 1
    assert browser.evaluate("document.querySelector('[data-count]').textContent") == "1 of 13 comms"
    browser.evaluate("document.querySelector('[data-reset]').click()")
    browser.evaluate("(() => { const s = document.querySelector('[data-filter=category]'); s.value = 'marketing'; s.dispatchEvent(new Event('change')); })()")
    names = browser.evaluate("[...document.querySelectorAll('table.comms tbody tr:not([hidden])')].map(r => r.dataset.category)")
    assert names and set(names) == {"marketing"}
    assert browser.console_errors() == []


def test_email_iframes_show_subject_and_body(site, browser, tmp_path):
    browser.open((site / "pages" / "billing.payment-reminder.html").as_uri())
    frames = browser.evaluate("[...document.querySelectorAll('iframe.email')].map(f => ({w: f.getBoundingClientRect().width, title: f.contentDocument.title, text: f.contentDocument.body.innerText, lang: f.contentDocument.documentElement.lang}))")
    assert len(frames) == 4  # en-US and ja-JP, desktop and mobile
    widths = sorted({round(f["w"]) for f in frames})
    assert widths[0] <= 400 and widths[-1] >= 600
    en = [f for f in frames if f["lang"] == "en-US"]
    assert en[0]["title"] == "Your Kumo Energy bill is past due"
    assert "We haven't received your payment of $142.00" in en[0]["text"]
    assert "Pay your bill" in en[0]["text"]
    ja = [f for f in frames if f["lang"] == "ja-JP"]
    assert ja[0]["title"] == "お支払い期限を過ぎています（クモエナジー）" and "山田様" in ja[0]["text"]
    # the preheader is in the document but not visible
    hidden = browser.evaluate("getComputedStyle(document.querySelector('iframe.email').contentDocument.querySelector('.preheader')).display")
    assert hidden == "none"
    # the iframe grew to its content: no inner scrollbar cutting the email
    heights = browser.evaluate("[...document.querySelectorAll('iframe.email')].map(f => [f.getBoundingClientRect().height, f.contentDocument.documentElement.scrollHeight])")
    assert all(outer >= inner - 2 for outer, inner in heights)
    assert "Your Kumo Energy bill is past due" in browser.evaluate("document.body.innerText")  # the inbox row
    assert browser.console_errors() == []
    browser.screenshot(tmp_path / "payment-reminder.png")


def test_other_channels_render_in_the_browser(site, browser, tmp_path):
    for comm, selector, expected in (
        ("marketing.new-plan-launch", ".notification", "Meet Green 100"),
        ("marketing.new-plan-launch", ".line-bubble", "https://kumo.example/plans"),
        ("field-service.appointment-reminder", ".bubble.incoming", "smart meter"),
        ("field-service.appointment-reminder", ".chat-widget", "Reply 1 to confirm"),
        ("billing.disconnection-notice", ".paper", "Disconnection notice"),
        ("web.home-banner", ".web-banner", "Clean energy, simple bills"),
    ):
        browser.open((site / "pages" / f"{comm}.html").as_uri())
        texts = browser.evaluate(f"[...document.querySelectorAll('{selector}')].map(e => e.innerText)")
        assert any(expected.lower() in t.lower() for t in texts), (comm, selector, texts[:2])
        assert browser.console_errors() == []
    for comm in ("marketing.new-plan-launch", "billing.disconnection-notice", "field-service.appointment-reminder"):
        browser.open((site / "pages" / f"{comm}.html").as_uri())
        browser.screenshot(tmp_path / f"{comm}.png")


def test_findings_show_inline_in_the_browser(tmp_path, browser):
    repo = copy_repo("example", tmp_path)
    edit(repo / "comms/billing/payment-reminder.yaml", 'body: "{{ facts.brand }}: your bill', 'body: "{{ facts.brand }}: your cheap bill')
    edit(repo / "comms/billing/payment-reminder.yaml", "{{ customer.last_name }}様\n", "{{ customer.nickname }}様\n")
    assert ccm("preview", "--html", str(tmp_path / "site"), cwd=repo).returncode == 0
    browser.open((tmp_path / "site" / "pages" / "billing.payment-reminder.html").as_uri())
    findings = browser.evaluate("[...document.querySelectorAll('.ch-sms li.finding.error')].map(e => e.innerText)")
    assert len(findings) == 1 and "'cheap' is banned" in findings[0] and "payment-reminder.yaml:48" in findings[0]
    assert browser.evaluate("document.querySelectorAll('.ch-email li.finding').length") >= 1  # the undefined variable
    errors = browser.evaluate("[...document.querySelectorAll('.ch-email .render-errors')].map(e => e.innerText)")
    assert len(errors) == 1 and "Cannot render" in errors[0] and "nickname" in errors[0]
    assert browser.console_errors() == []
    browser.screenshot(tmp_path / "findings.png")
