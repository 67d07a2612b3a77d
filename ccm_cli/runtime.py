"""The runtime API for the sending service: load a published release and render a comm.

::

    from ccm_cli.runtime import open_release

    release = open_release("dist/releases")             # a dir target: its current release
    release = open_release("sqlite:///var/ccm.db")       # or a sqlite target
    fields = release.render("billing.payment-reminder", "en-US", "email", customer_data)
    fields["subject"], fields["body"]

* Self-contained: a release carries every template, snippet, clause and fact it needs; the
  content repository is not read.
* The data is validated against the comm's contract (JSON Schema) first; a violation raises
  :class:`ContractViolation` listing every problem.
* Rendering uses the very sandbox lint and preview use — Jinja's ``ImmutableSandboxedEnvironment``
  with ``StrictUndefined``, the ``date``/``money``/``number`` filters of :mod:`ccm_cli.render`, the
  same ``clause()`` and snippet handling — so the text equals what lint checked and preview showed.
* Every artifact is checked against the manifest's sha256 on load, and nothing else may be in
  the release: a manifest that is not what ccm wrote, a file missing, changed or added, a
  symlink, or a ``current`` that does not name a release beside it is a :class:`ReleaseError`
  naming the file and what is wrong (see :mod:`ccm_cli.publish.integrity`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .publish.integrity import MANIFEST, ReleaseError, check_files, check_manifest, is_release_id, parse_json, shown

__all__ = ["ContractViolation", "Release", "ReleaseError", "RenderFailed", "load_dir", "load_sqlite", "open_release"]


class ContractViolation(ValueError):
    """Customer data that does not satisfy the comm's data contract."""

    def __init__(self, comm_id: str, errors: list[str]) -> None:
        super().__init__(f"data for {comm_id} breaks its contract: " + "; ".join(errors))
        self.comm_id = comm_id
        self.errors = errors


class RenderFailed(RuntimeError):
    """A template failed at render time (e.g. a variable missing despite the contract)."""


