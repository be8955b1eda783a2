"""Dashboard figures from plain facts (pure), and the page that draws them."""

from datetime import UTC, date, datetime

from flask.testing import FlaskClient

from core.extensions import db
from partners.leads.dashboard import (
    LeadFact,
    StageFact,
    conversion,
    funnel,
    median_days_per_stage,
    overdue_by_owner,
)
from partners.leads.operations import create_lead, move_stage
from tests.factories import login, make_user


def _at(day: int) -> datetime:
    return datetime(2026, 11, day, 8, 0, tzinfo=UTC)


LEADS = [
    LeadFact(1, "CIIE 2026", "landed", date(2026, 11, 6), "anna", None),
    LeadFact(2, "CIIE 2026", "lost", date(2026, 11, 6), "anna", date(2026, 11, 1)),
    LeadFact(3, "CIIE 2026", "contacted", date(2026, 11, 7), "ben", date(2026, 11, 18)),
    LeadFact(4, "CIIE 2025", "new", date(2025, 11, 7), "anna", date(2026, 11, 19)),
    LeadFact(5, "CIIE 2025", "landed", date(2025, 11, 8), "", None),
]
CHANGES = [
    StageFact(1, "", "new", _at(1)), StageFact(1, "new", "contacted", _at(3)),
    StageFact(1, "contacted", "meeting", _at(4)), StageFact(1, "meeting", "proposal", _at(8)),
    StageFact(1, "proposal", "signed", _at(9)), StageFact(1, "signed", "landed", _at(10)),
    StageFact(2, "", "new", _at(1)), StageFact(2, "new", "contacted", _at(2)),
    StageFact(2, "contacted", "meeting", _at(3)), StageFact(2, "meeting", "lost", _at(10)),
    StageFact(3, "", "new", _at(2)), StageFact(3, "new", "contacted", _at(7)),
]  # fmt: skip


def test_funnel_counts_how_far_each_lead_got() -> None:
    rows = {row.source: row for row in funnel(LEADS, CHANGES)}
    assert dict(rows["CIIE 2026"].reached) == {
        "new": 3, "contacted": 3, "meeting": 2, "proposal": 1, "signed": 1, "landed": 1
    }  # fmt: skip
    assert rows["CIIE 2026"].total == 3
    assert dict(rows["CIIE 2025"].reached)["landed"] == 1  # imported as landed, no history


def test_conversion_per_source_and_year() -> None:
    rows = [(r.source, r.year, r.total, r.landed, round(r.rate, 2)) for r in conversion(LEADS)]
    assert rows == [("CIIE 2025", 2025, 2, 1, 0.5), ("CIIE 2026", 2026, 3, 1, 0.33)]


def test_median_days_per_stage_counts_finished_stays_only() -> None:
    medians = median_days_per_stage(CHANGES)
    assert medians["new"] == 2.0  # 2, 1 and 5 days
    assert medians["contacted"] == 1.0  # 1 and 1 day; lead 3 is still there
    assert medians["meeting"] == 5.5  # 4 and 7 days
    assert "landed" not in medians and "lost" not in medians


def test_overdue_per_owner() -> None:
    assert overdue_by_owner(LEADS, date(2026, 11, 19)) == [("ben", 1)]  # lost leads don't count
    assert overdue_by_owner(LEADS, date(2026, 11, 20)) == [("anna", 1), ("ben", 1)]


def test_the_dashboard_page_draws_svg_with_numbers(client: FlaskClient) -> None:
    staff = make_user()
    for name in ("Siemens", "Fonterra"):
        lead = create_lead({"organization_en": name, "source": "CIIE 2026"})
    move_stage(lead, "contacted")
    db.session.commit()
    login(client, staff)
    response = client.get("/en/staff/leads/dashboard")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("<svg") == 2 and "CIIE 2026" in page
    assert "0.0%" in page and "(0/2)" in page
    assert 'class="chart-bar stage-contacted"' in page
    assert "style=" not in page  # CSP: no inline styles


def test_the_page_shows_known_medians_sources_once_and_unassigned_owners(
    client: FlaskClient,
) -> None:
    staff = make_user()
    days = {"Siemens": (0, 2, 6), "Fonterra": (0, 4, 5), "Volvo": (0, 6, 9)}
    for name, (created, contacted, meeting) in days.items():
        lead = create_lead({"organization_en": name, "source": "CIIE 2026",
                            "next_follow_up_on": date(2020, 1, 1)})  # fmt: skip
        move_stage(lead, "contacted")
        move_stage(lead, "meeting")
        for change, day in zip(lead.stage_changes, (created, contacted, meeting), strict=True):
            change.at = _at(1 + day)
    db.session.commit()
    login(client, staff)
    page = client.get("/en/staff/leads/dashboard").get_data(as_text=True)
    # New: 2, 4 and 6 days (median 4); contacted: 4, 1 and 3 days (median 3).
    assert "<td>New</td><td>4</td>" in page and "<td>Contacted</td><td>3</td>" in page
    assert "CIIE 2026 2026" not in page and ">CIIE 2026</text>" in page
    assert "<td>Unassigned</td>" in page and "Nobody" not in page
    zh = client.get("/zh/staff/leads/dashboard").get_data(as_text=True)
    assert "<td>未分配</td>" in zh
