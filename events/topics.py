"""Topics as a bilingual vocabulary (pure): the categories partners write in their feeds
(``CATEGORIES:AI,Big Data``, ``人工智能``, ``Warm-up``…) mapped to one canonical topic whose
name is translated through Babel. A category we do not know is shown as received: it is the
partner's data, never put through gettext.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.vocabulary import Vocabulary

# Canonical key -> its name (a msgid). Keys are stable: filters and tests name them.
TOPIC_NAMES = {
    "ai": _l("Artificial intelligence"),
    "big-data": _l("Big data"),
    "biomedicine": _l("Biomedicine"),
    "integrated-circuits": _l("Integrated circuits"),
    "fintech": _l("Fintech"),
    "digital-culture": _l("Digital culture"),
    "online-economy": _l("Online economy"),
    "design": _l("Design"),
    "venture-capital": _l("Venture capital"),
    "entrepreneurship": _l("Entrepreneurship"),
    "international": _l("International"),
    "bootcamp": _l("Bootcamp"),
    "demo-day": _l("Demo day"),
    "pitch": _l("Pitch event"),
    "meetup": _l("Meetup"),
    "forum": _l("Forum"),
    "salon": _l("Salon"),
    "summit": _l("Summit"),
    "conference": _l("Conference"),
    "workshop": _l("Workshop"),
    "training": _l("Training"),
    "matchmaking": _l("Matchmaking"),
    "competition": _l("Competition"),
    "hackathon": _l("Hackathon"),
    "ceremony": _l("Ceremony"),
    "partner-event": _l("Partner event"),
    "warm-up": _l("Warm-up"),
    "volunteers": _l("Volunteers"),
    "community": _l("Community"),
    "online": _l("Online"),
    "networking": _l("Networking"),
    "education": _l("Education"),
    "exhibition": _l("Exhibition"),
}

# Spellings seen in partners' feeds (already folded by ``fold``) -> canonical key.
_SPELLINGS = {
    "ai": "ai",
    "artificialintelligence": "ai",
    "人工智能": "ai",
    "bigdata": "big-data",
    "大数据": "big-data",
    "biomedicine": "biomedicine",
    "biomedical": "biomedicine",
    "biotech": "biomedicine",
    "生物医药": "biomedicine",
    "生物医学": "biomedicine",
    "integratedcircuits": "integrated-circuits",
    "integratedcircuit": "integrated-circuits",
    "semiconductors": "integrated-circuits",
    "集成电路": "integrated-circuits",
    "fintech": "fintech",
    "金融科技": "fintech",
    "digitalculture": "digital-culture",
    "数字文化": "digital-culture",
    "onlineeconomy": "online-economy",
    "在线经济": "online-economy",
    "design": "design",
    "设计": "design",
    "venturecapital": "venture-capital",
    "vc": "venture-capital",
    "investment": "venture-capital",
    "创业投资": "venture-capital",
    "创投": "venture-capital",
    "entrepreneurship": "entrepreneurship",
    "startup": "entrepreneurship",
    "startups": "entrepreneurship",
    "创业": "entrepreneurship",
    "双创": "entrepreneurship",
    "international": "international",
    "国际": "international",
    "国际交流": "international",
    "bootcamp": "bootcamp",
    "训练营": "bootcamp",
    "demoday": "demo-day",
    "路演日": "demo-day",
    "pitch": "pitch",
    "pitching": "pitch",
    "roadshow": "pitch",
    "路演": "pitch",
    "meetup": "meetup",
    "聚会": "meetup",
    "forum": "forum",
    "论坛": "forum",
    "salon": "salon",
    "沙龙": "salon",
    "summit": "summit",
    "峰会": "summit",
    "conference": "conference",
    "会议": "conference",
    "大会": "conference",
    "workshop": "workshop",
    "workshops": "workshop",
    "工作坊": "workshop",
    "training": "training",
    "培训": "training",
    "matchmaking": "matchmaking",
    "对接会": "matchmaking",
    "对接": "matchmaking",
    "competition": "competition",
    "contest": "competition",
    "比赛": "competition",
    "大赛": "competition",
    "hackathon": "hackathon",
    "黑客马拉松": "hackathon",
    "ceremony": "ceremony",
    "仪式": "ceremony",
    "典礼": "ceremony",
    "partnerevent": "partner-event",
    "partnerevents": "partner-event",
    "合作伙伴活动": "partner-event",
    "warmup": "warm-up",
    "预热": "warm-up",
    "热身活动": "warm-up",
    "volunteers": "volunteers",
    "volunteer": "volunteers",
    "志愿者": "volunteers",
    "community": "community",
    "社区": "community",
    "online": "online",
    "线上": "online",
    "networking": "networking",
    "social": "networking",
    "交流": "networking",
    "education": "education",
    "教育": "education",
    "exhibition": "exhibition",
    "expo": "exhibition",
    "展览": "exhibition",
    "展会": "exhibition",
}

TOPICS = Vocabulary(TOPIC_NAMES, _SPELLINGS)
# The canonical topic of a category as received (None: one we do not know), and its name in
# the current language (the category as received when unknown).
topic_key = TOPICS.key
topic_label = TOPICS.label


def same_topic(category: str, known: list[str]) -> list[str]:
    """``category`` and every spelling in ``known`` of the same topic (a filter on "AI" finds
    events tagged "人工智能" too); an unknown category only matches itself."""
    key = topic_key(category)
    return [category, *(c for c in known if key and c != category and topic_key(c) == key)]


def one_per_topic(categories: list[str]) -> list[str]:
    """The first spelling of each topic, and every unknown category: one choice per topic."""
    seen: set[str] = set()
    kept = []
    for category in categories:
        key = topic_key(category) or category.casefold()
        if key not in seen:
            kept.append(category)
        seen.add(key)
    return kept
