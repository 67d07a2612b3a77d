"""What a stored release must look like before ccm (or the runtime) trusts it.

A publish target is storage someone else can write to: a folder, a database, a web service.
Everything read back from it — the manifest, the artifacts, the ``current`` pointer, the
history — is checked here first, and anything that is not exactly what ccm writes is a
:class:`ReleaseError` whose message names the file (or row) and what is wrong with it, on
one line, never a traceback.

A release is content-addressed: its id is the first 16 hex digits of the sha256 of its
artifact hashes (:func:`release_id`). So a manifest whose ``artifacts`` were edited no longer
matches its id, an artifact whose bytes were edited no longer matches its hash, and a file
that is not listed in the manifest was not written by ccm. :func:`check_manifest` checks the
manifest on its own (shape, types, id, and that every comm entry agrees with ``artifacts``);
:func:`check_files` checks the files against it (every listed file present and matching, no
other file).

Only the standard library is imported: the runtime of a sending service uses this module.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Callable, Iterable

FORMAT = 1
MANIFEST = "manifest.json"
RELEASE_ID = re.compile(r"[0-9a-f]{16}")
SHA256 = re.compile(r"[0-9a-f]{64}")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*")
# the same over many values joined by newlines: one C-speed match for 60,000 artifacts
PATHS = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*\n)*")
SHA256S = re.compile(r"(?:[0-9a-f]{64}\n)*")
MAX_FILE_BYTES = 256 * 1024 * 1024  # far above any manifest or artifact ccm writes (10,000 comms: ~20 MB)
SCALAR = (str, int, float, type(None))


class ReleaseError(Exception):
    """A release that cannot be found, read or trusted (missing file, hash mismatch, damaged manifest)."""


def canonical(value: Any) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, two-space indent, trailing newline."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_hashes(hashes: dict[str, str]) -> bytes:
    """``canonical(hashes)`` for a flat map of text to text, byte for byte, ~10x faster (the
    standard encoder is pure Python once ``indent`` is set; a release of 10,000 comms has
    60,000 artifacts)."""
    if not hashes:
        return b"{}\n"
    encode = json.encoder.encode_basestring  # what json.dumps uses for text with ensure_ascii=False
    items = ",\n".join(f"  {encode(key)}: {encode(value)}" for key, value in sorted(hashes.items()))
    return ("{\n" + items + "\n}\n").encode("utf-8")


def _canonical_checked(hashes: dict[str, str]) -> bytes:
    """``canonical_hashes`` of paths and hex digests already checked (nothing in them to escape)."""
    if not hashes:
        return b"{}\n"
    return ("{\n" + ",\n".join([f'  "{key}": "{hashes[key]}"' for key in sorted(hashes)]) + "\n}\n").encode("ascii")


def release_id(artifact_hashes: dict[str, str]) -> str:
    return sha256(canonical_hashes(artifact_hashes))[:16]


def shown(value: Any, limit: int = 80) -> str:
    """``value`` safe to print on one line: control characters escaped, long text cut."""
    text = value if isinstance(value, str) else repr(value)
    if text.isprintable() and len(text) <= limit:
        return text
    text = repr(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kind(value: Any) -> str:
    """What a JSON value is, for messages: 'a list', 'null', 'a string'…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_release_id(value: Any) -> bool:
    return isinstance(value, str) and RELEASE_ID.fullmatch(value) is not None


def is_safe_path(path: Any) -> bool:
    """A relative path of plain names (no ``..``, no absolute path, no backslash, no empty part)."""
    return isinstance(path, str) and len(path) <= 1024 and PATH.fullmatch(path) is not None and ".." not in path


def _all_match(pattern: re.Pattern, values) -> bool:
    """Every value is text that ``pattern`` (a repeated ``…\\n`` group) matches, with no '..' and
    none longer than 1024 characters."""
    values = list(values)
    if not all(type(v) is str for v in values):
        return False
    joined = "\n".join(values) + "\n"
    return (pattern.fullmatch(joined) is not None and joined.count("\n") == len(values)  # no value holds a newline
            and ".." not in joined and max(map(len, values), default=0) <= 1024)


