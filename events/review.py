"""Staff review of duplicate matches: uncertain pairs to merge, clusters to split."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core import audit
from core.auth import staff_required
from core.db_types import utcnow
from core.extensions import db
from core.ids import parse_id
from events import clusters, dedupe
from events.models import Event, EventCluster

WINDOW_DAYS = 180
DECISIONS = ("merged", "split")


def uncertain_pairs(limit: int = 100) -> list[tuple[Event, Event, float]]:
    """Pairs scoring between the thresholds that no staff decision or cluster settled."""
    now = utcnow()
    events = list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.partner))
            .where(
                Event.removed_at.is_(None),
                Event.end_at >= now,
                Event.start_at < now + timedelta(days=WINDOW_DAYS),
            )
        )
    )
    by_id = {e.id: e for e in events}
    decided = set(clusters._decisions())
    found = []
    for match in dedupe.matches(map(clusters.listing, events), floor=dedupe.REVIEW):
        a, b = by_id[match.a], by_id[match.b]
        settled = (a.cluster_id and a.cluster_id == b.cluster_id) or clusters.pair_key(
            a, b
        ) in decided
        if match.score < dedupe.MERGE and not settled:
            found.append((a, b, match.score))
    return sorted(found, key=lambda t: -t[2])[:limit]


def current_clusters(limit: int = 100) -> list[tuple[EventCluster, list[Event]]]:
    rows = db.session.scalars(
        select(Event)
        .options(joinedload(Event.partner))
        .where(Event.cluster_id.is_not(None), Event.removed_at.is_(None))
        .order_by(Event.start_at.desc(), Event.id)
    ).all()
    grouped: dict[int, list[Event]] = {}
    for event in rows:
        grouped.setdefault(event.cluster_id, []).append(event)
    found = [(db.session.get(EventCluster, cid), members) for cid, members in grouped.items()]
    return found[:limit]


@staff_required
def review_duplicates() -> Any:
    if request.method == "POST":
        return _decide()
    return render_template(
        "events/review.html", pairs=uncertain_pairs(), clusters=current_clusters()
    )


def _decide() -> Any:
    decision = request.form.get("decision", "")
    a_id, b_id = parse_id(request.form.get("a")), parse_id(request.form.get("b"))
    if decision not in DECISIONS or a_id is None or b_id is None:
        abort(400)
    a, b = db.session.get(Event, a_id), db.session.get(Event, b_id)
    if a is None or b is None or a.id == b.id:
        abort(404)
    clusters.decide(a, b, decision, current_user.id)
    audit.record(
        f"events.{decision}",
        a,
        summary=f"{decision}: event {a.id} and event {b.id}",
        details={"a": [a.feed_id, a.uid], "b": [b.feed_id, b.uid]},
    )
    db.session.commit()
    flash(_("Merged.") if decision == "merged" else _("Split."), "success")
    return redirect(url_for("events.review_duplicates"), code=303)


def register(bp: Blueprint) -> None:
    bp.add_url_rule(
        "/<lang:lang>/staff/duplicates",
        "review_duplicates",
        review_duplicates,
        methods=["GET", "POST"],
    )
