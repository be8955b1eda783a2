"""A partner's cooperation, one entry per partner at the other end (pure, no Flask).

Two partners may be joined by several links: one staff entered (an MoU, co-hosted events),
and one the sync derived because both list the same events (``automatic``). Visitors see the
partnership once, with what each source says: the declared links' dates and notes, and how
many events both list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Cooperation:
    """Everything linking a partner to ``other``: declared links first, then the derived one."""

    other: Any
    declared: tuple[Any, ...]
    derived: Any | None  # the automatic co-host link, if the calendars show one

    @property
    def kinds(self) -> list[str]:
        """The kinds of link, each once, declared ones first."""
        links = [*self.declared, *([self.derived] if self.derived else [])]
        return list(dict.fromkeys(link.kind for link in links))


def merge_links(pairs: Iterable[tuple[Any, Any]]) -> list[Cooperation]:
    """One :class:`Cooperation` per partner at the other end, in the order first met."""
    declared: dict[int, list[Any]] = {}
    derived: dict[int, Any] = {}
    others: dict[int, Any] = {}
    for link, other in pairs:
        others.setdefault(other.id, other)
        if link.automatic:
            derived.setdefault(other.id, link)
        else:
            declared.setdefault(other.id, []).append(link)
    return [
        Cooperation(other, tuple(declared.get(pid, ())), derived.get(pid))
        for pid, other in others.items()
    ]


def period(since: date | None, until: date | None, today: date) -> tuple[str, dict[str, date]]:
    """Which wording a declared link's dates call for, and the dates it names.

    ``"from"`` is a link that starts after ``today`` (an agreement signed for later), never
    "since" a future day; ``"ended"`` one whose ``until`` has passed.
    """
    if since and since > today:
        return ("from_until" if until else "from"), {"since": since, "until": until}
    if since and until:
        return ("ended" if until < today else "since_until"), {"since": since, "until": until}
    if since:
        return "since", {"since": since}
    if until:
        return ("ended_on" if until < today else "until"), {"until": until}
    return "", {}
