"""`ccm preview`: every variant as the customer will see it — in the terminal, as a static
site (`--html DIR`, with `--base REF` for before/after) or served with live reload (`--serve`).

Registered in cli.py with ``app.command("preview")(preview)``. Only typer and the standard
library are imported at module level, so that ``ccm --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

DEFAULT_PORT = 8765


def preview(
    comm_id: Optional[str] = typer.Argument(None, metavar="ID", help="The comm to preview, e.g. billing.payment-reminder. Optional with --html and --serve."),
    locale: Optional[str] = typer.Option(None, "--locale", "-l", help="Only this locale (default: every locale of the comm)."),
    channel: Optional[str] = typer.Option(None, "--channel", "-c", help="Only this channel (default: every channel of the comm)."),
    sample: Optional[str] = typer.Option(None, "--sample", "-s", help="Render with this sample; 'all' for every sample (default: the first)."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write a static preview site of every comm into this folder (opens from file://, no network)."),
    base: Optional[str] = typer.Option(None, "--base", help="With --html or --serve: show before/after of every variant changed since this git ref."),
    serve: bool = typer.Option(False, "--serve", help="Serve the site on 127.0.0.1 and rebuild it when files change."),
    port: int = typer.Option(DEFAULT_PORT, "--port", help="Port for --serve (0 picks a free one)."),
    today: Optional[str] = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD), for clause dates and schedules."),
) -> None:
    """Render a comm as the customer will see it: a frame per channel and its lint findings."""

    from ..errors import CcmError
    from ..project import find_root

    from ..options import parse_today

    day = parse_today(today)
    if base is not None and html is None and not serve:
        raise CcmError("--base needs --html DIR or --serve")
    if not (0 <= port <= 65535):
        raise CcmError(f"--port must be between 0 and 65535, got {port}")
    root = find_root(Path.cwd())

    if serve:
        from ..preview.serve import serve as run_server

        run_server(root, out=html, port=port, base=base, today=day, echo=typer.echo)
        return
    if html is not None:
        from ..preview.site import build_site

        site = build_site(root, html, base=base, today=day)
        page = site.page_for(comm_id) if comm_id else site.index
        typer.echo(f"Wrote {site.pages} pages to {html}")
        typer.echo(f"Open {page.resolve().as_uri()}")
        return
    if comm_id is None:
        raise CcmError("give a comm ID to preview, or --html DIR for every comm, or --serve", hint="e.g. ccm preview billing.payment-reminder")
    _terminal(root, comm_id, locale, channel, sample, day)


def _terminal(root: Path, comm_id: str, locale: Optional[str], channel: Optional[str], sample: Optional[str], day) -> None:
    from rich.console import Console

    from ..formatters.escape import LineGuard
    from ..preview.collect import collect
    from ..preview.terminal import show
    from ..project import load_project

    import os

    from ..scale.store import open_store

    cache = open_store(root, keep=os.environ.get("CCM_NO_CACHE") != "1")
    try:
        collected = collect(load_project(root, cache=cache), today=day, cache=cache, jobs=max(1, os.cpu_count() or 1))
    finally:
        if cache is not None:
            cache.close()
    comm = collected.comm(comm_id)
    variants, other_samples = collected.select(comm, locale, channel, sample)
    with LineGuard(sys.stdout) as out:  # no printed line can be a GitHub Actions workflow command
        show(collected, comm, variants, Console(file=out, highlight=False), other_samples)
