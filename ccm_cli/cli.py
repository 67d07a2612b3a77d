"""The `ccm` command line: parses options, wires load → render → check → report, sets exit codes.

Heavy modules are imported inside the commands so that `ccm --help` stays fast.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    name="ccm",
    help="Communications as code: lint, diff, preview and publish customer communications.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

FORMAT_HELP = "Output format: text, json, sarif, github or junit."
FAIL_ON_HELP = "Exit 1 when a finding has this severity or higher: error, warning or info."


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"ccm {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Communications as code."""


def _parse_date(value: Optional[str]) -> Optional[_dt.date]:
    from .options import parse_today

    return parse_today(value)


def _severity(value: str):
    from .errors import CcmError
    from .findings import Severity

    try:
        return Severity.parse(value)
    except KeyError:
        raise CcmError(f"--fail-on must be error, warning or info, got '{value}'") from None


@app.command()
def lint(
    paths: Optional[List[Path]] = typer.Argument(None, help="Limit the report to these files or folders (default: the whole repository)."),
    format: str = typer.Option("text", "--format", "-f", help=FORMAT_HELP),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help=FAIL_ON_HELP + " Default: lint.fail_on in ccm.yaml, else error."),
    today: Optional[str] = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD), for clause dates and schedules."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file instead of standard output."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only findings, no summary when clean."),
    locale: Optional[str] = typer.Option(None, "--locale", help="Locale of loose prose files (FILE.md, FILE.txt); default: detected from the script."),
    base: Optional[str] = typer.Option(None, "--base", help="Compare with this git ref: clause text changed without a version bump; with --changed-only, lint only what the change can affect."),
    changed_only: bool = typer.Option(False, "--changed-only", help="With --base (default: the merge-base with main): lint only the comms the change can affect."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Lint in this many processes (default: the number of CPUs)."),
    shard: Optional[str] = typer.Option(None, "--shard", help="Lint shard I of N (e.g. 2/4) for a CI matrix; merge with 'ccm merge-results'."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache in .ccm-cache/."),
) -> None:
    """Load, validate and render every comm × locale × channel × sample, and run every rule.

    Given .md or .txt files outside comms/, lint them as loose prose (web copy, FAQ) with the
    brand, style and readability rules instead."""
    from .errors import CcmError
    from .formatters import FORMATS, Options
    from .heap import long_lived
    from .linter import lint as run_lint
    from .project import find_root, load_project

    if format not in FORMATS:
        raise CcmError(f"unknown format '{format}'; use one of: {', '.join(FORMATS)}")
    start = paths[0] if paths else Path.cwd()
    for path in paths or []:
        if not path.exists():
            raise CcmError(f"no such file or folder: {path}")
    prose = [p for p in paths or [] if p.suffix.lower() in (".md", ".txt") and p.is_file()]
    if prose:
        _lint_prose(prose, [p for p in paths if p not in prose], format, fail_on, output, quiet, locale)
        return
    root = find_root(start)
    cache = None
    if not no_cache and os.environ.get("CCM_NO_CACHE") != "1":
        from .cache import ResultCache

        cache = ResultCache(root)
    try:
        with long_lived():
            project = load_project(root, cache=cache)
            base_project, only = _base_and_scope(root, project, base, changed_only, shard, cache, _parse_date(today))
        result = run_lint(
            project, today=_parse_date(today), base=base_project, only_comms=only,
            jobs=_jobs(jobs), cache=cache,
            repository_findings=_repository_findings(only, changed_only, shard),
            show_progress=not quiet and format == "text" and output is None,
        )
    finally:
        if cache is not None:
            cache.close()
    if paths:
        result.findings = _restrict(result.findings, root, paths)
    config_fail_on = (project.config.get("lint") or {}).get("fail_on") if isinstance(project.config.get("lint"), dict) else None
    threshold = _severity(fail_on or config_fail_on or "error")
    _write_report(format, result, output, Options(fail_on=threshold, quiet=quiet))
    failing = any(f.severity >= threshold for f in result.findings)
    raise typer.Exit(1 if failing else 0)


def _jobs(value: Optional[int]) -> int:
    from .errors import CcmError

    if value is None:
        return max(1, os.cpu_count() or 1)
    if value < 1:
        raise CcmError(f"--jobs must be 1 or more, got {value}")
    return value


def _parse_shard(value: str) -> tuple[int, int]:
    from .errors import CcmError

    try:
        index, total = (int(x) for x in value.split("/"))
    except ValueError:
        raise CcmError(f"--shard must look like I/N (e.g. 2/4), got '{value}'") from None
    if not 1 <= index <= total:
        raise CcmError(f"--shard {value}: I must be between 1 and N")
    return index, total


def _base_and_scope(root: Path, project, base: Optional[str], changed_only: bool, shard: Optional[str], cache=None, today=None):
    """The base project (for --base) and the comm ids to lint (None: all).

    Lint reads only the base's shared files (clause versions); with --changed-only, also the
    base versions of the comm files git reports as changed."""
    from .linter import shard_comms
    from .project import load_project
    from .sources import GitSource

    only = None
    base_project = None
    if changed_only and base is None:
        from .diff.refs import default_base

        base = default_base(root)
    if base is not None:
        source = GitSource(root, base)
        changed = None
        comm_files: set[str] = set()
        if changed_only:
            from .diff.files import FOLDERS, changed_since, style_folders, wanted_file
            from .incremental import is_comm_file

            changed = changed_since(source)
            comm_files = {rel for rel in changed if is_comm_file(rel)}
        base_project = load_project(root, comm_files, source=source, cache=cache)
    if changed_only:
        from .incremental import affected_comms
        from .linter import CachedResults

        folders = FOLDERS + style_folders(base_project.guidelines, project.guidelines)
        changed = {rel for rel in changed if wanted_file(rel, folders)}
        cached = CachedResults(cache, today) if cache is not None else None
        only = affected_comms(base_project, project, cached.digests if cached else None, changed=changed,
                              includes=cached.includes if cached else None)
    if shard is not None:
        index, total = _parse_shard(shard)
        in_shard = shard_comms(project, index, total)
        only = in_shard if only is None else (only & in_shard)
    return base_project, only


def _repository_findings(only, changed_only: bool, shard: Optional[str]) -> bool:
    """Findings outside any comm: reported by a full run, by shard 1 of N, and by
    --changed-only when the change touches the whole repository."""
    if shard is not None:
        return _parse_shard(shard)[0] == 1 and not (changed_only and only is not None)
    return only is None


def _lint_prose(files, others, format, fail_on, output, quiet, locale) -> None:
    """`ccm lint FILE.md …`: loose prose files, each with its own locale (detected or --locale)."""
    from .errors import CcmError
    from .formatters import FORMATS, Options
    from .linter import LintResult
    from .prose_lint import lint_prose_file

    if others:
        raise CcmError(f"lint prose files (.md, .txt) and repositories separately: {others[0]} is not a prose file")
    if format not in FORMATS:
        raise CcmError(f"unknown format '{format}'; use one of: {', '.join(FORMATS)}")
    results = [lint_prose_file(path.resolve(), None, locale) for path in files]
    merged = LintResult(
        findings=[f for r in results for f in r.findings],
        comms=0,
        variants=sum(r.variants for r in results),
        comm_ids=[],
    )
    threshold = _severity(fail_on or "error")
    _write_report(format, merged, output, Options(fail_on=threshold, quiet=quiet))
    raise typer.Exit(1 if any(f.severity >= threshold for f in merged.findings) else 0)


def _write_report(format, result, output, options) -> None:
    from .errors import CcmError
    from .formatters import write

    try:
        if output is not None:
            with open(output, "w", encoding="utf-8") as handle:
                write(format, result, handle, options)
        else:
            write(format, result, sys.stdout, options)
    except BrokenPipeError:
        raise
    except OSError as error:  # a missing folder, a full disk: the report is not written
        raise CcmError(f"cannot write {output if output is not None else 'the output'}: {error.strerror or error}",
                       hint="check the folder exists and has room" if output is not None else None) from None


def _restrict(findings, root: Path, paths: List[Path]):
    wanted = []
    for path in paths:
        try:
            wanted.append(path.resolve().relative_to(root).as_posix())
        except ValueError:
            continue
    if not wanted or "" in wanted or "." in wanted:
        return findings

    def keep(finding) -> bool:
        return bool(finding.file) and any(finding.file == w or finding.file.startswith(w.rstrip("/") + "/") for w in wanted)

    return [f for f in findings if keep(f)]


@app.command("merge-results")
def merge_results(
    files: List[Path] = typer.Argument(..., help="JSON reports of 'ccm lint --format json' (one per shard)."),
    format: str = typer.Option("json", "--format", "-f", help=FORMAT_HELP),
    fail_on: str = typer.Option("error", "--fail-on", help=FAIL_ON_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
) -> None:
    """Combine the JSON reports of several shards into one report (json, sarif, github, ...)."""
    from .errors import CcmError
    from .formatters import FORMATS, Options
    from .merge import merge_reports

    if format not in FORMATS:
        raise CcmError(f"unknown format '{format}'; use one of: {', '.join(FORMATS)}")
    result = merge_reports(files)
    threshold = _severity(fail_on)
    _write_report(format, result, output, Options(fail_on=threshold))
    raise typer.Exit(1 if any(f.severity >= threshold for f in result.findings) else 0)


@app.command()
def rules(format: str = typer.Option("text", "--format", "-f", help="text, json or markdown.")) -> None:
    """List every rule: id, category, default severity and what it checks."""
    from . import rules as registry
    from .catalogue import rules_json, rules_markdown, rules_text
    from .errors import CcmError

    if format not in ("text", "json", "markdown"):
        raise CcmError(f"unknown format '{format}'; use one of: text, json, markdown")
    if format == "json":
        typer.echo(rules_json())
    elif format == "markdown":
        typer.echo(rules_markdown(), nl=False)
    else:
        typer.echo(rules_text(registry.all_rules()))


@app.command()
def explain(rule: str = typer.Argument(..., help="Rule id, e.g. channel/sms-length or ja/max-ten.")) -> None:
    """Print a rule's documentation: what it checks, why, a bad and a good example."""
    from .catalogue import explain as explain_rule

    typer.echo(explain_rule(rule))


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "--out", help="Write every schema into this folder (for yaml-language-server)."),
    name: Optional[str] = typer.Argument(None, help="Print one schema: config, comm, facts, guidelines, contact, clause or channels."),
    modeline: bool = typer.Option(False, "--modeline", help="Print the '# yaml-language-server: $schema=' line for each file kind (or for NAME)."),
) -> None:
    """The JSON Schemas of every file format, for editors and tools."""
    import json

    from .errors import CcmError
    from .schemas import SCHEMA_NAMES, schema_with_id

    if modeline:
        from .commands.schema_modeline import modelines

        typer.echo(modelines([name] if name else None), nl=False)
        return
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for schema_name in SCHEMA_NAMES:
            target = out / f"{schema_name}.schema.json"
            target.write_text(json.dumps(schema_with_id(schema_name), ensure_ascii=False, indent=2) + "\n", "utf-8")
            typer.echo(str(target))
        return
    if name is None:
        for schema_name in SCHEMA_NAMES:
            typer.echo(schema_name)
        return
    if name not in SCHEMA_NAMES:
        raise CcmError(f"unknown schema '{name}'; use one of: {', '.join(SCHEMA_NAMES)}")
    typer.echo(json.dumps(schema_with_id(name), ensure_ascii=False, indent=2))


