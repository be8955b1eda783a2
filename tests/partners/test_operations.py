from datetime import date

import pytest
from sqlalchemy import func, or_, select

from core.extensions import db
from core.models import AuditEntry, User
from events.models import Event
from federation.models import Feed, PartnerToken
from partners.leads.models import Lead
from partners.models import Link, Partner
from partners.operations import merge_partners
from tests.factories import make_event, make_feed, make_link, make_partner, make_user

pytestmark = pytest.mark.usefixtures("app")


def _count(model: type, *where: object) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_merge_moves_everything_and_drops_self_links() -> None:
    keep, dup = make_partner("kic"), make_partner("kic-duplicate")
    fudan, tongji = make_partner("fudan"), make_partner("tongji")
    make_link(keep, fudan, "mou")
    make_link(dup, fudan, "mou")  # the same link as keep's: collapses
    make_link(dup, fudan, "mou", since=date(2023, 1, 1))  # another start: kept
    make_link(tongji, dup, "incubation")
    make_link(dup, keep, "alliance")  # would join keep to itself: dropped
    for partner in (keep, dup):
        feed = make_feed(partner)
        make_event(feed), make_event(feed)
    make_user(role="partner", partner=dup)
    db.session.add(PartnerToken(partner_id=dup.id, token_hash="a" * 64, prefix="abcd"))
    db.session.add(Lead(organization_en="Exhibitor", introduced_by_id=dup.id, partner_id=dup.id))
    db.session.commit()
    links_before = _count(Link)

    moved = merge_partners(keep, dup)
    db.session.commit()

    assert db.session.get(Partner, dup.id) is None
    assert _count(Link) == links_before - 2
    assert moved["links moved"] == 2 and moved["self-links dropped"] == 1
    assert moved["duplicate links collapsed"] == 1
    assert _count(Link, Link.source_id == Link.target_id) == 0
    assert _count(Link, or_(Link.source_id == keep.id, Link.target_id == keep.id)) == 3
    assert _count(Feed) == 2 and _count(Feed, Feed.partner_id == keep.id) == 2
    assert _count(Event) == 4 and _count(Event, Event.partner_id == keep.id) == 4
    assert _count(User, User.partner_id == keep.id) == 1
    assert _count(PartnerToken, PartnerToken.partner_id == keep.id) == 1
    lead = db.session.scalar(select(Lead))
    assert lead.introduced_by_id == keep.id and lead.partner_id == keep.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "partner.merge"))
    assert entry.details["duplicate"]["slug"] == "kic-duplicate"
    assert entry.details["moved"]["event.partner_id"] == 2
    assert "kic-duplicate → kic" in entry.summary


def test_a_partner_is_not_merged_into_itself() -> None:
    partner = make_partner()
    with pytest.raises(ValueError):
        merge_partners(partner, partner)
