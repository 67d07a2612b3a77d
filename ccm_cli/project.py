"""Find and load a content repository into the :mod:`ccm_cli.model`.

``ccm.yaml`` is found upward from the current folder, as git finds ``.git``. Every other file
is optional. Files ccm cannot read at all (invalid YAML, binaries, alias bombs, oversized files)
are collected and raised together as :class:`CcmErrors`; everything readable is loaded, and
problems inside it are left for the rules to report.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .errors import CcmError, CcmErrors
from .model import (
    Clause,
    Comm,
    FileOrigin,
    FileProblem,
    Project,
    Sample,
    TemplateField,
    YamlOrigin,
    comm_summary,
    content_fields,
    is_comm_summary,
)
from .sources import DirSource, GitSource, Source, clean
from .yamlio import YamlDoc, parse_cached, parse_many

CONFIG_NAME = "ccm.yaml"
COMM_SUFFIXES = (".yaml", ".yml")
TEXT_SUFFIXES = COMM_SUFFIXES + (".j2", ".jinja", ".jinja2", ".md", ".txt", ".html", ".htm")  # what comms/ holds to be read
SNIPPETS_DIR = "_snippets"


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``ccm.yaml``."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise CcmError(
        f"no {CONFIG_NAME} found in {here} or any parent folder",
        hint="run ccm inside a content repository, or create one with 'ccm init DIR'",
    )


def load_project(root: Path, only_comm_files: set[str] | None = None, source: Source | None = None, cache=None) -> Project:
    """Load the repository at ``root`` (its working tree, or ``source``); raise
    :class:`CcmErrors` for unreadable files. ``cache`` (a ccm_cli.cache.ResultCache) reuses
    the parsed data of files whose text is unchanged."""
    return _Loader(source or DirSource(root), cache).load(only_comm_files)


def load_project_at(root: Path, ref: str, cache=None, only_comm_files: set[str] | None = None) -> Project:
    """The content repository at ``root`` as it is in git ref ``ref`` (no checkout);
    ``only_comm_files`` limits the comms read (the shared files are always read)."""
    return load_project(root, only_comm_files, source=GitSource(root, ref), cache=cache)


class _Loader:
    def __init__(self, source: Source, cache=None) -> None:
        self.source = source
        self.cache = cache
        self.root = source.root
        self.errors: list[CcmError] = []

    def read(self, rel: str) -> YamlDoc | None:
        try:
            return parse_cached(self.source.read_text(rel), rel, self.cache)
        except CcmError as error:
            self.errors.append(error)
            return None

    def load(self, only_comm_files: set[str] | None) -> Project:
        if not self.source.is_file(CONFIG_NAME):
            raise CcmError(f"no {CONFIG_NAME} in {self.source.label}", str(self.root))
        config = self.read(CONFIG_NAME)
        if config is None:
            raise CcmErrors(self.errors)
        if not isinstance(config.data, dict):
            raise CcmError("ccm.yaml must be a mapping with at least 'locales'", config.rel, 1, 1)
        project = Project(root=self.root, config_doc=config, source=self.source)
        project.documents.append(("config", config))

        for schema, rel in (
            ("facts", "brand/facts.yaml"),
            ("guidelines", "brand/guidelines.yaml"),
            ("contact", "policies/contact.yaml"),
            ("channels", "policies/channels.yaml"),
            ("intents", "policies/intents.yaml"),  # what a text does (SPEC 2.6): ccm_cli.policy.vocabularies
            ("audience", "policies/audience.yaml"),  # the audience vocabulary (SPEC 2.7)
        ):
            if self.source.is_file(rel):
                doc = self.read(rel)
                if doc is not None:
                    project.documents.append((schema, doc))
        project.facts = _mapping(project.doc("facts"))
        project.guidelines = _mapping(project.doc("guidelines"))
        project.contact = _mapping(project.doc("contact"))
        project.channel_overrides = _mapping(project.doc("channels"))

        for rel in self.source.files("policies/clauses"):
            if rel.count("/") != 2 or not rel.endswith(COMM_SUFFIXES):
                continue
            doc = self.read(rel)
            if doc is not None:
                project.documents.append(("clause", doc))
                clause = self.clause(doc)
                project.clause_list.append(clause)
                project.clauses.setdefault(clause.id, clause)

        self.packs(project)

        under_comms = self.source.files("comms")
        # the comm files and their templates, read in one go where the source can
        ahead = [rel for rel in under_comms if rel.endswith(TEXT_SUFFIXES)] if only_comm_files is None else sorted(only_comm_files)
        with self.source.prefetched(ahead):
            self.comms(project, under_comms, only_comm_files)

        for rel in ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"):
            if self.source.is_file(rel):
                try:
                    project.codeowners = (rel, self.source.read_text(rel))
                except CcmError as error:
                    self.errors.append(error)
                break

        if self.errors:
            raise CcmErrors(self.errors)
        return project

    def comms(self, project: Project, under_comms: list[str], only_comm_files: set[str] | None) -> None:
        texts: list[tuple[str, str]] = []
        for rel in under_comms:
            if not rel.endswith(COMM_SUFFIXES) or rel.split("/")[1] == SNIPPETS_DIR:
                continue
            if only_comm_files is not None and rel not in only_comm_files:
                continue
            try:
                texts.append((rel, self.source.read_text(rel)))
            except CcmError as error:
                self.errors.append(error)
        for doc in parse_many(texts, self.cache, comm_summary):
            if isinstance(doc, CcmError):
                self.errors.append(doc)
                continue
            project.documents.append(("comm", doc))
            project.comms.append(self.comm(doc))

    def packs(self, project: Project) -> None:
        """Built-in policy packs named in ccm.yaml ``packs:``: their clauses join the
        repository's (a clause of the repository with the same id wins) and their contact
        rules merge with policies/contact.yaml (the stricter rule wins)."""
        names = project.config.get("packs")
        if not isinstance(names, list) or not names:
            return
        from .packs import merge_contact, pack_documents

        docs = pack_documents([str(n) for n in names], overridden=set(project.clauses))
        for schema, doc in docs:
            project.documents.append((schema, doc))
            if schema == "clause":
                clause = self.clause(doc)
                project.clause_list.append(clause)
                project.clauses.setdefault(clause.id, clause)
        project.contact = merge_contact(project.contact, [d.data for s, d in docs if s == "contact" and isinstance(d.data, dict)])

    def clause(self, doc: YamlDoc) -> Clause:
        data = doc.data if isinstance(doc.data, dict) else {}
        clause_id = str(data.get("id") or PurePosixPath(doc.rel).stem)
        clause = Clause(id=clause_id, doc=doc, data=data)
        texts = data.get("text")
        if isinstance(texts, dict):
            for locale, source in texts.items():
                if isinstance(source, str):
                    clause.texts[locale] = TemplateField(
                        comm_id="", locale=locale, channel="", name="text", source=source,
                        origin=YamlOrigin(doc, ("text", locale)),
                    )
        return clause

    def comm(self, doc: YamlDoc) -> Comm:
        """The comm of a parsed file. Its fields and samples are built when first read, unless
        it names template files (they are read now, while the source has them at hand)."""
        summary = doc.summary
        if summary is not None and not is_comm_summary(summary):  # a damaged cache row
            summary = doc.summary = comm_summary(doc.data)
        head = summary["head"] if summary is not None and not doc.decoded else doc.data
        comm_id = head.get("id") if isinstance(head, dict) else None
        comm = Comm(str(comm_id) if comm_id else doc.rel, doc, self.parts, summary)
        if summary is None or summary["file_fields"]:
            comm.fields  # noqa: B018 - built now
        return comm

    def parts(self, comm: Comm) -> None:
        """Build a comm's fields, file problems and samples from its data."""
        for locale, channel, key, value in content_fields(comm.data):
            doc_path = ("content", locale, channel, key)
            if key.endswith("_file"):
                loaded = self.template_file(comm, locale, channel, key[: -len("_file")], value, doc_path)
                if loaded is not None:
                    comm._fields.append(loaded)
            elif isinstance(value, str):
                comm._fields.append(TemplateField(comm.id, locale, channel, key, value, YamlOrigin(comm.doc, doc_path)))
        samples = comm.data.get("samples")
        if isinstance(samples, list):
            for index, sample in enumerate(samples):
                if isinstance(sample, dict):
                    name = str(sample.get("name") or f"sample {index + 1}")
                    comm._samples.append(Sample(name, sample.get("data") or {}, ("samples", index, "data")))

    def template_file(self, comm, locale, channel, name, value, doc_path) -> TemplateField | None:
        def problem(message: str) -> None:
            comm._file_problems.append(FileProblem(locale, channel, name, message, doc_path))

        if not isinstance(value, str) or not value or "\x00" in value:
            problem(f"'{name}_file' must be a file name")
            return None
        if os.path.isabs(value) or value.startswith(("/", "\\")):
            problem(f"'{value}' is an absolute path; name a file next to the comm")
            return None
        folder = str(PurePosixPath(comm.doc.rel).parent)
        rel = clean(f"{folder}/{value}")
        if rel is None:
            problem(f"'{value}' points outside the repository; templates must stay inside it")
            return None
        refusal = self.source.refusal(rel)
        if refusal is not None:  # a symlink out of the repository or into .git/: never read
            problem(f"'{value}' {refusal}")
            return None
        if not self.source.is_file(rel):
            problem(f"'{value}' does not exist (looked in {folder}/)")
            return None
        try:
            text = self.source.read_text(rel)
        except CcmError as error:
            problem(error.message)
            return None
        return TemplateField(comm.id, locale, channel, name, text, FileOrigin(rel, text))


def _mapping(doc: YamlDoc | None) -> dict:
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}
