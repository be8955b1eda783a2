"""An event's first and last Shanghai days, computed by the database (SQLite or PostgreSQL) as
``events.month._days_of`` computes them in Python, so that the month view can count and rank
events per day without reading them.

A timed event's days are those of its start and of the instant before its end; an all-day
event's are its ``start_date`` to the day before its (exclusive) ``end_date``: its
``start_at`` is midnight in the partner's zone, not always on the same Shanghai day. Shanghai
keeps UTC+8 all year since 1991, which SQLite's ``'+8 hours'`` relies on (SQLite stores the
timestamps as naive UTC text: core.db_types); PostgreSQL reads the zone itself. Neither
clamps a last day before the first, nor caps a long event: Python does (``days_between``).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Date, String, and_, case, cast, func, literal_column

from core.extensions import db
from core.office import SHANGHAI
from events.models import Event


def _on_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def _day_of(instant: ColumnElement, *, before: bool = False) -> ColumnElement:
    """The Shanghai day of ``instant`` (of the instant just before it, with ``before``)."""
    if _on_sqlite():
        shifts = ["+8 hours", *(["-0.001 seconds"] if before else [])]
        return func.date(instant, *(literal_column(f"'{s}'") for s in shifts), type_=Date)
    if before:
        instant = instant - literal_column("interval '1 microsecond'")
    return cast(func.timezone(literal_column(f"'{SHANGHAI.key}'"), instant), Date)


def _day_before(day: ColumnElement) -> ColumnElement:
    if _on_sqlite():
        return func.date(day, literal_column("'-1 day'"), type_=Date)
    return day - literal_column("1")


def _all_day() -> ColumnElement[bool]:
    return and_(Event.all_day.is_(True), Event.start_date.is_not(None))


def first_day() -> ColumnElement:
    """The Shanghai day an event starts on."""
    return case((_all_day(), Event.start_date), else_=_day_of(Event.start_at))


def last_day() -> ColumnElement:
    """The last Shanghai day an event covers (before its first for some empty events)."""
    all_day_last = func.coalesce(_day_before(Event.end_date), Event.start_date)
    return case((_all_day(), all_day_last), else_=_day_of(Event.end_at, before=True))


def days_as_text() -> tuple[ColumnElement, ColumnElement]:
    """``first_day()`` and ``last_day()`` as ISO text (whatever PostgreSQL's DateStyle):
    thousands of rows are counted by them, with no date made of each."""
    if _on_sqlite():
        return cast(first_day(), String), cast(last_day(), String)
    iso = literal_column("'YYYY-MM-DD'")
    return func.to_char(first_day(), iso), func.to_char(last_day(), iso)
