"""Configuration from ``HUIJU_*`` environment variables, with defaults for the embedded setup.

Every setting is documented in the README's configuration table. ``load_config`` is pure apart
from reading the environment and the instance folder (for the generated secret key).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _hosts(value: str) -> frozenset[str]:
    return frozenset(h.strip().lower() for h in value.split(",") if h.strip())


# name -> (default, converter); the environment variable is HUIJU_<name>.
SETTINGS: dict[str, tuple[Any, Any]] = {
    "DATABASE_URL": (None, str),
    "SECRET_KEY": (None, str),
    "FEED_ALLOW_HOSTS": (frozenset(), _hosts),
    "FEED_MAX_BYTES": (20 * 1024 * 1024, int),
    "FORM_MAX_BYTES": (1024 * 1024, int),
    "FEED_TIMEOUT": (60.0, float),
    "SYNC_INTERVAL_MINUTES": (60, int),
    "SYNC_WORKERS": (4, int),
    # How long a scheduler holds a claimed feed: longer than any fetch's deadline plus its
    # apply; a killed scheduler's feeds are synced by another once it runs out.
    "CLAIM_LEASE_SECONDS": (900, int),
    "SCHEDULER": ("on", str),
    # The CPU priority `huiju scheduler` gives up (os.nice): web workers on the same machine
    # answer first while a round syncs; 0 keeps the priority it was started with.
    "SCHEDULER_NICE": (10, int),
    "DEFAULT_TIMEZONE": ("Asia/Shanghai", str),
    # How long after it was last known current a cached public page may still be shown
    # while the page of newer data renders (events.page_cache): 0 makes every visitor wait.
    "PAGE_GRACE_SECONDS": (5.0, float),
    "EMBED_FRAME_ANCESTORS": ("*", str),
    "PUBLIC_URL": (None, str),
    "DEMO_FEEDS": (False, _flag),
    "SMTP_HOST": (None, str),
    "SMTP_PORT": (25, int),
    "SMTP_USER": (None, str),
    "SMTP_PASSWORD": (None, str),
    "SMTP_FROM": ("huiju@localhost", str),
    "SMTP_STARTTLS": (False, _flag),
    # A TrueType font (.ttf/.ttc) embedded in the Chinese PDF report (indicators.report_pdf).
    "PDF_FONT": (None, str),
}


def database_url(url: str | None, instance_path: Path) -> str:
    """The SQLAlchemy URL: the embedded SQLite file by default; plain ``postgresql://`` URLs
    are pointed at the psycopg 3 driver, the one Huiju installs."""
    if not url:
        return f"sqlite:///{instance_path / 'huiju.sqlite3'}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: Path) -> str:
    """A secret generated once per installation and kept in the instance folder."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


ENV_FILE = "huiju.env"


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of the instance's ``huiju.env`` (``#`` comments, blank lines ignored)."""
    if not path.exists():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and not key.lstrip().startswith("#"):
            values[key.strip()] = value.strip()
    return values


def load_config(instance_path: Path, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Read every ``HUIJU_*`` setting: the process environment wins over the instance folder's
    ``huiju.env`` (which ``huiju demo`` writes), which wins over the defaults."""
    environ = {**read_env_file(instance_path / ENV_FILE), **environ}
    config: dict[str, Any] = {}
    for name, (default, convert) in SETTINGS.items():
        raw = environ.get(f"HUIJU_{name}")
        config[f"HUIJU_{name}"] = convert(raw) if raw not in (None, "") else default
    config["SQLALCHEMY_DATABASE_URI"] = database_url(config["HUIJU_DATABASE_URL"], instance_path)
    config["SECRET_KEY"] = config["HUIJU_SECRET_KEY"] or secret_key(instance_path)
    config["HUIJU_SCHEDULER"] = config["HUIJU_SCHEDULER"].strip().lower()
    return config