def parse_json(raw: bytes | str, where: str) -> Any:
    """JSON from a file or a database column; a one-line ``ReleaseError`` naming ``where`` otherwise."""
    if isinstance(raw, (bytes, bytearray, memoryview)):
        if len(raw) > MAX_FILE_BYTES:
            raise ReleaseError(f"{where}: {len(raw)} bytes, more than ccm ever writes ({MAX_FILE_BYTES} bytes)")
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReleaseError(f"{where}: not UTF-8 text (byte {exc.start})") from None
    if not isinstance(raw, str):
        raise ReleaseError(f"{where}: holds {kind(raw)}, not JSON text")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReleaseError(f"{where}: not valid JSON ({exc.msg}: line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ReleaseError(f"{where}: JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise ReleaseError(f"{where}: not valid JSON ({shown(str(exc))})") from None


def check_manifest(value: Any, where: str, expected_id: str | None = None) -> dict:
    """``value`` if it is a manifest ccm wrote (for release ``expected_id``); ``ReleaseError`` otherwise.

    ``where`` names the manifest for the message (a file path, a database row, a URL).
    """

    def bad(what: str) -> ReleaseError:
        return ReleaseError(f"{where}: {what}")

    if not isinstance(value, dict):
        raise bad(f"is {kind(value)}, not a manifest (a JSON object)")
    fmt = value.get("format")
    if type(fmt) is not int or fmt < 1:
        raise bad("'format' is missing or not a positive integer")
    if fmt > FORMAT:
        raise bad(f"was written by a newer ccm (format {fmt}; this ccm reads format {FORMAT}): upgrade ccm")
    rid = value.get("id")
    if not is_release_id(rid):
        raise bad(f"'id' is {shown(rid) if isinstance(rid, str) else kind(rid)}, not a release id (16 hex digits)")
    if expected_id is not None and rid != expected_id:
        raise bad(f"'id' is {rid}, but it is stored as release {shown(expected_id)}")
    artifacts = value.get("artifacts")
    if not isinstance(artifacts, dict) or not artifacts:
        raise bad(f"'artifacts' is {kind(artifacts) if not isinstance(artifacts, dict) else 'empty'}, not a map of file -> sha256")
    if not _all_match(PATHS, artifacts) or not _all_match(SHA256S, artifacts.values()) or MANIFEST in artifacts:
        for path, digest in artifacts.items():  # find the first bad one, for the message
            if not is_safe_path(path) or path == MANIFEST:
                raise bad(f"'artifacts' lists {shown(path)}, not a path ccm writes (plain names, no '..')")
            if not isinstance(digest, str) or not SHA256.fullmatch(digest):
                raise bad(f"'artifacts' gives {shown(path)} the hash {shown(digest)}, not a sha256")
    if "render.json" not in artifacts:
        raise bad("'artifacts' has no render.json")
    content_sha256 = sha256(_canonical_checked(artifacts))
    if content_sha256[:16] != rid:
        raise bad(f"'id' {rid} does not match the hashes in 'artifacts' (the manifest was edited after it was written)")
    content = value.get("content_sha256")
    if content is not None and content != content_sha256:
        raise bad("'content_sha256' does not match the hashes in 'artifacts'")
    for key in ("created_at", "published_by", "project"):
        _optional(value, key, str, bad)
    for key in ("source", "forced"):
        _optional(value, key, dict, bad)
        for sub, item in (value.get(key) or {}).items():
            if sub in ("commit", "branch", "author", "subject", "reason") and not isinstance(item, (str, type(None))):
                raise bad(f"'{key}.{sub}' is {kind(item)}, not text")
    _check_comms(value.get("comms"), artifacts, bad)
    clauses = value.get("clauses", {})
    if not isinstance(clauses, dict):
        raise bad(f"'clauses' is {kind(clauses)}, not a map of clause -> version")
    for clause_id, entry in clauses.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("version"), SCALAR) or not isinstance(entry.get("file"), (str, type(None))):
            raise bad(f"clause {shown(clause_id)} is not {{version, file}}")
    from .evidence import check as check_evidence  # optional: releases before it have none

    check_evidence(value.get("evidence"), bad)
    return value


