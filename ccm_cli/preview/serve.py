"""`ccm preview --serve`: the preview site on 127.0.0.1, rebuilt when a file changes.

The watcher polls modification times (every ``POLL_SECONDS``) of the repository's files
instead of using watchfiles/inotify: a content repository holds tens to a few hundred small
files, a poll costs well under a millisecond per file, it works the same on every OS and on
network or container mounts where inotify events do not arrive, and it needs no compiled
dependency. Pages poll ``/__ccm/version`` and reload when a build finishes; when a build
fails (a YAML file that does not parse), the last good site stays up and the pages show the
error until the next good build. Without ``--html DIR`` the site is built in a temporary
folder that is removed when the server stops (Ctrl-C, SIGTERM, SIGHUP).
"""

from __future__ import annotations

import datetime as _dt
import http.server
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Callable

from ..errors import CcmError

POLL_SECONDS = 0.5
SKIP_DIRS = {".git", "node_modules", "__pycache__", "dist", ".venv", "venv"}


def snapshot(root: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file a build reads: everything but VCS, caches and output."""
    found: dict[str, tuple[int, int]] = {}
    skip_real = os.path.realpath(skip) if skip else None
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                   and (skip_real is None or os.path.realpath(os.path.join(folder, d)) != skip_real)]
        for name in files:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


class Builder:
    """Builds the site and remembers the build number and the last error."""

    def __init__(self, root: Path, out: Path, base: str | None, today: _dt.date | None, echo: Callable[[str], None]):
        self.root, self.out, self.base, self.today, self.echo = root, out, base, today, echo
        self.version = 0
        self.error: str | None = None
        self.lock = threading.Lock()

    def build(self) -> bool:
        from .site import build_site

        started = time.monotonic()
        try:
            site = build_site(self.root, self.out, base=self.base, today=self.today, live_reload=True)
        except Exception as error:  # a broken file must not stop the server
            message = error.one_line() if isinstance(error, CcmError) else f"internal error: {type(error).__name__}: {error}"
            with self.lock:
                self.error = message
                self.version += 1
            self.echo(f"ccm: build failed: {self.error}")
            return False
        with self.lock:
            self.error = None
            self.version += 1
        self.echo(f"Built {site.pages} pages in {time.monotonic() - started:.1f}s")
        return True

    def status(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


class _Handler(http.server.SimpleHTTPRequestHandler):
    builder: Builder

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.split("?")[0] == "/__ccm/version":
            body = self.builder.status()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows builds, not requests
        pass


def make_server(builder: Builder, port: int) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"builder": builder})
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(builder.out)))
    except OSError as error:
        raise CcmError(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}", hint="pick another --port, or --port 0 for any free one") from None


def serve(root: Path, out: Path | None = None, port: int = 8765, base: str | None = None, today: _dt.date | None = None,
          echo: Callable[[str], None] = print, stop: threading.Event | None = None) -> None:
    """Build, serve and rebuild on change until interrupted (Ctrl-C, SIGTERM, SIGHUP) or
    ``stop`` is set. Without ``out`` the site goes into a temporary folder, removed on exit."""
    temporary = out is None
    out = Path(tempfile.mkdtemp(prefix="ccm-preview-")) if out is None else out
    try:
        with _signals_interrupt():
            _serve(root, out, port, base, today, echo, stop or threading.Event())
    finally:
        if temporary:
            shutil.rmtree(out, ignore_errors=True)


def _serve(root: Path, out: Path, port: int, base: str | None, today: _dt.date | None, echo: Callable[[str], None],
           stop: threading.Event) -> None:
    builder = Builder(root, out, base, today, echo)
    seen = snapshot(root, out)  # before the build: an edit made while it runs triggers the next one
    if not builder.build() and not (out / "index.html").exists():
        raise CcmError(builder.error or "the first build failed")
    server = make_server(builder, port)
    thread = threading.Thread(target=server.serve_forever, name="ccm-preview-http", daemon=True)
    thread.start()
    try:
        echo(f"Serving http://127.0.0.1:{server.server_address[1]}/ (files in {out}); watching {root} for changes. Ctrl-C stops.")
        while not stop.wait(POLL_SECONDS):
            now = snapshot(root, out)
            if now != seen:
                changed = sorted({*now} ^ {*seen} | {p for p in now if p in seen and now[p] != seen[p]})
                echo(f"Changed: {', '.join(os.path.relpath(p, root) for p in changed[:3])}{' …' if len(changed) > 3 else ''}")
                seen = now
                builder.build()
    except KeyboardInterrupt:
        echo("Stopped.")
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def _signals_interrupt():
    """Within the block, SIGTERM and SIGHUP (a CI step cancelled, a terminal closed) stop the
    server as Ctrl-C does, so that the temporary site is removed; only in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    owner = os.getpid()

    def interrupt(signum, frame):
        if os.getpid() != owner:  # a forked page writer inherited this: it ends as by default
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
