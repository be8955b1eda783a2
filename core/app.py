"""The application factory: reads like a table of contents."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from core import i18n, ids, migrate
from core.config import load_config
from core.extensions import babel, compress, csrf, db, login_manager

PROJECT_DIR = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_DIR / "migrations"
COMPRESSED_TYPES = (
    "text/html",
    "text/css",
    "text/plain",
    "text/calendar",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
)


def default_instance_path() -> Path:
    """``instance/`` beside the code in a source checkout; for an installed package (whose
    code lives in site-packages) Flask's convention, ``<prefix>/var/huiju-instance``."""
    if (PROJECT_DIR / "pyproject.toml").exists():
        return PROJECT_DIR / "instance"
    return Path(sys.prefix) / "var" / "huiju-instance"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Huiju app; ``test_config`` overrides the environment (tests, scripts)."""
    instance_path = os.environ.get("HUIJU_INSTANCE_PATH") or str(default_instance_path())
    app = Flask("huiju", root_path=str(Path(__file__).parent), instance_path=instance_path)
    app.config.update(load_config(Path(app.instance_path)))
    app.config.update(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        BABEL_DEFAULT_LOCALE="en",
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.update(test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    logging.getLogger("huiju").setLevel(logging.INFO)
    if os.environ.get("HUIJU_EMBEDDED_SCHEDULER") == "1":  # set by `huiju run` alone
        from federation.scheduler import maybe_start_embedded  # imports the whole sync

        maybe_start_embedded(app)
    return app


def register_models() -> None:
    """Import every domain's models so the metadata (and Alembic) sees all tables."""
    import core.models  # noqa: F401
    import events.models  # noqa: F401
    import federation.models  # noqa: F401
    import indicators.models  # noqa: F401
    import partners.leads.models
    import partners.models  # noqa: F401


def register_extensions(app: Flask) -> None:
    catalogs = i18n.compile_catalogs(target=Path(app.instance_path) / "translations")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(catalogs))
    register_models()
    db.init_app(app)
    migrate.init_app(app, db, MIGRATIONS_DIR)
    babel.init_app(app, locale_selector=i18n.select_locale)
    from core import request_limits

    request_limits.init_app(app)  # before CSRF: its check reads the form
    csrf.init_app(app)
    login_manager.init_app(app)
    _init_compress(app)
    i18n.register_locale_routing(app)
    ids.init_app(app)
    from core import auth, security, templating

    auth.init_app(app)
    templating.init_app(app)
    security.init_app(app)


def _init_compress(app: Flask) -> None:
    """gzip (or brotli) and ``Vary: Accept-Encoding`` for feeds, the API and pages: a 112 KB
    feed travels as 19 KB. Calendars are not in Flask-Compress's default list."""
    app.config.setdefault("COMPRESS_MIMETYPES", [*COMPRESSED_TYPES])
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip", "br", "deflate"])
    compress.init_app(app)


def register_blueprints(app: Flask) -> None:
    from core import blueprint as core_blueprint
    from events import blueprint as events_blueprint
    from federation import blueprint as federation_blueprint
    from graph import blueprint as graph_blueprint
    from indicators import blueprint as indicators_blueprint
    from partners import blueprint as partners_blueprint
    from partners.leads import blueprint as leads_blueprint

    for blueprint in core_blueprint.BLUEPRINTS:
        app.register_blueprint(blueprint)
    for blueprint in events_blueprint.BLUEPRINTS:
        app.register_blueprint(blueprint)
    for blueprint in leads_blueprint.BLUEPRINTS:
        app.register_blueprint(blueprint)
    for blueprint in partners_blueprint.BLUEPRINTS:
        app.register_blueprint(blueprint)
    for blueprint in federation_blueprint.BLUEPRINTS:
        app.register_blueprint(blueprint)
    for blueprint in graph_blueprint.BLUEPRINTS:
        app.register_blueprint(blueprint)
    for blueprint in indicators_blueprint.BLUEPRINTS:
        app.register_blueprint(blueprint)
    from core.demo import serve

    app.register_blueprint(serve.bp)  # answers 404 unless HUIJU_DEMO_FEEDS is on


def register_errorhandlers(app: Flask) -> None:
    from core import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    for command in commands():
        app.cli.add_command(command)


def commands() -> list[click.Command]:
    """Every ``huiju`` command of the packages, from ``core.cli.listing`` (which the console
    lists for ``huiju --help`` without importing them). Command modules import their heavy
    libraries inside the commands, so that importing them stays cheap (docs/architecture.md,
    "Start-up")."""
    from importlib import import_module

    from core.cli.listing import COMMANDS

    return [getattr(import_module(module), name) for module, name, _ in COMMANDS.values()]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: enforce foreign keys; WAL so that readers never wait for the writer; and a
    busy timeout for writers queueing behind each other. Writes are kept short (a sync parses
    before it writes, no GET writes), so 30 s is room for a burst of them under load, not for
    one long hold; past it a request answers 500 rather than hanging."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
