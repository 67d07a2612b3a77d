"""`ccm preview --serve`: serves the site on 127.0.0.1 and rebuilds it when a file changes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_repo, edit
from test_preview_site import SHIM


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait(predicate, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError


@pytest.fixture
def server(tmp_path):
    repo = copy_repo("example", tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-c", SHIM if not _registered() else "from ccm_cli.cli import main; main()",
                             "preview", "--serve", "--port", "0", "--html", str(tmp_path / "site")],
                            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        while True:
            line = proc.stdout.readline()
            assert line, "server exited: " + "".join(lines)
            lines.append(line)
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                break
        yield repo, f"http://127.0.0.1:{found.group(1)}"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _registered() -> bool:
    from ccm_cli import cli

    return any(c.name == "preview" or getattr(c.callback, "__name__", "") == "preview" for c in cli.app.registered_commands)


def test_serves_the_site_with_live_reload(server):
    repo, url = server
    index = _get(url + "/")
    assert "window.CCM_LIVE = true" in index and "Payment reminder" in index
    state = json.loads(_get(url + "/__ccm/version"))
    assert state == {"version": 1, "error": None}
    assert "Your Kumo Energy bill is past due" in _get(url + "/pages/billing.payment-reminder.html")


def test_rebuilds_when_a_comm_changes(server):
    repo, url = server
    edit(repo / "comms/billing/payment-reminder.yaml", "Your {{ facts.brand }} bill is past due", "Your {{ facts.brand }} bill is overdue")
    _wait(lambda: json.loads(_get(url + "/__ccm/version"))["version"] >= 2)
    assert "Your Kumo Energy bill is overdue" in _get(url + "/pages/billing.payment-reminder.html")


def test_broken_file_keeps_the_last_good_site(server):
    repo, url = server
    (repo / "comms/billing/payment-reminder.yaml").write_text("id: [unclosed\n", "utf-8")
    state = _wait(lambda: (lambda s: s if s["error"] else None)(json.loads(_get(url + "/__ccm/version"))))
    assert "payment-reminder.yaml" in state["error"]
    assert "Payment reminder" in _get(url + "/index.html")
