"""What the unicode rules scan: the template text the writer typed, with exact positions."""

from __future__ import annotations

from ....model import FileOrigin, TemplateField
from ....render import read_snippet


def typed_texts(comm, ctx):
    """(template field, locale) for every field of the comm and every snippet it includes."""
    seen: set[str] = set()
    for tfield in comm.fields:
        yield tfield
        for name in sorted(ctx.usage(tfield).snippets):
            if name in seen:
                continue
            seen.add(name)
            source = read_snippet(ctx.project, name)
            if source is not None:
                yield TemplateField(comm.id, tfield.locale, tfield.channel, tfield.name, source, FileOrigin(f"comms/{name}", source))
