"""The ``huiju`` console script (the entry point): Flask's CLI for this app, with errors that
scripts can trust.

Every command exits non-zero on failure with a one-line reason on stderr, never a traceback;
``--json`` output goes to stdout alone (progress and logs go to stderr).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from importlib import metadata
from typing import Any

import click
from click.core import ParameterSource
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo, run_command
from flask.helpers import get_debug_flag

from core.cli.listing import COMMANDS
from core.cli.output import one_line

log = logging.getLogger("huiju")
LIBRARIES = ("Flask", "SQLAlchemy", "icalendar", "networkx")


def version_lines(version: Callable[[str], str] = metadata.version) -> list[str]:
    """``huiju 0.x.y``, then the libraries whose versions explain most behaviour reports."""
    lines = [f"huiju {_version_of('huiju', version)}"]
    lines += [f"{name} {_version_of(name, version)}" for name in LIBRARIES]
    return lines


def _version_of(distribution: str, version: Callable[[str], str]) -> str:
    try:
        return version(distribution)
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo("\n".join(version_lines()))
    ctx.exit()


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """Through FLASK_DEBUG, as Flask does, so that the factory and `run` both see it; only when
    given, so that FLASK_DEBUG in the environment still counts."""
    if ctx.get_parameter_source(param.name or "") not in (None, ParameterSource.DEFAULT):
        os.environ["FLASK_DEBUG"] = "1" if value else "0"


VERSION_OPTION = click.Option(
    ["--version"],
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show Huiju's version and its main libraries' versions.",
)
DEBUG_OPTION = click.Option(
    ["--debug/--no-debug"],
    expose_value=False,
    callback=_set_debug,
    help="Debug mode: `huiju --debug run` reloads on code changes and shows the debugger.",
)


def _create_app() -> Flask:
    """The app, imported when a command needs it (``huiju --help`` does not); built once per
    process, so what it holds leaves the collector's full passes (core.heap)."""
    from core.app import create_app
    from core.heap import freeze_startup

    app = create_app()
    freeze_startup()
    return app


class HuijuGroup(FlaskGroup):
    """Flask's CLI group for this one app: Huiju's version, and no --app or --env-file (the
    console script always runs Huiju, whose settings come from HUIJU_* and huiju.env)."""

    def __init__(self, **extra: Any) -> None:
        super().__init__(
            create_app=_create_app, add_version_option=False, load_dotenv=False, **extra
        )
        flask_only = {"env_file", "app", "debug"}
        self.params = [p for p in self.params if p.name not in flask_only]
        self.params += [DEBUG_OPTION, VERSION_OPTION]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """``huiju --help`` lists the commands without building the app (FlaskGroup's own
        would: a database URL read, catalogs compiled, an instance folder and secret created)
        and without importing them (core.cli.listing has their lines)."""
        self._load_plugin_commands()
        listed = {name: click.Command(name, help=line) for name, (*_, line) in COMMANDS.items()}
        click.Group(commands={**listed, **self.commands}).format_commands(ctx, formatter)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # FlaskGroup's own evaluates --env-file and --app early for a bare --help; neither exists.
        return click.Group.parse_args(self, ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (
            click.ClickException,
            click.exceptions.Exit,
            click.Abort,
            KeyboardInterrupt,
            BrokenPipeError,  # `huiju feeds list | head`: click ends quietly, as cat would
        ):
            raise
        except Exception as exc:  # the promise: a one-line reason, never a traceback
            log.debug("command failed", exc_info=True)
            raise click.ClickException(failure_reason(exc)) from exc


NO_SCHEMA = ("no such table", "does not exist")  # SQLite's and PostgreSQL's words


def failure_reason(exc: Exception) -> str:
    """One line for an unexpected failure; a database without Huiju's tables says what to run
    instead of quoting the SQL that found out."""
    original = getattr(exc, "orig", None)
    if original is not None and any(words in str(original) for words in NO_SCHEMA):
        first = str(original).splitlines()[0]
        return f"the database has no Huiju schema yet ({first}): run `huiju db upgrade` first"
    return one_line(f"{type(exc).__name__}: {exc}")


@click.command("run", context_settings={"ignore_unknown_options": True})
@click.pass_context
def run(ctx: click.Context, **kwargs: Any) -> None:
    """Run the development server and the sync scheduler.

    The scheduler runs in a background thread (set HUIJU_SCHEDULER=off to leave scheduling to
    ``huiju scheduler``). The demo feeds follow the port served, unless HUIJU_PUBLIC_URL is set.
    """
    from federation.scheduler import maybe_start_embedded

    reload = kwargs.get("reload")
    if reload is None:
        reload = get_debug_flag()
    os.environ["HUIJU_RELOADER"] = "1" if reload else "0"
    app = _loaded_app(ctx)
    if app is not None:  # before the scheduler, whose first tick would use the old port
        _follow_demo_feeds(app, kwargs)
    # Under the reloader the child inherits this and schedules from create_app: by then the
    # watcher (which never schedules) has re-pointed the feeds, and the child's pass is a no-op.
    os.environ["HUIJU_EMBEDDED_SCHEDULER"] = "1"
    if app is not None:
        maybe_start_embedded(app)
    ctx.forward(run_command)


def _loaded_app(ctx: click.Context) -> Flask | None:
    """The app ``run_command`` serves (ScriptInfo keeps it). None if it cannot be built:
    ``run_command`` reports that its own way (under the reloader, as a page that reloads)."""
    try:
        return ctx.ensure_object(ScriptInfo).load_app()
    except Exception:
        log.debug("the app could not be loaded", exc_info=True)
        return None


def _follow_demo_feeds(app: Flask, options: dict[str, Any]) -> None:
    from core.demo.origin import follow_served_origin, served_origin

    scheme = "https" if options.get("cert") else "http"
    notice = follow_served_origin(app, served_origin(options["host"], options["port"], scheme))
    if notice:
        click.echo(notice, err=True)


run.params = list(run_command.params)


def build_cli() -> HuijuGroup:
    """The ``huiju`` group: Flask's commands, Huiju's ``run``, and the app's own commands."""
    cli = HuijuGroup(add_default_commands=True, name="huiju")
    cli.add_command(run)
    return cli


class OneLineFormatter(logging.Formatter):
    """Log lines on a command's stderr: the message and, for an exception, its type and words
    on the same line. Tracebacks are for the server's log, not for scripts reading stderr."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message} ({type(error).__name__}: {error})"
        return one_line(message)


def main() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter())
    logging.basicConfig(handlers=[handler], level=logging.WARNING)
    click.ClickException.show = _show_one_line  # type: ignore[method-assign]
    build_cli().main(prog_name="huiju")


def _show_one_line(self: click.ClickException, file: Any = None) -> None:
    click.echo(f"huiju: error: {one_line(self.format_message())}", err=True)
