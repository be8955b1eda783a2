from pathlib import Path

from core.config import database_url, load_config


def test_embedded_default_is_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    config = load_config(tmp_path, environ={})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'huiju.sqlite3'}"


def test_plain_postgresql_url_uses_the_installed_driver() -> None:
    assert database_url("postgresql://u@h/db", Path("/x")) == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db", Path("/x")) == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql+psycopg://u@h/db", Path("/x")) == "postgresql+psycopg://u@h/db"


def test_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = load_config(tmp_path, environ={})["SECRET_KEY"]
    second = load_config(tmp_path, environ={})["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert load_config(tmp_path, environ={"HUIJU_SECRET_KEY": "given"})["SECRET_KEY"] == "given"


def test_environment_wins_over_instance_env_file(tmp_path: Path) -> None:
    (tmp_path / "huiju.env").write_text(
        "# comment\nHUIJU_FEED_ALLOW_HOSTS=127.0.0.1, LocalHost\nHUIJU_SYNC_WORKERS=2\n"
    )
    config = load_config(tmp_path, environ={"HUIJU_SYNC_WORKERS": "8"})
    assert config["HUIJU_FEED_ALLOW_HOSTS"] == frozenset({"127.0.0.1", "localhost"})
    assert config["HUIJU_SYNC_WORKERS"] == 8


def test_defaults_are_safe_for_production(tmp_path: Path) -> None:
    config = load_config(tmp_path, environ={})
    assert config["HUIJU_FEED_ALLOW_HOSTS"] == frozenset()
    assert config["HUIJU_DEMO_FEEDS"] is False
    assert config["HUIJU_FEED_MAX_BYTES"] == 20 * 1024 * 1024
