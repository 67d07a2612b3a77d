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
* Every artifact is checked against the manifest's sha256 on load.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

MANIFEST = "manifest.json"


class ReleaseError(Exception):
    """A release that cannot be found, read or trusted (missing file, hash mismatch)."""


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
        self.manifest = manifest
        self.artifacts = artifacts
        if verify:
            for path, digest in manifest.get("artifacts", {}).items():
                data = artifacts.get(path)
                if data is None:
                    raise ReleaseError(f"release {self.id} is missing {path}")
                if hashlib.sha256(data).hexdigest() != digest:
                    raise ReleaseError(f"release {self.id}: {path} does not match its sha256 in the manifest")
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
            from jsonschema import Draft202012Validator, FormatChecker

            self._validators[comm_id] = Draft202012Validator(self.contract(comm_id), format_checker=FormatChecker())
        errors = sorted(self._validators[comm_id].iter_errors(data), key=lambda e: list(e.absolute_path))
        return [f"{'.'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]

    def render(self, comm_id: str, locale: str, channel: str, data: dict, validate: bool = True) -> dict[str, str]:
        """The text of every field of one variant for one customer: ``{field: text}``."""
        from .render import _split_provenance, _variant_locale

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
        token = _variant_locale.set(locale)
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
                out[name] = _split_provenance(raw)[0]
            return out
        finally:
            _variant_locale.reset(token)

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
            self._json[path] = json.loads(data.decode("utf-8"))
        return self._json[path]


def _environment(bundle: dict, settings: dict):
    """The lint/preview sandbox (see :class:`ccm_cli.render.Renderer`), fed from a bundle."""
    from jinja2 import BaseLoader, TemplateNotFound, pass_context
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from .render import (
        CLOSE, OPEN, SEP, CcmUndefined, ClauseNotFound, ClauseText, Renderer, _at_render_time, _date_filter, _finalize,
        _number_filter,
    )

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
        undefined=CcmUndefined, autoescape=False, loader=BundleLoader(), finalize=_finalize, keep_trailing_newline=False,
    )
    # Renderer._money_filter reads only ``self.project.config`` and ``self.project.default_locale``.
    owner = SimpleNamespace(project=SimpleNamespace(
        config={"currency": settings["currency"]} if settings.get("currency") else {},
        default_locale=settings.get("default_locale"),
    ))
    env.filters.update(date=_at_render_time(_date_filter), money=_at_render_time(functools.partial(Renderer._money_filter, owner)),
                       number=_at_render_time(_number_filter))
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
    """A release from a dir target: ``<path>/current`` or ``<path>/<release_id>``."""
    folder = Path(path) / (release_id or "current")
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        what = f"release {release_id}" if release_id else "a current release"
        raise ReleaseError(f"{path} has no {what}")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    artifacts = {}
    for rel in manifest.get("artifacts", {}):
        file = folder / rel
        if not file.is_file():
            raise ReleaseError(f"release {manifest.get('id')} is missing {rel}")
        artifacts[rel] = file.read_bytes()
    return Release(manifest, artifacts)


def load_sqlite(path: Path, release_id: str | None = None) -> Release:
    """A release from a sqlite target database."""
    from .publish.targets.sqlite import read_release

    if not Path(path).is_file():
        raise ReleaseError(f"no sqlite database at {path}")
    found = read_release(Path(path), release_id)
    if found is None:
        raise ReleaseError(f"{path} has no {'release ' + release_id if release_id else 'current release'}")
    manifest, artifacts = found
    return Release(manifest, artifacts)
