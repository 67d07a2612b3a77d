"""The ``http`` target: hand releases to the sending service over HTTPS, signed with HMAC-SHA256.

``publish: {hook: {type: http, url: "https://send.example/ccm", secret_env: CCM_PUBLISH_KEY}}``
(or ``url_env`` instead of ``url``). The key is read from the environment variable that
``secret_env`` names; it is never printed or stored. Every request carries::

    X-Ccm-Timestamp: <unix seconds>
    X-Ccm-Signature: sha256=<hex HMAC-SHA256(key, timestamp + "." + body)>

The receiver verifies the signature (and rejects stale timestamps), stores the release and
switches its current release in one step, under its own lock. The protocol:

``GET  {url}/current``            200 ``{"release_id": …}`` or 404 when nothing is published
``GET  {url}/releases``           200 ``{"releases": [manifest…], "history": [event…]}``
``GET  {url}/releases/{id}``      200 manifest, or 404
``POST {url}/releases``           ``{"manifest", "artifacts": {path: base64}, "event"}``: store and activate
``POST {url}/activate``           ``{"release_id", "event"}``: make a stored release current (rollback)

A 409 answer means another publish is in progress.

What the receiver answers is checked like any stored release (see :mod:`..integrity`): a body
that is not JSON, not the expected shape, or larger than ``max_response_mb`` (default 256) is a
one-line error; redirects are not followed (the signed request would go elsewhere, and a POST
would turn into a GET); each request must finish within ``timeout`` seconds (default 30). The
files of a stored release live on the receiver, which verifies them: a rollback here checks the
manifest the receiver returns.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from ..integrity import ReleaseError, check_manifest, event_problem, is_release_id, kind, parse_json, shown
from .base import Stored, Target, TargetError

SIGNATURE_HEADER = "X-Ccm-Signature"
TIMESTAMP_HEADER = "X-Ccm-Timestamp"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_MB = 256


def sign(key: bytes, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx code


_OPENER = urllib.request.build_opener(_NoRedirect)


class HttpTarget(Target):
    kind = "http"
    keeps_history = False  # the receiver keeps it

    def __init__(self, name: str, url: str, shown: str, key: bytes, timeout: float,
                 max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024) -> None:
        self.name = name
        self._url = url.rstrip("/")
        self._shown = shown
        self._key = key
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._cache: dict | None = None

    @property
    def description(self) -> str:
        return f"http: {self._shown}"

    @contextmanager
    def session(self, write: bool, lock_timeout: float = 60.0):
        self._cache = None
        yield self  # the receiver serializes publishes (409 when busy)

    def _request(self, method: str, path: str, payload: dict | None = None) -> tuple[int, bytes]:
        body = b"" if payload is None else json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        stamp = str(int(time.time()))
        request = urllib.request.Request(self._url + path, data=body if method == "POST" else None, method=method, headers={
            "Content-Type": "application/json",
            "User-Agent": "ccm-publish",
            TIMESTAMP_HEADER: stamp,
            SIGNATURE_HEADER: sign(self._key, stamp, body),
        })
        what = f"target {self.name} ({self.description})"
        try:
            with _OPENER.open(request, timeout=self._timeout) as response:
                return response.status, self._read(response, f"{what} {method} {path}")
        except urllib.error.HTTPError as exc:
            detail = _detail(exc)
            if exc.code == 404:
                return 404, b""
            if exc.code == 409:
                raise TargetError(f"{what} is busy with another publish (409): {detail}") from None
            if 300 <= exc.code < 400:
                location = _public(exc.headers.get("Location") or "") if exc.headers else ""
                raise TargetError(f"{what} answered {method} {path} with a redirect ({exc.code}"
                                  f"{' to ' + shown(location) if location else ''}); ccm does not follow redirects: "
                                  "configure the URL the receiver really answers on") from None
            raise TargetError(f"{what} rejected {method} {path} ({exc.code}): {detail}") from None
        except TargetError:
            raise
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise TargetError(f"cannot reach {what}: {shown(str(reason), 200)}") from None

    def _read(self, response, where: str) -> bytes:
        """The body, at most ``max_bytes``, within ``timeout`` seconds in all."""
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self._max_bytes:
            raise TargetError(f"{where}: the answer is {declared} bytes, more than max_response_mb allows ({self._max_bytes})")
        deadline = time.monotonic() + self._timeout
        chunks, size = [], 0
        while True:
            chunk = response.read1(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self._max_bytes:
                raise TargetError(f"{where}: the answer is more than max_response_mb allows ({self._max_bytes} bytes)")
            if time.monotonic() > deadline:
                raise TargetError(f"{where}: the answer took more than {self._timeout:g}s (timeout)")
            chunks.append(chunk)

    def _get(self, path: str) -> object | None:
        """The JSON a GET answers; None on 404."""
        status, raw = self._request("GET", path)
        if status == 404:
            return None
        where = f"target {self.name} ({self.description}) GET {path}"
        if status != 200:
            raise TargetError(f"{where}: answered {status}, not 200 or 404")
        try:
            return parse_json(raw, where)
        except ReleaseError as exc:
            raise TargetError(str(exc)) from None

    def _listing(self) -> dict:
        if self._cache is None:
            data = self._get("/releases")
            where = f"target {self.name} ({self.description}) GET /releases"
            if data is None:
                data = {"releases": [], "history": []}
            if not isinstance(data, dict) or not isinstance(data.get("releases", []), list) or not isinstance(data.get("history", []), list):
                raise TargetError(f"{where}: answered {kind(data)}, not {{\"releases\": [...], \"history\": [...]}}")
            self._cache = data
        return self._cache

    def current_id(self) -> str | None:
        data = self._get("/current")
        if data is None:
            return None
        value = data.get("release_id") if isinstance(data, dict) else data
        if value is None and isinstance(data, dict):
            return None
        if not is_release_id(value):
            raise ReleaseError(f"target {self.name} ({self.description}) GET /current: answered "
                               f"{shown(value) if isinstance(value, str) else kind(value)}, not a release id")
        return value

    def manifest(self, release_id: str) -> dict | None:
        if not is_release_id(release_id):
            return None
        data = self._get(f"/releases/{release_id}")
        where = f"target {self.name} ({self.description}) GET /releases/{release_id}"
        return None if data is None else check_manifest(data, where, release_id)

    def verify(self, release_id: str) -> dict:
        manifest = self.manifest(release_id)  # the receiver holds (and verifies) the files
        if manifest is None:
            raise ReleaseError(f"no release {shown(release_id)} in target {self.name}")
        return manifest

    def releases(self) -> list[Stored]:
        found = []
        where = f"target {self.name} ({self.description}) GET /releases"
        for index, value in enumerate(self._listing().get("releases", [])):
            rid = value.get("id") if isinstance(value, dict) else None
            label = f"{where}: release {shown(rid) if isinstance(rid, str) else index + 1}"
            if not is_release_id(rid):
                found.append(Stored(label, None, f"{label}: has no release id"))
                continue
            try:
                found.append(Stored(rid, check_manifest(value, label, rid)))
            except ReleaseError as exc:
                found.append(Stored(rid, None, str(exc)))
        return sorted(found, key=lambda s: ((s.manifest or {}).get("created_at") or "", s.id))

    def history(self) -> tuple[list[dict], list[str]]:
        events, problems = [], []
        where = f"target {self.name} ({self.description}) GET /releases"
        for index, value in enumerate(self._listing().get("history", [])):
            problem = event_problem(value)
            if problem:
                problems.append(f"{where}: history entry {index + 1}: {problem}")
            else:
                events.append(value)
        return events, problems

    def apply(self, release, event: dict, stored: bool) -> None:
        artifacts = {path: base64.b64encode(data).decode("ascii") for path, data in release.files().items()}
        self._post("/releases", {"manifest": release.manifest, "artifacts": artifacts, "event": event})

    def activate(self, release_id: str, event: dict) -> None:
        self._post("/activate", {"release_id": release_id, "event": event})

    def _post(self, path: str, payload: dict) -> None:
        status, _ = self._request("POST", path, payload)
        self._cache = None
        if status == 404:
            raise TargetError(f"target {self.name} ({self.description}) answered POST {path} with 404 (not found)")


def open_http(config) -> HttpTarget:
    if config.options.get("url_env"):
        url = config.env("url_env")
        shown_url = f"${config.options['url_env']}"
        problem = _url_problem(url)
        if problem:  # never print the value: it may carry a token
            raise config.error(f"the URL in ${config.options['url_env']} (named by 'url_env') {problem}")
    else:
        url = config.required("url")
        if not isinstance(url, str):
            raise config.error("'url' must be a URL")
        problem = _url_problem(url)
        if problem:
            raise config.error(f"'url' {problem}")
        shown_url = _public(url)
    key = config.env("secret_env").encode("utf-8")
    timeout = _positive(config, "timeout", DEFAULT_TIMEOUT)
    max_mb = _positive(config, "max_response_mb", DEFAULT_MAX_MB)
    return HttpTarget(config.name, url, shown_url, key, timeout, int(max_mb * 1024 * 1024))


def _detail(exc: urllib.error.HTTPError) -> str:
    """The start of an error answer's body, on one line (it is printed)."""
    try:
        return shown(exc.read(200).decode("utf-8", "replace").strip(), 200)
    except Exception:  # no body, or the connection is gone
        return ""
    finally:
        try:
            exc.close()
        except Exception:
            pass


def _url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the receiver's address (None when it can)."""
    if any(c.isspace() or not c.isprintable() for c in url):
        return "contains a space or a control character (write a space in a URL as %20)"
    if not url.lower().startswith(("http://", "https://")):
        return "must start with https:// (or http:// for a local receiver)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "is not a valid URL (check the host and the port)"
    if not parts.hostname:
        return "has no host"
    return None


def _positive(config, key: str, default: float) -> float:
    value = config.options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 86400:
        raise config.error(f"'{key}' must be a positive number, got {shown(value)}")
    return float(value)


def _public(url: str) -> str:
    """The URL without credentials, query or fragment (safe to print)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
    except ValueError:
        return ""
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
