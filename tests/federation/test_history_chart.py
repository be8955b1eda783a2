"""The sync-history chart's geometry (pure: no app, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from federation.history_chart import Point, history_chart

T0 = datetime(2026, 5, 1, tzinfo=UTC)


def test_bars_run_oldest_to_newest_scaled_to_the_longest() -> None:
    points = [
        Point(T0 + timedelta(hours=2), 50, "error"),
        Point(T0, 100, "ok"),
        Point(T0 + timedelta(hours=1), 0, "held"),
    ]
    chart = history_chart(points, width=300, height=100, min_slots=3)
    assert [b.point.outcome for b in chart.bars] == ["ok", "held", "error"]
    assert chart.maximum == 100
    assert [b.height for b in chart.bars] == [100.0, 2.0, 50.0]  # 0 ms still shows as a sliver
    assert [b.y for b in chart.bars] == [0.0, 98.0, 50.0]
    assert chart.bars[1].x == 101.0 and chart.bars[0].width == 98.0


def test_an_empty_history_has_no_bars() -> None:
    assert history_chart([]).bars == ()


def test_one_sync_is_one_narrow_bar_at_the_right_not_a_block() -> None:
    chart = history_chart([Point(T0, 0, "error")], width=600, height=120)
    (bar,) = chart.bars
    assert bar.width == 18.0  # 600 / 30 slots, less the gap
    assert bar.x + bar.width == 599.0  # the newest run ends at the right edge
    assert bar.height == 2.0


def test_many_syncs_share_the_width() -> None:
    points = [Point(T0 + timedelta(hours=h), 10, "ok") for h in range(60)]
    chart = history_chart(points, width=600)
    assert [b.width for b in chart.bars[:2]] == [8.0, 8.0] and chart.bars[0].x == 1.0
