"""Build a release: every artifact the sending service needs, a manifest, a content-derived id.

Layout (paths inside a release; every target stores exactly these bytes)::

    manifest.json                                   what is in the release and where it came from
    render.json                                     render settings (default locale, currency)
    comms/<comm>/<locale>/<channel>.json            template bundle (see :mod:`.bundle`)
    comms/<comm>/contract.schema.json               the data contract, as JSON Schema
    comms/<comm>/delivery.json                      category, consent, send window, caps, audience…

The release id is the first 16 hex digits of the sha256 of the artifact hashes: the same content
always gets the same id, so publishing a commit twice (or a revert of it) is a no-op.
Where it came from (commit, author, time, a forced publish's reason) is recorded in the manifest
but is not part of the id. No secret and no target setting is ever written into a release.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass
from typing import Any

from ..contract import contract_schema
from ..errors import CcmError
from ..model import Comm, Project
from .bundle import collect
from .integrity import FORMAT, MANIFEST, canonical, release_id, sha256

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class Release:
    id: str
    manifest: dict
    artifacts: dict[str, bytes]  # path -> bytes, manifest.json excluded

    def manifest_bytes(self) -> bytes:
        return canonical(self.manifest)

    def files(self) -> dict[str, bytes]:
        return {**self.artifacts, MANIFEST: self.manifest_bytes()}


def build(project: Project, source: dict, forced: dict | None = None, verify: bool = True,
          rendered: dict | None = None, evidence: dict | None = None) -> Release:
    """The release of ``project`` (already loaded from the commit's tree).

    ``rendered``: lint's renderings (``LintResult.rendered``), reused for the verification.
    ``evidence``: what the release passed and who approved it (see :mod:`.evidence`); the
    clause versions each variant carried are added here. Not part of the id.
    """
    from ..render import Renderer

    renderer = Renderer(project)
    artifacts: dict[str, bytes] = {}
    comms: dict[str, dict] = {}
    carried: dict[str, dict] = {}  # comm -> "locale/channel" -> {clause: version}, for the evidence
    artifacts["render.json"] = canonical(render_settings(project))
    for comm in sorted(project.comms, key=lambda c: c.id):
        _check_name(comm.id, "comm id", comm.file)
        if comm.id in comms:
            raise CcmError(f"cannot publish: duplicate comm id '{comm.id}'", comm.file)
        base = f"comms/{comm.id}"
        entry: dict[str, Any] = {"file": comm.file, "owner": comm.owner, "category": comm.category, "variants": {}, "clauses": {}}
        for locale in comm.locales():
            _check_name(locale, "locale", comm.file)
            for channel in comm.channels_for(locale):
                _check_name(channel, "channel", comm.file)
                bundle = collect(project, renderer, comm, locale, channel)
                path = f"{base}/{locale}/{channel}.json"
                artifacts[path] = canonical(bundle.to_json())
                entry["variants"][f"{locale}/{channel}"] = sha256(artifacts[path])
                for clause_id, clause in bundle.clauses.items():
                    entry["clauses"][clause_id] = clause["version"]
                carried.setdefault(comm.id, {})[f"{locale}/{channel}"] = {c: v["version"] for c, v in sorted(bundle.clauses.items())}
        artifacts[f"{base}/contract.schema.json"] = canonical(contract_schema(comm.variables))
        artifacts[f"{base}/delivery.json"] = canonical(delivery(project, comm))
        entry["contract"] = sha256(artifacts[f"{base}/contract.schema.json"])
        entry["delivery"] = sha256(artifacts[f"{base}/delivery.json"])
        own = {p: sha256(artifacts[p]) for p in artifacts if p.startswith(base + "/")}
        entry["hash"] = sha256(canonical(own))
        comms[comm.id] = entry
    hashes = {path: sha256(data) for path, data in sorted(artifacts.items())}
    rid = release_id(hashes)
    manifest = {
        "format": FORMAT,
        "id": rid,
        "content_sha256": sha256(canonical(hashes)),
        "project": project.config.get("name"),
        "source": source,
        "created_at": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "published_by": os.environ.get("GITHUB_ACTOR") or _user(),
        "forced": forced,
        "comms": comms,
        "clauses": {c.id: {"version": c.version, "file": c.file} for c in sorted(project.clause_list, key=lambda c: c.id)},
        "artifacts": hashes,
    }
    if evidence is not None:
        manifest["evidence"] = {**evidence, "variants": carried}
    release = Release(rid, manifest, artifacts)
    if verify:
        verify_renders(project, renderer, release, rendered or {})
    return release


def render_settings(project: Project) -> dict:
    """What the filters need besides the template (the ``money`` filter's currency)."""
    currency = project.config.get("currency")
    return {"default_locale": project.default_locale, "currency": currency if isinstance(currency, dict) else None}


def delivery(project: Project, comm: Comm) -> dict:
    """Who may receive the comm, when and how often: the comm's own settings and the policy."""
    schedule = comm.schedule
    audience = comm.audience
    channels = sorted({f.channel for f in comm.fields})
    contact = project.contact
    consent_policy = contact.get("consent") if isinstance(contact.get("consent"), dict) else {}
    required = consent_policy.get(comm.category) if isinstance(consent_policy.get(comm.category), dict) else {}

    def matches(value: Any, wanted: list[str]) -> bool:
        values = value if isinstance(value, list) else [value]
        return any(v in ("any", None) or v in wanted for v in values)

    caps = [c for c in _list(contact.get("frequency_caps")) if isinstance(c, dict)
            and matches(c.get("category"), [comm.category or ""]) and matches(c.get("channel"), channels)]
    quiet = [q for q in _list(contact.get("quiet_hours")) if isinstance(q, dict) and matches(q.get("channel"), channels)]
    suppressions = [s for s in _list(contact.get("suppressions")) if isinstance(s, dict) and s.get("tag") in comm.tags]
    exclusive = [e for e in _list(contact.get("exclusive")) if isinstance(e, dict) and set(_list(e.get("tags"))) & set(comm.tags)]
    return {
        "id": comm.id,
        "name": comm.data.get("name"),
        "owner": comm.owner,
        "category": comm.category,
        "kind": comm.data.get("kind"),
        "journey": comm.data.get("journey"),
        "tags": comm.tags,
        "audience": audience,
        "consent": audience.get("consent"),
        "schedule": schedule,
        "send_window": schedule.get("send_window"),
        "caps": schedule.get("max_per_customer"),
        "channels": {locale: comm.channels_for(locale) for locale in comm.locales()},
        "policy": {
            "consent": {ch: required[ch] for ch in channels if ch in required},
            "frequency_caps": caps,
            "quiet_hours": quiet,
            "suppressions": suppressions,
            "exclusive": exclusive,
        },
    }


def verify_renders(project: Project, renderer, release: Release, rendered: dict) -> None:
    """Render every variant × sample through the runtime and require lint's exact text."""
    from ..runtime import Release as RuntimeRelease

    runtime = RuntimeRelease(release.manifest, release.artifacts)
    for comm in project.comms:
        variants = rendered.get(comm.id)
        if variants is None:
            variants = renderer.render_comm(comm)
        for variant in variants:
            if variant.errors:
                continue  # lint reports these; a forced publish ships them as they are
            sample = variant.sample
            data = sample.data if sample is not None and isinstance(sample.data, dict) else {}
            got = runtime.render(comm.id, variant.locale, variant.channel, data, validate=False)
            want = {name: rf.text for name, rf in variant.fields.items()}
            if got != want:
                raise CcmError(
                    f"internal check failed: {comm.id} {variant.locale}/{variant.channel} renders differently from the "
                    "release than in lint; please report this",
                    comm.file,
                )


def _check_name(value: str, what: str, file: str) -> None:
    if not _SAFE.fullmatch(value) or ".." in value:
        raise CcmError(f"cannot publish: {what} '{value}' must use only letters, digits, '.', '_' and '-'", file)


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _user() -> str | None:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return None


__all__ = ["FORMAT", "MANIFEST", "Release", "build", "canonical", "release_id", "sha256"]
