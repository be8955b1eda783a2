"""What the partner directory shows of each partner's events, supplied by ``events``.

The directory belongs to ``partners``, but events belong to ``events``, which imports
``partners`` and never the other way round. So ``events.blueprint`` registers the function
that counts them (lazily: nothing is imported until the directory asks), and the directory
shows no counts when none is registered (an app without the events blueprint).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class PartnerEvents:
    """A partner's events as the directory shows them: how many, and the next ones."""

    upcoming: int = 0
    listed: int = 0  # every event it ever listed, past ones included
    next_events: Sequence[Any] = field(default_factory=tuple)


Provider = Callable[[Sequence[int], datetime], dict[int, PartnerEvents]]
_provider: list[Provider] = []


def provide_event_summaries(provider: Provider) -> None:
    """Register the function giving each partner's :class:`PartnerEvents` (the last wins)."""
    _provider[:] = [provider]


def event_summaries(partner_ids: Sequence[int], now: datetime) -> dict[int, PartnerEvents]:
    """Each partner's events (an empty summary for partners without any)."""
    found = _provider[0](partner_ids, now) if _provider else {}
    return {pid: found.get(pid, PartnerEvents()) for pid in partner_ids}