class Release:
    """One published release, held in memory."""

    def __init__(self, manifest: dict, artifacts: dict[str, bytes], verify: bool = True) -> None:
        """``artifacts``: every file of the release but ``manifest.json`` (ignored when present).
        With ``verify`` (the default) the manifest and every file are checked first."""
        if verify:
            check_manifest(manifest, MANIFEST)
            label = f"release {manifest['id']}"
            files = {path: data for path, data in artifacts.items() if path != MANIFEST}
            for path, data in files.items():
                if not isinstance(data, (bytes, bytearray, memoryview)):
                    raise ReleaseError(f"{label}: {shown(path)}: is {type(data).__name__}, not bytes")
            check_files(manifest, {p: bytes(d) for p, d in files.items()}, lambda path: f"{label}: {shown(path, 200)}")
        self.manifest = manifest
        self.artifacts = artifacts
        self._json: dict[str, Any] = {}
        self._envs: dict[str, Any] = {}
        self._validators: dict[str, Any] = {}
        self._templates: dict[tuple, Any] = {}

    @property
    def id(self) -> str:
        return str(self.manifest.get("id"))

    # -- what is in it
    def comms(self) -> list[str]:
        return sorted(self.manifest.get("comms", {}))

    def variants(self, comm_id: str) -> list[tuple[str, str]]:
        entry = self._comm(comm_id)
        return [tuple(key.split("/", 1)) for key in sorted(entry.get("variants", {}))]  # type: ignore[misc]

    def contract(self, comm_id: str) -> dict:
        self._comm(comm_id)
        return self._load(f"comms/{comm_id}/contract.schema.json")

    def delivery(self, comm_id: str) -> dict:
        self._comm(comm_id)
        return self._load(f"comms/{comm_id}/delivery.json")

    # -- use it
    def validate(self, comm_id: str, data: Any) -> list[str]:
        """Every way ``data`` breaks the comm's contract (empty when it is valid)."""
        if comm_id not in self._validators:
            from .schemas import data_validator

            self._validators[comm_id] = data_validator(self.contract(comm_id))  # uniqueItems in linear time
        errors = sorted(self._validators[comm_id].iter_errors(data), key=lambda e: list(e.absolute_path))
        return [f"{'.'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]

    def render(self, comm_id: str, locale: str, channel: str, data: dict, validate: bool = True) -> dict[str, str]:
        """The text of every field of one variant for one customer: ``{field: text}``."""
        from .render import split_provenance, variant_locale

        if validate:
            errors = self.validate(comm_id, data)
            if errors:
                raise ContractViolation(comm_id, errors)
        if f"{locale}/{channel}" not in self._comm(comm_id).get("variants", {}):
            raise KeyError(f"release {self.id}: {comm_id} has no {locale}/{channel}")
        bundle = self._load(f"comms/{comm_id}/{locale}/{channel}.json")
        env = self._env(comm_id, locale, channel, bundle)
        context = dict(data) if isinstance(data, dict) else {}
        context["facts"] = bundle.get("facts", {})
        token = variant_locale.set(locale)
        try:
            out: dict[str, str] = {}
            for name, source in bundle.get("fields", {}).items():
                try:
                    key = (comm_id, locale, channel, name)
                    if key not in self._templates:
                        self._templates[key] = env.from_string(source)
                    raw = self._templates[key].render(context)
                except Exception as exc:
                    raise RenderFailed(f"{comm_id} {locale}/{channel} {name}: {type(exc).__name__}: {exc}") from exc
                out[name] = split_provenance(raw)[0]
            return out
        finally:
            variant_locale.reset(token)

    def _env(self, comm_id: str, locale: str, channel: str, bundle: dict):
        key = f"{comm_id}/{locale}/{channel}"
        if key not in self._envs:
            self._envs[key] = _environment(bundle, self._load("render.json"))
        return self._envs[key]

    def _comm(self, comm_id: str) -> dict:
        entry = self.manifest.get("comms", {}).get(comm_id)
        if entry is None:
            raise KeyError(f"release {self.id} has no comm '{comm_id}'")
        return entry

    def _load(self, path: str) -> Any:
        if path not in self._json:
            data = self.artifacts.get(path)
            if data is None:
                raise KeyError(f"release {self.id} has no {path}")
            value = parse_json(data, f"release {self.id}: {path}")
            problem = _artifact_problem(path, value)
            if problem:
                raise ReleaseError(f"release {self.id}: {path}: {problem}")
            self._json[path] = value
        return self._json[path]


def _artifact_problem(path: str, value: Any) -> str | None:
    """Why a parsed artifact is not what ccm writes there (None when it is); the hashes match
    the manifest, so only a release built by hand reaches this."""
    if not isinstance(value, dict):
        return f"is {type(value).__name__}, not a JSON object"
    if path == "render.json":
        if not isinstance(value.get("currency"), (dict, type(None))) or not isinstance(value.get("default_locale"), (str, type(None))):
            return "'currency' or 'default_locale' has the wrong type"
    elif path.endswith((".schema.json", "/delivery.json")):
        return None
    else:  # a template bundle
        for key, item_type in (("fields", str), ("snippets", str), ("clauses", dict), ("facts", object)):
            items = value.get(key, {})
            if not isinstance(items, dict) or not all(isinstance(k, str) and isinstance(v, item_type) for k, v in items.items()):
                return f"'{key}' is not a map of names to {'text' if item_type is str else 'objects'}"
        if not all(isinstance(c.get("source"), str) for c in value.get("clauses", {}).values()):
            return "a clause has no 'source' text"
    return None


def _environment(bundle: dict, settings: dict):
    """The lint/preview sandbox (see :class:`ccm_cli.render.Renderer`), fed from a bundle."""
    from jinja2 import BaseLoader, TemplateNotFound, pass_context
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from .render import CLOSE, OPEN, SEP, CcmUndefined, ClauseNotFound, ClauseText, finalize, locale_filters

    snippets: dict[str, str] = bundle.get("snippets", {})
    clauses: dict[str, dict] = bundle.get("clauses", {})

    class BundleLoader(BaseLoader):
        # Same wrapping as the repository loader, so included text is handled identically.
        def get_source(self, environment, template):
            name = template.replace("\\", "/")
            if name not in snippets:
                raise TemplateNotFound(template)
            return f"{OPEN}snippet:{name}{SEP}{snippets[name]}{CLOSE}", None, lambda: True

    env = ImmutableSandboxedEnvironment(
        undefined=CcmUndefined, autoescape=False, loader=BundleLoader(), finalize=finalize, keep_trailing_newline=False,
    )
    env.filters.update(locale_filters(settings.get("currency"), settings.get("default_locale")))
    compiled: dict[str, Any] = {}

    @pass_context
    def clause(ctx, clause_id: str) -> ClauseText:
        entry = clauses.get(str(clause_id))
        if entry is None:
            raise ClauseNotFound(str(clause_id))
        if clause_id not in compiled:
            compiled[clause_id] = env.from_string(entry["source"])
        text = ClauseText(compiled[clause_id].render(ctx.get_all()).rstrip("\n"))
        text.clause_id = str(clause_id)
        return text

    env.globals["clause"] = clause
    return env


# ---------------------------------------------------------------- loading
def open_release(source: str | Path, release_id: str | None = None) -> Release:
    """A release from a dir target folder or a sqlite target (``sqlite:///path`` or ``*.db``).

    Without ``release_id``: the target's current release.
    """
    text = str(source)
    if text.startswith("sqlite://"):
        return load_sqlite(Path(text[len("sqlite://"):]), release_id)
    path = Path(text)
    if path.is_file() and path.suffix in (".db", ".sqlite", ".sqlite3"):
        return load_sqlite(path, release_id)
    return load_dir(path, release_id)


def load_dir(path: Path, release_id: str | None = None) -> Release:
    """A release from a dir target: the one ``<path>/current`` names, or ``<path>/<release_id>``.

    Nothing outside the target folder is read: ``current`` must name a release folder beside
    it, and no file or folder of a release may be a symlink."""
    from .publish.targets.dir import read_current, read_release

    path = Path(path)
    if release_id is not None and not is_release_id(release_id):
        raise ReleaseError(f"{path} has no release {shown(release_id)} (a release id is 16 hex digits)")
    try:
        wanted = release_id or read_current(path, str(path))
        if wanted is None:
            raise ReleaseError(f"{path} has no current release")
        manifest, artifacts = read_release(path, wanted, str(path))
    except OSError as exc:
        raise ReleaseError(f"{shown(str(exc.filename or path), 200)}: cannot be read ({exc.strerror or exc})") from None
    return Release(manifest, artifacts, verify=False)  # read_release checked every file


def load_sqlite(path: Path, release_id: str | None = None) -> Release:
    """A release from a sqlite target database."""
    from .publish.targets.sqlite import read_release

    if not Path(path).is_file():
        raise ReleaseError(f"no sqlite database at {path}")
    found = read_release(Path(path), release_id)
    if found is None:
        raise ReleaseError(f"{path} has no {'release ' + shown(release_id) if release_id else 'current release'}")
    manifest, artifacts = found
    return Release(manifest, artifacts, verify=False)  # read_release checked every file