from .commands.preview import preview  # noqa: E402  (command modules import only typer at top level)
from .commands.publish import publish, releases  # noqa: E402
from .commands.init import init  # noqa: E402
from .commands.diff import diff  # noqa: E402

app.command("preview")(preview)
app.command("publish")(publish)
app.command("releases")(releases)
app.command("init")(init)
app.command("diff")(diff)
app.command("intents")(__import__("ccm_cli.commands.intents", fromlist=["intents"]).intents)


def main() -> None:
    """Entry point: one-line errors and exit 2 for anything that stops the run."""
    _leave(_run())


def _run() -> int:
    import gc

    from . import heap
    from .errors import CcmError

    heap.IN_CLI = True  # this process is ccm itself: its loaded data lives until it exits

    # ccm builds many small acyclic objects (parsed YAML, findings): collect the youngest
    # generation every 20,000 allocations instead of 700 (loading 10,000 comms: 1.3 s -> 0.8 s)
    gc.set_threshold(20_000, 10, 10)
    try:
        code = app(standalone_mode=False, prog_name="ccm")
    except CcmError as error:
        typer.echo(f"ccm: {error.one_line()}", err=True)
        return 2
    except typer.Exit as done:
        return done.exit_code
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # the file system refused: a full disk, a file too large, no permission
        where = f" ({error.filename})" if error.filename else ""
        typer.echo(f"ccm: cannot read or write a file{where}: {error.strerror or error}", err=True)
        return 2
    except SystemExit:
        raise
    except Exception as error:  # a usage mistake, else a bug in ccm: still never a traceback
        for exceptions in _click_exceptions():
            if isinstance(error, exceptions.ClickException):  # unknown option or command, bad value
                error.show()
                return error.exit_code
            if isinstance(error, exceptions.Abort):
                return 130
        if os.environ.get("CCM_DEBUG"):
            raise
        typer.echo(f"ccm: internal error: {type(error).__name__}: {error} (set CCM_DEBUG=1 for details and report it)", err=True)
        return 2
    return code if isinstance(code, int) else 0


def _click_exceptions() -> list:
    """The exception modules of the click that parses ccm's command line: typer 0.28 and later
    carry their own copy (``typer._click``), whose classes are not click's; older typer uses click."""
    import importlib

    modules = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            continue
    return modules


def _leave(code: int) -> None:
    """Exit with ``code`` once the output is flushed, without freeing the heap object by
    object: after a lint of 10,000 comms that teardown alone takes 0.5 s, and the operating
    system reclaims the memory at once. Every file ccm writes is closed by then (``with``
    blocks), as are its databases and worker pools. Output that cannot be written (a full
    disk) is an error, exit 2; a reader that stopped early is not."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
    except ValueError:  # stdout closed
        pass
    except OSError as error:
        _drop_stdout()
        code = 2
        try:
            sys.stderr.write(f"ccm: cannot write the output: {error.strerror or error}\n")
        except (OSError, ValueError):
            pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _drop_stdout() -> None:
    """Send what is still buffered for standard output nowhere (it cannot be written)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
