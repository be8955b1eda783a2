"""The ``huiju`` console script: Flask's CLI for this app, with errors scripts can trust.

Every command exits non-zero on failure with a one-line reason on stderr, never a traceback;
``--json`` output goes to stdout alone (progress and logs go to stderr).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any, NoReturn

import click
from flask.cli import FlaskGroup, run_command
from flask.helpers import get_debug_flag

from core.app import create_app

log = logging.getLogger("huiju")


def fail(reason: str) -> NoReturn:
    """Stop the command: ``huiju: error: <reason>`` on stderr, exit status 1."""
    raise click.ClickException(one_line(reason))


def one_line(text: str) -> str:
    return " ".join(str(text).split()) or "unknown error"


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=str))


class HuijuGroup(FlaskGroup):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # the promise: a one-line reason, never a traceback
            log.debug("command failed", exc_info=True)
            raise click.ClickException(one_line(f"{type(exc).__name__}: {exc}")) from exc


@click.command("run", context_settings={"ignore_unknown_options": True})
@click.pass_context
def run(ctx: click.Context, **kwargs: Any) -> None:
    """Run the development server, with the sync scheduler in a background thread
    (set HUIJU_SCHEDULER=off to leave scheduling to ``huiju scheduler``)."""
    os.environ["HUIJU_EMBEDDED_SCHEDULER"] = "1"
    reload = kwargs.get("reload")
    if reload is None:
        reload = get_debug_flag()
    os.environ["HUIJU_RELOADER"] = "1" if reload else "0"
    ctx.forward(run_command)


run.params = list(run_command.params)


def main() -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(message)s")
    click.ClickException.show = _show_one_line  # type: ignore[method-assign]
    cli = HuijuGroup(create_app=create_app, add_default_commands=True, name="huiju")
    cli.add_command(run)
    cli.main(prog_name="huiju")


def _show_one_line(self: click.ClickException, file: Any = None) -> None:
    click.echo(f"huiju: error: {one_line(self.format_message())}", err=True)
