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
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from .base import Target, TargetError

SIGNATURE_HEADER = "X-Ccm-Signature"
TIMESTAMP_HEADER = "X-Ccm-Timestamp"


def sign(key: bytes, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class HttpTarget(Target):
    kind = "http"

    def __init__(self, name: str, url: str, shown: str, key: bytes, timeout: float) -> None:
        self.name = name
        self._url = url.rstrip("/")
        self._shown = shown
        self._key = key
        self._timeout = timeout
        self._cache: dict | None = None

    @property
    def description(self) -> str:
        return f"http: {self._shown}"

    @contextmanager
    def session(self, write: bool, lock_timeout: float = 60.0):
        self._cache = None
        yield self  # the receiver serializes publishes (409 when busy)

    def _request(self, method: str, path: str, payload: dict | None = None) -> tuple[int, dict | None]:
        body = b"" if payload is None else json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        stamp = str(int(time.time()))
        request = urllib.request.Request(self._url + path, data=body if method == "POST" else None, method=method, headers={
            "Content-Type": "application/json",
            "User-Agent": "ccm-publish",
            TIMESTAMP_HEADER: stamp,
            SIGNATURE_HEADER: sign(self._key, stamp, body),
        })
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return 404, None
            detail = exc.read()[:200].decode("utf-8", "replace").strip()
            if exc.code == 409:
                raise TargetError(f"target {self.name} ({self.description}) is busy with another publish (409): {detail}") from None
            raise TargetError(f"target {self.name} ({self.description}) rejected {method} {path} ({exc.code}): {detail}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TargetError(f"cannot reach target {self.name} ({self.description}): {reason}") from None

    def _listing(self) -> dict:
        if self._cache is None:
            status, data = self._request("GET", "/releases")
            self._cache = data if status == 200 and isinstance(data, dict) else {"releases": [], "history": []}
        return self._cache

    def current_id(self) -> str | None:
        status, data = self._request("GET", "/current")
        return data.get("release_id") if status == 200 and isinstance(data, dict) else None

    def manifest(self, release_id: str) -> dict | None:
        status, data = self._request("GET", f"/releases/{release_id}")
        return data if status == 200 and isinstance(data, dict) else None

    def releases(self) -> list[dict]:
        return sorted(self._listing().get("releases", []), key=lambda m: (m.get("created_at") or "", m.get("id")))

    def history(self) -> list[dict]:
        return list(self._listing().get("history", []))

    def apply(self, release, event: dict) -> None:
        artifacts = {path: base64.b64encode(data).decode("ascii") for path, data in release.files().items()}
        self._request("POST", "/releases", {"manifest": release.manifest, "artifacts": artifacts, "event": event})
        self._cache = None

    def activate(self, release_id: str, event: dict) -> None:
        self._request("POST", "/activate", {"release_id": release_id, "event": event})
        self._cache = None


def open_http(config) -> HttpTarget:
    if config.options.get("url_env"):
        url = config.env("url_env")
        shown = f"${config.options['url_env']}"
    else:
        url = config.required("url")
        if not isinstance(url, str):
            raise config.error("'url' must be a URL")
        shown = _public(url)
    if not url.startswith(("http://", "https://")):
        raise config.error("the URL must start with https:// (or http:// for a local receiver)")
    key = config.env("secret_env").encode("utf-8")
    timeout = config.options.get("timeout", 30)
    return HttpTarget(config.name, url, shown, key, float(timeout))


def _public(url: str) -> str:
    """The URL without credentials, query or fragment (safe to print)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
