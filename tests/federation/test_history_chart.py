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
    chart = history_chart(points, width=300, height=100)
    assert [b.point.outcome for b in chart.bars] == ["ok", "held", "error"]
    assert chart.maximum == 100
    assert [b.height for b in chart.bars] == [100.0, 2.0, 50.0]  # 0 ms still shows as a sliver
    assert [b.y for b in chart.bars] == [0.0, 98.0, 50.0]
    assert chart.bars[1].x == 101.0 and chart.bars[0].width == 98.0


def test_an_empty_history_has_no_bars() -> None:
    assert history_chart([]).bars == ()
