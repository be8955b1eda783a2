"""Fixtures shared by every test package.

Database tests run twice: on SQLite and on PostgreSQL (a fresh database per test session on
the server at HUIJU_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test).
Set HUIJU_TEST_DATABASES=sqlite to run without PostgreSQL on a laptop; CI runs both.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.serving import make_server

os.environ.setdefault("HUIJU_INSTANCE_PATH", tempfile.mkdtemp(prefix="huiju-instance-"))
os.environ["HUIJU_SCHEDULER"] = "off"
for _name in [n for n in os.environ if n.startswith("HUIJU_") and n.endswith("_URL")]:
    if _name not in ("HUIJU_TEST_POSTGRES_URL",):
        del os.environ[_name]

from core.app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from tests.corpus import require_corpus  # noqa: E402

PG_URL = os.environ.get("HUIJU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
DATABASES = [
    d.strip() for d in os.environ.get("HUIJU_TEST_DATABASES", "sqlite,postgresql").split(",")
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "corpus: reads ../shared/corpus (skipped when absent, failing in CI)"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("corpus"):
        require_corpus()


def _pg_admin_url(database: str) -> str:
    return (
        PG_URL.replace("postgresql://", "postgresql+psycopg://", 1).rsplit("/", 1)[0]
        + "/"
        + database
    )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    name = f"huiju_test_{secrets.token_hex(4)}"
    admin = sa.create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield _pg_admin_url(name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'huiju.sqlite3'}"
    return request.getfixturevalue("postgres_database")


@pytest.fixture(scope="session")
def migrated(database_url: str) -> str:
    """The schema built by the real migrations, once per database."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def _empty_tables(app: Flask) -> None:
    with app.app_context():
        tables = [t.name for t in db.metadata.sorted_tables]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                db.session.execute(sa.text(f"DELETE FROM {table}"))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change settings for its ``app``."""
    return {}


@pytest.fixture
def app(migrated: str, app_config: dict) -> Iterator[Flask]:
    config = {
        "SQLALCHEMY_DATABASE_URI": migrated,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "TESTING": True,
        "HUIJU_FEED_ALLOW_HOSTS": frozenset({"127.0.0.1", "localhost"}),
        **app_config,
    }
    app = create_app(config)
    _empty_tables(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served on 127.0.0.1 by a real threaded HTTP server; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


from tests.browser import browser, page  # noqa: E402,F401  (fixtures)


@pytest.fixture
def unused_origin() -> str:
    """http://127.0.0.1:<a port nobody listens on>, for commands that serve there briefly."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
