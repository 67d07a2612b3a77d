"""Where the names of ``{% include %}``, ``{% import %}`` and ``{% extends %}`` lead: files
under comms/ (usually comms/_snippets/), read through the project's source, never from
outside the repository."""

from __future__ import annotations

from jinja2 import BaseLoader, TemplateNotFound

from ..model import Project
from .provenance import snippet_markers


def snippet_path(name: str) -> str | None:
    """The repository path of an include name (relative to comms/), or None if it leaves comms/."""
    from ..sources import clean

    if name.startswith("/") or ".." in name.split("/"):
        return None
    rel = clean(f"comms/{name}")
    return rel if rel and rel.startswith("comms/") else None


def read_snippet(project: Project, name: str) -> str | None:
    """A snippet's source (cached on the project), or None when missing or unsafe."""
    if name in project.snippets:
        return project.snippets[name]
    rel = snippet_path(name)
    source = project.source
    if rel is None or source is None or not source.is_file(rel):
        return None
    try:
        text = source.read_text(rel)
    except Exception:  # an unreadable snippet is reported as missing
        return None
    project.snippets[name] = text
    return text


class RepoLoader(BaseLoader):
    """Loads ``{% include %}`` targets from comms/, never outside the repository; a snippet's
    text comes between provenance markers (:func:`.provenance.snippet_markers`)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def get_source(self, environment, template):
        name = template.replace("\\", "/")
        if snippet_path(name) is None:
            raise TemplateNotFound(template, f"'{template}' leaves comms/; includes must stay inside the repository")
        source = read_snippet(self.project, name)
        if source is None:
            raise TemplateNotFound(template)
        opening, closing = snippet_markers(name)
        return f"{opening}{source}{closing}", f"comms/{name}", lambda: True
