"""The alliance's regions: the one definition of their codes, names and groupings.

A partner is in one of the four Yangtze River Delta provinces (Shanghai counts as one) or
overseas; "the Delta" is the four, and bridges between the Delta and overseas partners are
what the network page looks for.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Region(StrEnum):
    SHANGHAI = "shanghai"
    JIANGSU = "jiangsu"
    ZHEJIANG = "zhejiang"
    ANHUI = "anhui"
    OVERSEAS = "overseas"


DELTA_REGIONS: frozenset[str] = frozenset(
    {Region.SHANGHAI, Region.JIANGSU, Region.ZHEJIANG, Region.ANHUI}
)

REGION_LABELS = {
    Region.SHANGHAI.value: _l("Shanghai"),
    Region.JIANGSU.value: _l("Jiangsu"),
    Region.ZHEJIANG.value: _l("Zhejiang"),
    Region.ANHUI.value: _l("Anhui"),
    Region.OVERSEAS.value: _l("Overseas"),
}

# How Chinese spreadsheets name the regions.
REGION_ALIASES = {
    "上海": Region.SHANGHAI.value,
    "江苏": Region.JIANGSU.value,
    "浙江": Region.ZHEJIANG.value,
    "安徽": Region.ANHUI.value,
    "海外": Region.OVERSEAS.value,
    "境外": Region.OVERSEAS.value,
}
