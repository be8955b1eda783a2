"""The sectors leads are recorded in, as a bilingual vocabulary (pure): what staff type or
import ("biomedicine", "生物医药", "Integrated Circuits") mapped to one sector whose name is
translated through Babel; a sector we do not know is shown as typed."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

SECTOR_NAMES = {
    "biomedicine": _l("Biomedicine"),
    "smart-manufacturing": _l("Smart manufacturing"),
    "integrated-circuits": _l("Integrated circuits"),
    "fintech": _l("Fintech"),
    "digital-culture": _l("Digital culture"),
    "online-new-economy": _l("Online new economy"),
    "beidou-smart-mobility": _l("BeiDou navigation and smart mobility"),
    "ai": _l("Artificial intelligence"),
    "new-energy": _l("New energy"),
    "new-materials": _l("New materials"),
    "robotics": _l("Robotics"),
    "software": _l("Software and information services"),
}
_SPELLINGS = {
    "biomedicine": "biomedicine",
    "biotech": "biomedicine",
    "生物医药": "biomedicine",
    "smartmanufacturing": "smart-manufacturing",
    "智能制造": "smart-manufacturing",
    "integratedcircuits": "integrated-circuits",
    "semiconductors": "integrated-circuits",
    "集成电路": "integrated-circuits",
    "fintech": "fintech",
    "金融科技": "fintech",
    "digitalculture": "digital-culture",
    "数字文化": "digital-culture",
    "onlineneweconomy": "online-new-economy",
    "在线新经济": "online-new-economy",
    "beidounavigationandsmartmobility": "beidou-smart-mobility",
    "北斗导航与智能出行": "beidou-smart-mobility",
    "ai": "ai",
    "artificialintelligence": "ai",
    "人工智能": "ai",
    "newenergy": "new-energy",
    "新能源": "new-energy",
    "newmaterials": "new-materials",
    "新材料": "new-materials",
    "robotics": "robotics",
    "机器人": "robotics",
    "software": "software",
    "softwareandinformationservices": "software",
    "软件和信息服务": "software",
}
_NOT_WORD = re.compile(r"[\W_]+")


def sector_key(sector: str) -> str | None:
    """The known sector ``sector`` names (case, spaces and punctuation aside), or None."""
    return _SPELLINGS.get(_NOT_WORD.sub("", (sector or "").casefold()))


def sector_label(sector: str) -> str:
    """The sector's name in the current language, or the sector as typed."""
    key = sector_key(sector)
    return str(SECTOR_NAMES[key]) if key else (sector or "").strip()
