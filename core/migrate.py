"""Flask-Migrate, bound on first use: it imports Alembic (and Mako, Pygments…), a third of a
second that no command but ``huiju db …`` and no request needs.

``app.extensions["migrate"]`` holds a :class:`DeferredMigrate` until something reads it
(``flask_migrate.upgrade()``, ``migrations/env.py``, a ``huiju db`` command); it then binds
Flask-Migrate as ``Migrate(app, db, …)`` would have at start-up and answers from there.
"""

from __future__ import annotations

import importlib
from functools import cached_property
from pathlib import Path
from typing import Any

import click
from flask import Flask


class DeferredMigrate:
    """Stands in ``app.extensions["migrate"]`` until an attribute is read."""

    def __init__(self, app: Flask, db: Any, directory: Path) -> None:
        self.app, self.db, self.directory = app, db, str(directory)

    def __getattr__(self, name: str) -> Any:
        from flask_migrate import Migrate

        # init_app replaces this stand-in in app.extensions and registers the real `db` group.
        Migrate(self.app, self.db, directory=self.directory, render_as_batch=True)
        return getattr(self.app.extensions["migrate"], name)


class DeferredGroup(click.Group):
    """A command group named and described here, imported from ``target`` when it runs (its
    options and subcommands are the target's); ``huiju --help`` lists it without importing."""

    def __init__(self, name: str, target: str, help: str) -> None:
        super().__init__(name=name, help=help)
        self.target = target

    @cached_property
    def group(self) -> click.Group:
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def make_context(self, info_name: str | None, args: list[str], parent=None, **extra: Any):
        return self.group.make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        return self.group.invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self.group.list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.group.get_command(ctx, cmd_name)


def init_app(app: Flask, db: Any, directory: Path) -> None:
    app.extensions["migrate"] = DeferredMigrate(app, db, directory)


DB_COMMAND = DeferredGroup("db", "flask_migrate.cli:db", "Perform database migrations.")
