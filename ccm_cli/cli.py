"""The `ccm` command line: registers the commands (one module each in :mod:`ccm_cli.commands`)
and runs them — :func:`main` turns what stops a run into one line on stderr and an exit code.

Heavy modules are imported inside the commands so that `ccm --help` stays fast.
"""

from __future__ import annotations

import os
import sys

import typer

from .commands.audit import audit
from .commands.diff import diff
from .commands.init import init
from .commands.lint import lint
from .commands.merge_results import merge_results
from .commands.preview import preview
from .commands.publish import publish, releases
from .commands.report import report_app
from .commands.intents import intents
from .commands.rules import explain, rules
from .commands.schema import schema

app = typer.Typer(
    name="ccm",
    help="Communications as code: lint, diff, preview and publish customer communications.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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


# The commands, in the order `ccm --help` lists them.
app.command("lint")(lint)
app.command("merge-results")(merge_results)
app.command("rules")(rules)
app.command("explain")(explain)
app.command("schema")(schema)
app.command("preview")(preview)
app.command("publish")(publish)
app.command("releases")(releases)
app.command("init")(init)
app.command("diff")(diff)
app.command("intents")(intents)
app.command("audit")(audit)
app.add_typer(report_app, name="report")


def main() -> None:
    """Entry point: one-line errors and exit 2 for anything that stops the run."""
    _leave(_run())


def _run() -> int:
    import gc

    from .scale import memory
    from .errors import CcmError

    memory.IN_CLI = True  # this process is ccm itself: its loaded data lives until it exits

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
        from .formatters.escape import guard, terminal_line

        where = f" ({terminal_line(error.filename)})" if error.filename else ""
        typer.echo(guard(f"ccm: cannot read or write a file{where}: {terminal_line(error.strerror or error)}"), err=True)
        return 2
    except SystemExit:
        raise
    except Exception as error:  # a usage mistake, else a bug in ccm: still never a traceback
        if isinstance(error, typer.Abort):
            return 130
        for exceptions in _click_exceptions():
            if isinstance(error, exceptions.ClickException):  # unknown option or command, bad value
                error.show()
                return error.exit_code
        if os.environ.get("CCM_DEBUG"):
            raise
        from .formatters.escape import guard, terminal_line

        typer.echo(guard(f"ccm: internal error: {type(error).__name__}: {terminal_line(error)} "
                         "(set CCM_DEBUG=1 for details and report it)"), err=True)
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
