"""The sqlite, http and postgres targets: publish, idempotency, rollback, locking, crash safety,
and secrets that never show up in output or releases. Every target is real: a SQLite file, an
HTTP server on 127.0.0.1, a private PostgreSQL cluster."""

from __future__ import annotations

import base64
import glob
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import edit
from test_publish_support import ccm, commit, git_repo, spawn, wait_paused

R = "comms/billing/payment-reminder.yaml"
SAMPLE = {"customer": {"first_name": "Ana", "last_name": "山田"}, "invoice": {"amount": 142, "due_date": "2026-03-06"}}


def add_target(root: Path, line: str) -> None:
    with open(root / "ccm.yaml", "a", encoding="utf-8") as handle:
        handle.write(f"  {line}\n")
    commit(root, "Add a publish target")


def change_content(root: Path) -> None:
    edit(root / R, "Please pay in the", "Pay in the")
    commit(root)


def exercise(root: Path, target: str, env: dict | None = None) -> tuple[str, str]:
    """Plan, publish, republish, change, publish, roll back; returns (first, second) ids."""
    plan = ccm("publish", "--plan", "--detailed-exitcode", "-t", target, cwd=root, env=env)
    assert plan.returncode == 2, plan.stderr
    assert ccm("publish", "-t", target, cwd=root, env=env).returncode == 0
    again = ccm("publish", "-t", target, cwd=root, env=env)
    assert again.returncode == 0 and again.stdout.startswith("No changes."), again.stderr
    assert ccm("publish", "--plan", "--detailed-exitcode", "-t", target, cwd=root, env=env).returncode == 0
    first = json.loads(ccm("releases", "-t", target, "--format", "json", cwd=root, env=env).stdout)["current"]
    change_content(root)
    plan = ccm("publish", "--plan", "-t", target, cwd=root, env=env)
    assert "~ billing.payment-reminder" in plan.stdout and "~ en-US/sms" in plan.stdout
    assert ccm("publish", "-t", target, cwd=root, env=env).returncode == 0
    listing = json.loads(ccm("releases", "-t", target, "--format", "json", cwd=root, env=env).stdout)
    second = listing["current"]
    assert second != first and [r["id"] for r in listing["releases"]] == [first, second]
    rolled = ccm("publish", "--rollback", first, "-t", target, cwd=root, env=env)
    assert rolled.returncode == 0, rolled.stderr
    listing = json.loads(ccm("releases", "-t", target, "--format", "json", cwd=root, env=env).stdout)
    assert listing["current"] == first
    assert [e["action"] for e in listing["history"]] == ["publish", "publish", "rollback"]
    return first, second


# ---------------------------------------------------------------- sqlite
@pytest.fixture
def sqlite_repo(tmp_path):
    root = git_repo(tmp_path)
    add_target(root, "db: {type: sqlite, path: dist/ccm.db}")
    return root


def test_sqlite_target_publishes_rolls_back_and_serves_the_runtime(sqlite_repo):
    from ccm_cli.runtime import open_release

    first, second = exercise(sqlite_repo, "db")
    db = sqlite_repo / "dist" / "ccm.db"
    release = open_release(f"sqlite://{db}")
    assert release.id == first
    assert "Please pay in the" in release.render("billing.payment-reminder", "en-US", "sms", SAMPLE)["body"]
    assert "Pay in the" in open_release(db, second).render("billing.payment-reminder", "en-US", "sms", SAMPLE)["body"]


def test_sqlite_lock_and_kill_9_mid_transaction(sqlite_repo):
    import sqlite3

    from ccm_cli.runtime import open_release

    assert ccm("publish", "-t", "db", cwd=sqlite_repo).returncode == 0
    db = sqlite_repo / "dist" / "ccm.db"
    old = open_release(db).id
    change_content(sqlite_repo)
    process = spawn("publish", "-t", "db", cwd=sqlite_repo, env={"CCM_TEST_PAUSE_AT": "written"})
    wait_paused(process, "written")
    blocked = ccm("publish", "-t", "db", "--lock-timeout", "0.5", cwd=sqlite_repo)
    assert blocked.returncode == 1 and "another publish holds the lock" in blocked.stderr, blocked.stderr
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert open_release(db).id == old  # the killed transaction left nothing behind
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM ccm_releases").fetchone()[0] == 1
    assert ccm("publish", "-t", "db", cwd=sqlite_repo).returncode == 0
    assert open_release(db).id != old


