"""What a stored result depends on: the keys of the disk store (:mod:`.store`).

A comm's findings depend on the comm file, its ``<field>_file`` templates, the templates it
includes (``{% include %}``, ``{% import %}``, ``{% extends %}``, transitively, also through
the clauses it inserts; an include with a computed name depends on every template under
``comms/``), and everything shared: ccm.yaml, brand/, policies/ (clauses included),
CODEOWNERS, Vale style folders, ccm's own code (its version and a hash of its package files:
a CI cache restored after ccm moved to another commit of one version must not answer for the
new code), and what the enabled rules declare they read
— their ids, and for a rule that reads the lint date its ``today_key`` (the engine's
``rules_key``): a result stays valid from one day to the next while no rule's key moves. The key
hashes all of them. Editing a snippet re-lints the comms that include it, not every comm.
``--base`` is not part of a comm's key: only project-scope rules may read the base project.

What a comm includes is found by the renderer's analysis of its templates after linting it
and is stored with its results; a lookup only compares the recorded templates' hashes, so a
warm run parses nothing.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..model import Comm, FileOrigin, Project
from ..project import is_comm_file
from ..render import reach, read_snippet
from ..yamlio import text_sha

SCHEMA_VERSION = "6"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of ccm's package files (code, built-in libraries, schemas): what a stored result
    was computed by."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".yml", ".json", ".txt") and "__pycache__" not in path.parts and path.is_file():
            data = path.read_bytes()
            digest.update(f"{path.relative_to(package).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def shared_key(project: Project, rules_key: str) -> str:
    """The hash of everything every comm's findings depend on (besides the comm itself and
    the templates it includes); ``rules_key``: what the enabled rules make results depend on."""
    digest = hashlib.sha256()

    def add(label: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("version", f"{__version__}/{SCHEMA_VERSION}/{code_digest()}")
    add("rules", rules_key)
    for name, doc in project.documents:
        if name != "comm":
            add(doc.rel, doc.text)
    if project.codeowners:
        add(*project.codeowners)
    source = project.source
    if source is not None:
        styles = project.guidelines.get("styles") if isinstance(project.guidelines, dict) else None
        for folder in [str(s) for s in styles] if isinstance(styles, list) else []:
            for rel in source.files(folder):
                try:
                    add(rel, source.read_bytes(rel))
                except Exception:  # unreadable: its problem is reported elsewhere
                    add(rel, b"<unreadable>")
    return digest.hexdigest()


def comm_key(shared: str, comm: Comm) -> str:
    """The key of one comm's results: ``shared``, the comm file and its own template files
    (what it includes is checked separately: :meth:`CommKeys.still_valid`)."""
    digest = hashlib.sha256(shared.encode())
    digest.update(comm.doc.rel.encode() + b"\0" + comm.doc.sha.encode())
    for tfield in comm.fields if comm.names_files() else ():
        if isinstance(tfield.origin, FileOrigin):
            digest.update(b"\0file\0" + tfield.origin.file.encode() + b"\0" + tfield.source.encode("utf-8"))
    return digest.hexdigest()


class CommKeys:
    """The keys of a project's comms, and the templates each comm includes.

    A result is stored under :func:`comm_key` (shared files, the comm file, its own template
    files) with the templates the comm included, transitively, also through the clauses it
    inserts — found from the renderer's analysis of each text after linting the comm, so
    looking results up parses nothing — and is used only while each of those still has the
    same sha256 (:meth:`still_valid`). A comm with an include whose name is computed records
    every template under ``comms/`` (a new one invalidates it too)."""

    EVERY = "*every template*"  # recorded by a computed include: the set of templates counts too

    def __init__(self, project: Project, rules_key: str) -> None:
        self.project = project
        self.shared = shared_key(project, rules_key)
        self._shas: dict[str, str | None] = {}
        self._every_template: dict[str, str | None] | None = None

    def keys(self, comms: list[Comm]) -> list[str]:
        return [comm_key(self.shared, comm) for comm in comms]

    def still_valid(self, includes: dict | None, ignoring: frozenset[str] = frozenset()) -> bool:
        """Do the templates a stored result recorded still hold the same texts (those in
        ``ignoring`` left out: files known to have changed)?"""
        if not isinstance(includes, dict):
            return False
        if self.EVERY in includes and set(includes) - {self.EVERY} != set(self._all_templates()):
            return False
        return all(self._sha(rel) == sha for rel, sha in includes.items() if rel != self.EVERY and rel not in ignoring)

    def includes(self, comm: Comm, renderer) -> dict[str, str | None]:
        """Repository path -> sha256 of every template the comm may include (``renderer``: a
        :class:`ccm_cli.render.Renderer` of the project, whose analysis is cached by text)."""
        try:
            found = reach(self.project, [tfield.source for tfield in comm.fields], renderer.direct_usage, every_clause=True)
        except Exception:  # the analysis fails (the lint reports it): assume anything
            return self._every()
        if found.any_file:
            return self._every()
        return {rel: self._sha(rel) for rel in found.files}

    def _every(self) -> dict[str, str | None]:
        return {**self._all_templates(), self.EVERY: None}

    def _sha(self, rel: str) -> str | None:
        if rel not in self._shas:
            text = read_snippet(self.project, rel[len("comms/"):])
            self._shas[rel] = None if text is None else text_sha(text)
        return self._shas[rel]

    def _all_templates(self) -> dict[str, str | None]:
        if self._every_template is None:
            source = self.project.source
            names = source.files("comms") if source is not None else []
            self._every_template = {rel: self._sha(rel) for rel in names if not is_comm_file(rel)}
        return self._every_template


def cross_key(shared: str, comms: list[tuple[str, dict | None]], wanted: set[str] | None, repository_findings: bool,
              base_shared: str | None) -> str:
    """The key of the cross-comm findings: every comm's key and included templates, in order
    (so every comm's content), what the run reports, and the base's shared files."""
    digest = hashlib.sha256(b"cross\0" + shared.encode())
    for key, included in comms:  # the repr of sorted (path, sha) pairs: 3x cheaper than JSON
        digest.update(f"\n{key}\0{sorted(included.items()) if included is not None else None!r}".encode())
    digest.update(b"\0only\0" + ("*" if wanted is None else "\n".join(sorted(wanted))).encode())
    digest.update(b"\0repository\0" + str(bool(repository_findings)).encode())
    if base_shared is not None:
        digest.update(b"\0base\0" + base_shared.encode())
    return "cross:" + digest.hexdigest()
