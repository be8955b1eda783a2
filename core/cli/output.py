"""What every ``huiju`` command promises scripts: a one-line reason and a non-zero exit status on
failure (never a traceback), and with ``--json`` nothing but JSON on stdout."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import click


def fail(reason: str) -> NoReturn:
    """Stop the command: ``huiju: error: <reason>`` on stderr, exit status 1."""
    raise click.ClickException(one_line(reason))


def one_line(text: str) -> str:
    return " ".join(str(text).split()) or "unknown error"


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=str))
