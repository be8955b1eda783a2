"""The default framework (version 1): Yangpu's four dimensions (双创要素, 双创环境, 双创成果,
双创影响), reported indicators like those its index publishes, and the figures Huiju
measures itself — most of them influence, where the alliance's own data says most."""

from __future__ import annotations

from indicators.framework import Dimension, Framework, Indicator

DIMENSIONS = (
    Dimension("resources", "双创要素", "Innovation resources", 0.25),
    Dimension("environment", "双创环境", "Innovation environment", 0.25),
    Dimension("achievements", "双创成果", "Innovation achievements", 0.25),
    Dimension("influence", "双创影响", "Innovation influence", 0.25),
)


def _i(code: str, dim: str, zh: str, en: str, unit: str, **more: object) -> Indicator:
    return Indicator(code, dim, zh, en, unit, **more)  # type: ignore[arg-type]


INDICATORS = (
    _i("platforms", "resources", "专业技术服务平台", "Professional technical service platforms",
       "个"),
    _i("incubators", "resources", "省级及以上孵化器", "Incubators at provincial level or above",
       "家"),
    _i("incubation_area", "resources", "孵化及园区面积", "Incubation and park space", "万平方米"),
    _i("rd_staff", "resources", "研发人员", "R&D personnel", "人"),
    _i("tech_centres", "environment", "企业技术中心", "Enterprise technology centres", "家"),
    _i("venture_investment", "environment", "创业投资额", "Venture investment", "亿元"),
    _i("office_rent", "environment", "平均办公租金", "Average office rent", "元/平方米·天",
       direction="-", kind="mean"),
    _i("feed_health", "environment", "活动信息源健康率", "Share of the period the feed was healthy",
       "%", kind="mean", source="derived"),
    _i("events_held", "environment", "举办双创活动", "Events held by the base", "场",
       source="derived"),
    _i("hightech_firms", "achievements", "高新技术企业", "High-tech enterprises", "家"),
    _i("specialised_smes", "achievements", "专精特新中小企业", "Specialised and sophisticated SMEs",
       "家"),
    _i("listed_companies", "achievements", "上市挂牌企业", "Companies listed or quoted", "家"),
    _i("patents_per_10k", "achievements", "每万人发明专利拥有量",
       "Invention patents per 10,000 residents", "件", kind="mean"),
    _i("leads_landed", "achievements", "引进落地项目", "Leads introduced by the base that landed",
       "个", source="derived"),
    _i("attendance", "influence", "双创活动参与人次", "Event attendance", "人次"),
    _i("international_events", "influence", "国际双创活动", "International events", "场",
       source="derived"),
    _i("cross_region_events", "influence", "跨区域联合举办活动", "Cross-region co-hosted events",
       "场", source="derived"),
    _i("new_links", "influence", "新增合作关系", "New cooperation links", "项", source="derived"),
    _i("international_links", "influence", "国际合作关系", "International cooperation links", "项",
       source="derived"),
)  # fmt: skip

DEFAULT = Framework(1, DIMENSIONS, INDICATORS, note="Huiju default framework")