def _check_comms(comms: Any, artifacts: dict[str, str], bad: Callable[[str], ReleaseError]) -> None:
    """Every comm entry agrees with ``artifacts``, and every artifact belongs to a comm (or is render.json)."""
    if not isinstance(comms, dict):
        raise bad(f"'comms' is {kind(comms)}, not a map of comm id -> entry")
    owned: dict[str, dict[str, str]] = {}
    for path, digest in artifacts.items():
        if path == "render.json":
            continue
        parts = path.split("/", 2)
        if len(parts) < 3 or parts[0] != "comms" or parts[1] not in comms:
            raise bad(f"'artifacts' lists {shown(path)}, which belongs to no comm in 'comms'")
        owned.setdefault(parts[1], {})[path] = digest
    text = (str, type(None))
    for comm_id, entry in comms.items():
        label = f"comm {shown(comm_id)}"
        if not isinstance(entry, dict):
            raise bad(f"{label} is {kind(entry)}, not an object")
        for key in ("owner", "category", "file"):
            if not isinstance(entry.get(key), text):
                raise bad(f"{label}: '{key}' is {kind(entry.get(key))}, not text")
        variants = entry.get("variants")
        if not isinstance(variants, dict):
            raise bad(f"{label}: 'variants' is {kind(variants)}, not a map")
        base = f"comms/{comm_id}/"
        expected = {f"{base}{key}.json": digest for key, digest in variants.items()}
        expected[f"{base}contract.schema.json"] = entry.get("contract")
        expected[f"{base}delivery.json"] = entry.get("delivery")
        own = owned.get(comm_id, {})
        if own != expected:  # equal, they prove the comm id and every variant key safe (artifact paths are)
            for file in sorted(set(own) | set(expected)):
                if file not in own:
                    raise bad(f"{label}: the entry names {shown(file)}, which 'artifacts' does not list")
                if file not in expected:
                    raise bad(f"{label}: 'artifacts' lists {file}, which the entry does not")
                if own[file] != expected[file]:
                    raise bad(f"{label}: {file} in the entry does not match 'artifacts'")
        if any(key.count("/") != 1 for key in variants):
            raise bad(f"{label}: a variant is not locale/channel")
        if entry.get("hash") != sha256(_canonical_checked(own)):
            raise bad(f"{label}: 'hash' does not match its artifacts")
        clauses = entry.get("clauses", {})
        if not isinstance(clauses, dict) or not all(isinstance(v, SCALAR) for v in clauses.values()):
            raise bad(f"{label}: 'clauses' is not a map of clause -> version")


def _optional(value: dict, key: str, wanted: type, bad: Callable[[str], ReleaseError]) -> None:
    item = value.get(key)
    if item is not None and not isinstance(item, wanted):
        raise bad(f"'{key}' is {kind(item)}, not {'text' if wanted is str else 'an object'}")


def check_files(manifest: dict, files: dict[str, bytes], locate: Callable[[str], str], others: Iterable[str] = ()) -> None:
    """The files of a release are exactly those its (checked) manifest lists, byte for byte.

    ``files`` excludes ``manifest.json``; ``others`` names further files present but not read;
    ``locate(path)`` names a file for the message.
    """
    listed = manifest["artifacts"]
    for path, digest in listed.items():
        data = files.get(path)
        if data is None:
            raise ReleaseError(f"{locate(path)}: is missing (manifest.json lists it)")
        if sha256(data) != digest:
            raise ReleaseError(f"{locate(path)}: does not match its sha256 in manifest.json (the file was changed)")
    extra = sorted((set(files) | set(others)) - set(listed))
    if extra:
        more = f" (and {len(extra) - 1} more)" if len(extra) > 1 else ""
        raise ReleaseError(f"{locate(extra[0])}: is not in manifest.json{more} (a release holds only the files ccm wrote)")


EVENT_FIELDS = ("at", "action", "release_id", "previous", "commit", "branch", "by", "reason")


def event_problem(value: Any) -> str | None:
    """Why ``value`` is not a history event ccm writes (None when it is one)."""
    if not isinstance(value, dict):
        return f"is {kind(value)}, not an event (a JSON object)"
    for key in ("at", "action", "release_id"):
        if not isinstance(value.get(key), str):
            return f"'{key}' is {kind(value.get(key))}, not text"
    for key in EVENT_FIELDS[3:]:
        if not isinstance(value.get(key), (str, type(None))):
            return f"'{key}' is {kind(value.get(key))}, not text"
    return None


def read_event(line: bytes, where: str, number: int) -> tuple[dict | None, str | None]:
    """Line ``number`` of the history file ``where``: ``(event, None)``, ``(None, problem)``
    when it is no event ccm writes, or ``(None, None)`` for a blank line."""
    if not line.strip():
        return None, None
    try:
        value = parse_json(line, f"{where}: line {number}")
    except ReleaseError as exc:
        return None, str(exc)
    problem = event_problem(value)
    return (None, f"{where}: line {number}: {problem}") if problem else (value, None)


def summarize(problems: list[str], limit: int = 5) -> list[str]:
    """At most ``limit`` problems, then one line saying how many more there are."""
    if len(problems) <= limit:
        return list(problems)
    return problems[:limit] + [f"… and {len(problems) - limit} more"]