# ---------------------------------------------------------------- http
KEY = "s3cret-hmac-key-never-printed"


class Receiver:
    """A reference receiver: verifies signatures, stores releases, switches current atomically."""

    def __init__(self) -> None:
        self.releases: dict[str, dict] = {}
        self.files: dict[str, dict[str, bytes]] = {}
        self.current: str | None = None
        self.history: list[dict] = []
        self.bodies: list[bytes] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _verified(self, body: bytes) -> bool:
                stamp = self.headers.get("X-Ccm-Timestamp", "")
                wanted = "sha256=" + hmac.new(KEY.encode(), stamp.encode() + b"." + body, "sha256").hexdigest()
                fresh = stamp.isdigit() and abs(time.time() - int(stamp)) < 300
                if not (fresh and hmac.compare_digest(wanted, self.headers.get("X-Ccm-Signature", ""))):
                    self._send(401, {"error": "bad signature"})
                    return False
                return True

            def _send(self, status: int, data) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self):
                if not self._verified(b""):
                    return
                path = self.path.removeprefix("/ccm")
                if path == "/current":
                    return self._send(200, {"release_id": receiver.current}) if receiver.current else self._send(404, {})
                if path == "/releases":
                    return self._send(200, {"releases": list(receiver.releases.values()), "history": receiver.history})
                if path.startswith("/releases/") and path.split("/")[-1] in receiver.releases:
                    return self._send(200, receiver.releases[path.split("/")[-1]])
                self._send(404, {})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.bodies.append(body)
                if not self._verified(body):
                    return
                data = json.loads(body)
                path = self.path.removeprefix("/ccm")
                with receiver.lock:
                    if path == "/releases":
                        manifest = data["manifest"]
                        files = {p: base64.b64decode(v) for p, v in data["artifacts"].items()}
                        for p, digest in manifest["artifacts"].items():
                            assert hmac.compare_digest(__import__("hashlib").sha256(files[p]).hexdigest(), digest)
                        receiver.releases.setdefault(manifest["id"], manifest)
                        receiver.files.setdefault(manifest["id"], files)
                        release_id = manifest["id"]
                    elif path == "/activate" and data["release_id"] in receiver.releases:
                        release_id = data["release_id"]
                    else:
                        return self._send(404, {})
                    receiver.current = release_id
                    receiver.history.append(data["event"])
                self._send(200, {"release_id": release_id})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ccm"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def test_http_target_signs_every_request_and_never_leaks_the_key(tmp_path, receiver):
    root = git_repo(tmp_path)
    add_target(root, f'hook: {{type: http, url: "{receiver.url}", secret_env: CCM_HOOK_KEY}}')
    env = {"CCM_HOOK_KEY": KEY}
    first, second = exercise(root, "hook", env)
    assert receiver.current == first and set(receiver.releases) == {first, second}
    manifest = receiver.releases[second]
    assert manifest["source"]["branch"] == "main"
    # what the receiver got is a complete release the runtime can render
    from ccm_cli.runtime import Release

    files = dict(receiver.files[second])
    files.pop("manifest.json")
    rendered = Release(manifest, files).render("billing.payment-reminder", "en-US", "sms", SAMPLE)
    assert "Pay in the" in rendered["body"]
    assert all(KEY.encode() not in body for body in receiver.bodies)

    wrong = ccm("publish", "--plan", "-t", "hook", cwd=root, env={"CCM_HOOK_KEY": "wrong"})
    assert wrong.returncode == 1 and "rejected GET /current (401)" in wrong.stderr
    assert "wrong" not in wrong.stderr.replace("rejected", "")
    missing = ccm("publish", "-t", "hook", cwd=root)
    assert missing.returncode == 1
    assert "environment variable CCM_HOOK_KEY (named by 'secret_env') is not set" in missing.stderr
    for result in (wrong, missing):
        assert KEY not in result.stdout + result.stderr


