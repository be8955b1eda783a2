"""Figures for the leads dashboard — pure aggregation over plain facts, no database.

The funnel counts how far each lead ever got (from its stage history), so a lead lost after a
proposal still counts as having reached "proposal".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from partners.leads.models import Stage
from partners.leads.stages import LADDER, OPEN_STAGES, stage_rank


@dataclass(frozen=True)
class LeadFact:
    id: int
    source: str
    stage: str
    created_on: date
    owner: str = ""
    next_follow_up_on: date | None = None


@dataclass(frozen=True)
class StageFact:
    lead_id: int
    from_stage: str
    to_stage: str
    at: datetime


@dataclass(frozen=True)
class FunnelRow:
    source: str
    total: int
    reached: tuple[tuple[str, int], ...]  # (stage, leads that got at least that far)


@dataclass(frozen=True)
class ConversionRow:
    source: str
    year: int
    total: int
    landed: int

    @property
    def rate(self) -> float:
        return self.landed / self.total if self.total else 0.0

    @property
    def source_names_year(self) -> bool:
        """The source already says the year ("CIIE 2026"): a label adds it only otherwise."""
        return str(self.year) in self.source


def furthest_rank(lead: LeadFact, history: Iterable[StageFact]) -> int:
    """The highest ladder position the lead ever held (0 = new)."""
    ranks = [stage_rank(lead.stage), 0]
    ranks += [max(stage_rank(c.from_stage), stage_rank(c.to_stage)) for c in history]
    return max(ranks)


def funnel(leads: Iterable[LeadFact], changes: Iterable[StageFact]) -> list[FunnelRow]:
    """One funnel per source, sorted by source; unnamed sources are grouped under ""."""
    history = _by_lead(changes)
    ranks: dict[str, list[int]] = defaultdict(list)
    for lead in leads:
        ranks[lead.source].append(furthest_rank(lead, history.get(lead.id, ())))
    rows = []
    for source, rs in sorted(ranks.items()):
        reached = tuple((s.value, sum(r >= i for r in rs)) for i, s in enumerate(LADDER))
        rows.append(FunnelRow(source, len(rs), reached))
    return rows


def conversion(leads: Iterable[LeadFact]) -> list[ConversionRow]:
    """Landed / total per source and year the lead was created."""
    totals: Counter[tuple[str, int]] = Counter()
    landed: Counter[tuple[str, int]] = Counter()
    for lead in leads:
        key = (lead.source, lead.created_on.year)
        totals[key] += 1
        landed[key] += lead.stage == Stage.LANDED
    return [ConversionRow(s, y, n, landed[(s, y)]) for (s, y), n in sorted(totals.items())]


def median_days_per_stage(changes: Iterable[StageFact]) -> dict[str, float]:
    """Median days a lead stayed in each stage it has left (current stays are not finished)."""
    stays: dict[str, list[float]] = defaultdict(list)
    for history in _by_lead(changes).values():
        for entered, left in zip(history, history[1:], strict=False):
            stays[entered.to_stage].append((left.at - entered.at).total_seconds() / 86400)
    return {s.value: round(median(stays[s]), 1) for s in (*LADDER, Stage.LOST) if stays.get(s)}


def overdue_by_owner(leads: Iterable[LeadFact], today: date) -> list[tuple[str, int]]:
    """Open leads whose follow-up date has passed, per owner, most overdue first."""
    counts = Counter(
        lead.owner
        for lead in leads
        if lead.stage in OPEN_STAGES and lead.next_follow_up_on and lead.next_follow_up_on < today
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _by_lead(changes: Iterable[StageFact]) -> dict[int, list[StageFact]]:
    grouped: dict[int, list[StageFact]] = defaultdict(list)
    for change in sorted(changes, key=lambda c: (c.lead_id, c.at)):
        grouped[change.lead_id].append(change)
    return grouped
