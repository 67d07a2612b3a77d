"""`ccm schema [NAME]`: the JSON Schemas of every file format (:mod:`ccm_cli.schemas`), for
editors and tools: listed, printed, written into a folder (``--out``), or as the
``# yaml-language-server: $schema=...`` line per file kind (``--modeline``).

The primary editor mechanism is ``.vscode/settings.json`` (``yaml.schemas``), which
``ccm init`` writes. A modeline is for editors configured without it (Neovim, Helix, Zed,
JetBrains with the YAML language server): put it as the first line of the file. Relative
paths resolve from the YAML file's own folder, so the line depends on where the file sits.

Registered in cli.py with ``app.command("schema")(schema)``. Only typer and the standard
library are imported at module level, so that ``ccm --help`` stays fast.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Iterable, Optional

import typer

# A representative file of each kind (comms sit one team folder deep).
EXAMPLE_FILES = {
    "config": "ccm.yaml",
    "comm": "comms/team/example.yaml",
    "facts": "brand/facts.yaml",
    "guidelines": "brand/guidelines.yaml",
    "contact": "policies/contact.yaml",
    "clause": "policies/clauses/example.yaml",
    "channels": "policies/channels.yaml",
    "intents": "policies/intents.yaml",
    "audience": "policies/audience.yaml",
}
DEFAULT_SCHEMA_DIR = ".ccm/schemas"


def schema(
    out: Optional[Path] = typer.Option(None, "--out", help="Write every schema into this folder (for yaml-language-server)."),
    name: Optional[str] = typer.Argument(None, help="Print one schema: config, comm, facts, guidelines, contact, clause, channels, intents or audience."),
    modeline: bool = typer.Option(False, "--modeline", help="Print the '# yaml-language-server: $schema=' line for each file kind (or for NAME)."),
) -> None:
    """The JSON Schemas of every file format, for editors and tools."""
    import json

    from ..errors import CcmError
    from ..schemas import SCHEMA_NAMES, schema_with_id

    if modeline:
        typer.echo(modelines([name] if name else None), nl=False)
        return
    if out is not None:
        from ..output_files import output_folder, write_text_file

        output_folder(out, f"--out {out}").mkdir(parents=True, exist_ok=True)
        for schema_name in SCHEMA_NAMES:
            target = out / f"{schema_name}.schema.json"
            text = json.dumps(schema_with_id(schema_name), ensure_ascii=False, indent=2) + "\n"
            write_text_file(target, lambda handle: handle.write(text), f"--out {target}")
            typer.echo(str(target))
        return
    if name is None:
        for schema_name in SCHEMA_NAMES:
            typer.echo(schema_name)
        return
    if name not in SCHEMA_NAMES:
        raise CcmError(f"unknown schema '{name}'; use one of: {', '.join(SCHEMA_NAMES)}")
    typer.echo(json.dumps(schema_with_id(name), ensure_ascii=False, indent=2))


def modeline(name: str, file: Optional[str] = None, schema_dir: str = DEFAULT_SCHEMA_DIR, base_url: Optional[str] = None) -> str:
    """The modeline for a file of kind ``name`` at ``file`` (repository-relative POSIX path).

    With ``base_url`` the schema is named by URL (e.g. where your CI publishes
    ``ccm schema --out``); otherwise by a path relative to ``file`` into ``schema_dir``.
    """
    schema_file = f"{name}.schema.json"
    if base_url:
        target = f"{base_url.rstrip('/')}/{schema_file}"
    else:
        folder = posixpath.dirname(file or EXAMPLE_FILES[name]) or "."
        target = posixpath.relpath(posixpath.join(schema_dir, schema_file), folder)
    return f"# yaml-language-server: $schema={target}"


def modelines(names: Optional[Iterable[str]] = None, schema_dir: str = DEFAULT_SCHEMA_DIR, base_url: Optional[str] = None) -> str:
    """One block per file kind: a comment naming the files, then the modeline to paste."""
    from ..errors import CcmError
    from ..schemas import SCHEMA_FILES, SCHEMA_NAMES

    chosen = list(names) if names else list(SCHEMA_NAMES)
    for name in chosen:
        if name not in SCHEMA_NAMES:
            raise CcmError(f"unknown schema '{name}'; use one of: {', '.join(SCHEMA_NAMES)}")
    out = []
    for name in chosen:
        where = f" (as in {EXAMPLE_FILES[name]}; one '../' per folder deeper)" if not base_url and name == "comm" else ""
        out.append(f"# {SCHEMA_FILES[name]}{where}")
        out.append(modeline(name, schema_dir=schema_dir, base_url=base_url))
    return "\n".join(out) + "\n"