def test_http_target_unreachable_fails_cleanly(tmp_path):
    root = git_repo(tmp_path)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    add_target(root, f'hook: {{type: http, url: "http://user:pw@127.0.0.1:{port}/ccm", secret_env: CCM_HOOK_KEY}}')
    result = ccm("publish", "-t", "hook", cwd=root, env={"CCM_HOOK_KEY": KEY})
    assert result.returncode == 1
    assert f"cannot reach target hook (http: http://127.0.0.1:{port}/ccm)" in result.stderr
    assert "pw" not in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- postgres
PG_PASSWORD = "pg-pass-never-printed"


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory):
    """A private PostgreSQL cluster on a free port (as the postgres user when run as root)."""
    pytest.importorskip("psycopg")
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql)")
    as_user: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: PostgreSQL refuses to run as root")
        as_user = ["runuser", "-u", "postgres", "--"]
        # pytest's tmp folders are private to root; the server needs a folder its user can enter
        base = Path(tempfile.mkdtemp(prefix="ccm-pg-"))
        shutil.chown(base, "postgres")
    else:
        base = tmp_path_factory.mktemp("pg")
    data, password_file = base / "data", base / "pw"
    password_file.write_text(PG_PASSWORD + "\n")
    if as_user:
        shutil.chown(password_file, "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, text=True, timeout=120)  # noqa: E731
    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "ccm", f"--pwfile={password_file}",
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60", "start",
        "-o", f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off")
    try:
        yield f"postgresql://ccm:{PG_PASSWORD}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg(postgres_url):
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        for table in ("ccm_history", "ccm_current", "ccm_artifacts", "ccm_releases"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    return postgres_url


def test_postgres_target_end_to_end_without_leaking_the_url(tmp_path, pg):
    import psycopg

    root = git_repo(tmp_path)
    add_target(root, "prod: {type: postgres, url_env: CCM_PG_URL}")
    env = {"CCM_PG_URL": pg}
    first, second = exercise(root, "prod", env)
    with psycopg.connect(pg) as conn:
        assert conn.execute("SELECT release_id FROM ccm_current").fetchone()[0] == first
        count = conn.execute("SELECT count(*) FROM ccm_artifacts WHERE release_id = %s", (second,)).fetchone()[0]
        manifest = json.loads(conn.execute("SELECT manifest FROM ccm_releases WHERE id = %s", (second,)).fetchone()[0])
    assert count == len(manifest["artifacts"]) + 1
    listing = ccm("releases", "-t", "prod", cwd=root, env=env)
    assert "postgres: $CCM_PG_URL" in listing.stdout and PG_PASSWORD not in listing.stdout

    bad = pg.replace(PG_PASSWORD, "nope-wrong")
    failed = ccm("publish", "-t", "prod", cwd=root, env={"CCM_PG_URL": bad})
    assert failed.returncode == 1 and "cannot connect to target prod ($CCM_PG_URL)" in failed.stderr
    assert "nope-wrong" not in failed.stderr and PG_PASSWORD not in failed.stderr


def test_postgres_advisory_lock_and_kill_9_mid_transaction(tmp_path, pg):
    import psycopg

    root = git_repo(tmp_path)
    add_target(root, "prod: {type: postgres, url_env: CCM_PG_URL}")
    env = {"CCM_PG_URL": pg}
    assert ccm("publish", "-t", "prod", cwd=root, env=env).returncode == 0
    with psycopg.connect(pg) as conn:
        old = conn.execute("SELECT release_id FROM ccm_current").fetchone()[0]
    change_content(root)
    process = spawn("publish", "-t", "prod", cwd=root, env={**env, "CCM_TEST_PAUSE_AT": "switched"})
    wait_paused(process, "switched")
    blocked = ccm("publish", "-t", "prod", "--lock-timeout", "0.5", cwd=root, env=env)
    assert blocked.returncode == 1 and "another publish holds the lock" in blocked.stderr, blocked.stderr
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    time.sleep(0.5)  # the server notices the dead connection and rolls its transaction back
    with psycopg.connect(pg) as conn:
        assert conn.execute("SELECT release_id FROM ccm_current").fetchone()[0] == old
        assert conn.execute("SELECT count(*) FROM ccm_releases").fetchone()[0] == 1
    assert ccm("publish", "-t", "prod", cwd=root, env=env).returncode == 0
    with psycopg.connect(pg) as conn:
        assert conn.execute("SELECT release_id FROM ccm_current").fetchone()[0] != old
