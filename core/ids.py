"""Row ids from requests: an id no id column can hold names no row; it is not a server error.

PostgreSQL refuses a query parameter beyond its INTEGER range (and SQLite one beyond 64 bits)
instead of matching nothing, so ids typed into URLs, query strings and forms are checked here
before they reach a query.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER, the type of every id column


class IdConverter(IntegerConverter):
    """``<int:…>`` in the URL map: a value beyond ``MAX_ID`` does not match (a 404)."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def parse_id(text: str | None) -> int | None:
    """``text`` as a row id (ASCII digits, 1 to ``MAX_ID``), else None."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def init_app(app: Flask) -> None:
    """Bound every ``<int:…>`` rule; call before any blueprint adds its rules."""
    app.url_map.converters["int"] = IdConverter
