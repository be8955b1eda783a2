"""The sectors leads are recorded in, as a bilingual vocabulary (pure): what staff type or
import ("biomedicine", "生物医药", "Integrated Circuits") mapped to one sector whose name is
translated through Babel; a sector we do not know is shown as typed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.vocabulary import Vocabulary

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
SECTORS = Vocabulary(SECTOR_NAMES, _SPELLINGS)
# The known sector a sector as typed names (None if unknown), and its name in the current
# language (the sector as typed when unknown).
sector_key = SECTORS.key
sector_label = SECTORS.label
