"""The plan stage: what is stored and what the feed now says in, the changes out: before
normalising, which series to re-read (:func:`plan`); after it, which occurrences to insert,
update, keep or tombstone (:func:`diff_occurrences`, for the store) and how every VEVENT
counts (:func:`count_components`).

Pure: the sync hands in what the database holds (component hashes, occurrence keys) and what
the feed now says; nothing here touches the database or the clock.

Identity is RFC 5545's (UID, RECURRENCE-ID). A series (a master and its overrides) is the
unit of re-reading: an override changes which instances the master expands to, so a change
in any member re-reads the whole series, while unchanged series are not parsed at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from federation.blocks import RawComponent, SplitFeed
from federation.normalize import ComponentOutcome, NormalizedEvent
from federation.series import series_uid
from federation.sync_errors import coded_parts

ComponentKey = tuple[str, str]  # (series UID, RECURRENCE-ID as written, "" for a master)


def component_key(component: RawComponent) -> ComponentKey:
    return series_uid(component), component.recurrence_id


@dataclass(frozen=True)
class Plan:
    """What a sync must do: the series to re-read and the components that disappeared."""

    reread: tuple[tuple[RawComponent, ...], ...]  # groups whose members must be normalised
    unchanged: frozenset[ComponentKey]  # keys whose stored state stays as it is
    removed: frozenset[ComponentKey]  # stored components the feed no longer has
    new_keys: frozenset[ComponentKey]  # every component key in the new feed


def plan(
    feed: SplitFeed,
    groups: Sequence[Sequence[RawComponent]],
    stored: Mapping[ComponentKey, str],
    *,
    context_changed: bool,
) -> Plan:
    """Decide which series to re-read: all of them when the context changed (zones, window,
    language), else only those with a new, changed or vanished member."""
    new_keys = frozenset(component_key(c) for c in feed.components)
    removed = frozenset(k for k in stored if k not in new_keys)
    removed_uids = {uid for uid, _ in removed}
    reread, unchanged = [], set()
    for group in groups:
        keys = [component_key(c) for c in group]
        same = all(stored.get(k) == c.hash for k, c in zip(keys, group, strict=True))
        if same and not context_changed and keys[0][0] not in removed_uids:
            unchanged.update(keys)
        else:
            reread.append(tuple(group))
    return Plan(tuple(reread), frozenset(unchanged), removed, new_keys)


@dataclass
class Counts:
    """Per-VEVENT counts: added + updated + unchanged + outside_window + skipped == VEVENTs
    in the feed. ``outside_window``: read well, but no occurrence falls in the sync window, so
    nothing was stored (counting them as added promised events no page shows)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    outside_window: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class OccurrenceChanges:
    """Occurrences of the re-read series, compared with what is stored for those series."""

    insert: tuple[NormalizedEvent, ...]
    update: tuple[NormalizedEvent, ...]  # content changed (or a tombstone came back)
    keep: frozenset[tuple[str, str]]  # (uid, recurrence_id) stored and identical
    tombstone: frozenset[tuple[str, str]]  # stored, in the window, no longer in the feed


def diff_occurrences(
    new: Iterable[NormalizedEvent],
    stored: Mapping[tuple[str, str], tuple[str, bool]],
    *,
    window_start: datetime,
    stored_starts: Mapping[tuple[str, str], datetime],
) -> OccurrenceChanges:
    """``stored`` maps (uid, recurrence_id) → (content hash, is tombstone).

    Stored occurrences that started before the window are history, not removals: the
    expansion window slides forward, the past stays as it was.
    """
    insert, update, keep = [], [], set()
    seen: set[tuple[str, str]] = set()
    for event in new:
        key = (event.uid, event.recurrence_id)
        if key in seen:  # two instances expanding to one start: the first wins
            continue
        seen.add(key)
        if key not in stored:
            insert.append(event)
        elif stored[key] == (event.content_hash, False):
            keep.add(key)
        else:
            update.append(event)
    gone = frozenset(
        k
        for k, (_, dead) in stored.items()
        if k not in seen and not dead and stored_starts[k] >= window_start
    )
    return OccurrenceChanges(tuple(insert), tuple(update), frozenset(keep), gone)


def count_components(
    outcomes: Iterable[ComponentOutcome],
    stored: Mapping[ComponentKey, str],
    changed_keys: set[ComponentKey],
    plan_: Plan,
) -> Counts:
    """Classify every VEVENT of the feed. ``changed_keys``: re-read components one of whose
    occurrences was inserted or updated (a context change can alter an unchanged block)."""
    counts = Counts(unchanged=len(plan_.unchanged), removed=len(plan_.removed))
    for outcome in outcomes:
        key = component_key(outcome.component)
        if outcome.skip is not None:
            counts.skipped.append(
                {
                    "uid": outcome.skip.uid or "",
                    "reason": str(outcome.skip.reason),
                    "line": str(outcome.component.line),
                    # The code and parameters the feed pages put into the reader's words.
                    **coded_parts(outcome.skip.reason),
                }
            )
        elif not outcome.occurrences:
            counts.outside_window += 1
        elif key not in stored:
            counts.added += 1
        elif stored[key] != outcome.component.hash or key in changed_keys:
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def is_drastic_shrink(previous: int, now: int) -> bool:
    """A feed that loses more than half its events at once is more likely broken than
    emptied on purpose (a partner's export job failing, a wrong calendar published)."""
    return previous >= 2 and now * 2 < previous


def valid_components(plan_: Plan, outcomes: Iterable[ComponentOutcome]) -> int:
    """The feed's distinct components that give events: the unchanged ones and the re-read ones
    not skipped. An older duplicate copy beside its current one, or a block nested in another,
    is skipped but counts nowhere: never a component twice, never fewer than none."""
    read = {component_key(o.component) for o in outcomes if o.skip is None}
    return len(plan_.unchanged | read)


def shrunk_from(last: int, week: int, now: int) -> tuple[int, bool] | None:
    """What a feed of ``now`` components shrank from by more than half: ``last`` (stored by the
    last sync), else ``week`` (the most it had over the past week: syncs that each drop just
    under half add up to a mass deletion too), with whether it was the week's; or ``None``."""
    if is_drastic_shrink(last, now):
        return last, False
    if is_drastic_shrink(week, now):
        return week, True
    return None
