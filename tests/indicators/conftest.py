"""Bases of the alliance for the indicator tests (flushed, not committed)."""

from __future__ import annotations

import pytest

from tests.factories import make_partner


@pytest.fixture
def bases(app):
    """Three alliance bases (Shanghai, Jiangsu, Hefei) and the office, which reports nothing."""
    make_partner(
        "alliance-office",
        name_en="Alliance Office",
        name_zh="联盟办公室",
        kind="government",
        alliance_member=True,
    )
    return {
        "changyang": make_partner(
            "changyang", name_en="Changyang Campus", name_zh="长阳创谷", alliance_member=True
        ),
        "suzhou": make_partner(
            "suzhou",
            name_en="Suzhou Innovation Base",
            name_zh="苏州双创示范基地",
            kind="base",
            region="jiangsu",
            alliance_member=True,
        ),
        "hefei": make_partner(
            "hefei",
            name_en="Hefei Innovation Base",
            name_zh="合肥双创示范基地",
            kind="base",
            region="anhui",
            alliance_member=True,
        ),
    }
