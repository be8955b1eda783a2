"""The demo world as data: partners, cooperation links and the feeds they publish.

Drawn from ../shared/DEMO-WORLD.md (Yangpu's 2020–2022 innovation action plan). Organisations
the plan names keep their real names; the Delta bases, the Tokyo and Singapore living rooms and
the Silicon Valley incubator are illustrative, and their websites use example domains.
Plain frozen dataclasses and tuples: loading them into a database is somebody else's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partners.kinds import PartnerKind
from partners.regions import Region

PARTNER_KINDS = frozenset(PartnerKind)
REGIONS = frozenset(Region)
LINK_KINDS = frozenset(
    {"alliance", "mou", "cohost", "investment", "tech_transfer", "incubation", "referral", "lead"}
)
FEED_LANGUAGES = frozenset({"zh", "en", "auto"})

ALLIANCE_OFFICE = "yangpu-alliance-office"


@dataclass(frozen=True)
class DemoPartner:
    slug: str
    name_en: str
    name_zh: str
    kind: str
    region: str
    country: str
    city_en: str
    city_zh: str
    website: str
    description_en: str
    description_zh: str
    alliance_member: bool
    joined_on: date


@dataclass(frozen=True)
class DemoLink:
    source: str
    target: str
    kind: str
    since: date
    until: date | None
    weight: float
    note_en: str
    note_zh: str


@dataclass(frozen=True)
class DemoFeed:
    partner: str
    file: str
    language: str


_CITY = {
    "shanghai": ("CN", "Shanghai", "上海"),
    "suzhou": ("CN", "Suzhou", "苏州"),
    "nanjing": ("CN", "Nanjing", "南京"),
    "wuxi": ("CN", "Wuxi", "无锡"),
    "hangzhou": ("CN", "Hangzhou", "杭州"),
    "jiaxing": ("CN", "Jiaxing", "嘉兴"),
    "hefei": ("CN", "Hefei", "合肥"),
    "wuhu": ("CN", "Wuhu", "芜湖"),
    "san-francisco": ("US", "San Francisco", "旧金山"),
    "san-jose": ("US", "San Jose", "圣何塞"),
    "helsinki": ("FI", "Helsinki", "赫尔辛基"),
    "sydney": ("AU", "Sydney", "悉尼"),
    "tokyo": ("JP", "Tokyo", "东京"),
    "singapore": ("SG", "Singapore", "新加坡"),
}


def _partner(
    slug: str,
    names: tuple[str, str],
    kind: str,
    region: str,
    city: str,
    website: str,
    description_en: str,
    description_zh: str,
    member: bool,
    joined_on: str,
) -> DemoPartner:
    country, city_en, city_zh = _CITY[city]
    return DemoPartner(
        slug=slug,
        name_en=names[0],
        name_zh=names[1],
        kind=kind,
        region=region,
        country=country,
        city_en=city_en,
        city_zh=city_zh,
        website=website,
        description_en=description_en,
        description_zh=description_zh,
        alliance_member=member,
        joined_on=date.fromisoformat(joined_on),
    )


def _link(
    source: str,
    target: str,
    kind: str,
    since: str,
    weight: float,
    note_en: str,
    note_zh: str,
    until: str | None = None,
) -> DemoLink:
    return DemoLink(
        source=source,
        target=target,
        kind=kind,
        since=date.fromisoformat(since),
        until=date.fromisoformat(until) if until else None,
        weight=weight,
        note_en=note_en,
        note_zh=note_zh,
    )


PARTNERS: tuple[DemoPartner, ...] = (
    # --- Shanghai · Yangpu: the alliance office, parks, platforms, universities ---
    _partner(
        ALLIANCE_OFFICE,
        ("Delta Innovation Base Alliance Office", "长三角双创示范基地联盟办公室"),
        "government",
        "shanghai",
        "shanghai",
        "https://yrd-alliance.example.org",
        "Secretariat of the alliance of the Delta's national innovation demonstration bases, "
        "hosted by Yangpu District. It coordinates joint events, the technology-transfer "
        "network and the regular innovation statistics.",
        "长三角双创示范基地联盟秘书处，设在杨浦区，统筹联合活动、技术转移网络和双创指标统计报送。",
        True,
        "2019-06-18",
    ),
    _partner(
        "changyang-campus",
        ("Changyang Campus", "长阳创谷"),
        "park",
        "shanghai",
        "shanghai",
        "https://changyang-campus.example.org",
        "Former factory buildings on Changyang Road converted into an innovation park for "
        "internet, AI and smart-hardware companies.",
        "由长阳路老工业厂房改造而成的创新园区，集聚互联网、人工智能和智能硬件企业。",
        True,
        "2019-06-18",
    ),
    _partner(
        "kic",
        ("KIC Knowledge & Innovation Community", "创智天地"),
        "park",
        "shanghai",
        "shanghai",
        "https://kic.example.org",
        "Innovation community between Fudan University and Wujiaochang with start-ups, "
        "corporate R&D offices and the KIC Plaza event space.",
        "毗邻复旦大学和五角场的创新社区，汇集初创企业和企业研发中心，设有创智天地广场活动空间。",
        True,
        "2019-06-18",
    ),
    _partner(
        "tongji-knowledge-economy-circle",
        ("Tongji Knowledge Economy Circle", "环同济知识经济圈"),
        "park",
        "shanghai",
        "shanghai",
        "https://tongji-circle.example.org",
        "Cluster of design, architecture and engineering consultancies that grew up around "
        "Tongji University's Siping Road campus.",
        "围绕同济大学四平路校区形成的设计、建筑和工程咨询产业集群。",
        True,
        "2019-09-02",
    ),
    _partner(
        "yangpu-riverside",
        ("Yangpu Riverside", "杨浦滨江"),
        "park",
        "shanghai",
        "shanghai",
        "https://yangpu-riverside.example.org",
        "Former shipyards and mills along the Huangpu River, redeveloped into offices for "
        "digital-economy firms, event venues and public space.",
        "黄浦江畔的老船厂和老厂房岸线，更新为数字经济企业办公区、活动场馆和公共空间。",
        True,
        "2020-03-16",
    ),
    _partner(
        "hulian-baodi",
        ("Hulian Baodi Tech Park", "互联宝地"),
        "park",
        "shanghai",
        "shanghai",
        "https://hulian-baodi.example.org",
        "Tech park in Yangpu for online new economy and internet-platform companies.",
        "杨浦的科技园区，主要承载在线新经济和互联网平台企业。",
        True,
        "2021-04-12",
    ),
    _partner(
        "bay-valley-science-park",
        ("Bay Valley Science Park", "湾谷科技园"),
        "park",
        "shanghai",
        "shanghai",
        "https://bay-valley.example.org",
        "Science park in northern Yangpu with smart-manufacturing and industrial-internet firms.",
        "位于杨浦北部的科技园区，集聚智能制造和工业互联网企业。",
        True,
        "2021-09-06",
    ),
    _partner(
        "sufe-finance-valley",
        ("SUFE Finance Valley", "财大金融谷"),
        "park",
        "shanghai",
        "shanghai",
        "https://sufe-finance-valley.example.org",
        "Fintech incubation zone developed with the Shanghai University of Finance and Economics.",
        "与上海财经大学合作建设的金融科技孵化集聚区。",
        True,
        "2022-05-09",
    ),
    _partner(
        "ttc-east",
        ("National Technology Transfer Center (East China)", "国家技术转移东部中心"),
        "platform",
        "shanghai",
        "shanghai",
        "https://ttc-east.example.org",
        "National technology-transfer platform for East China. It runs results roadshows, "
        "technology-manager training and a matching service for companies' technical needs.",
        "面向华东地区的国家级技术转移平台，开展成果路演、技术经理人培训和企业技术需求对接。",
        True,
        "2020-01-08",
    ),
    _partner(
        "shanghai-technology-exchange",
        ("Shanghai Technology Exchange", "上海技术交易所"),
        "platform",
        "shanghai",
        "shanghai",
        "https://shanghai-tech-exchange.example.org",
        "Market for listing and trading technology rights and patents, with pricing and "
        "settlement services.",
        "开展技术权益和专利挂牌交易的市场平台，提供评估定价和交易结算服务。",
        True,
        "2020-11-20",
    ),
    _partner(
        "wujiaochang-academy",
        ("Wujiaochang Innovation & Entrepreneurship Academy", "五角场创新创业学院"),
        "university",
        "shanghai",
        "shanghai",
        "https://wujiaochang-academy.example.org",
        "Entrepreneurship school shared by the universities around Wujiaochang, with courses, "
        "mentoring and a student start-up competition.",
        "五角场周边高校共建的创新创业学院，提供课程、导师辅导和大学生创业大赛。",
        True,
        "2020-09-01",
    ),
    _partner(
        "shanghai-entrepreneurs-training-base",
        ("China (Shanghai) Entrepreneurs' Public Training Base", "中国（上海）创业者公共实训基地"),
        "base",
        "shanghai",
        "shanghai",
        "https://founder-training.example.org",
        "Public training centre for founders in Yangpu that runs subsidised courses on "
        "finance, law and product development.",
        "位于杨浦的创业者公共实训中心，开设财税、法务和产品开发等补贴课程。",
        True,
        "2019-06-18",
    ),
    _partner(
        "innospace-plus",
        ("INNOSPACE+", "INNOSPACE+ 国际创新平台"),
        "incubator",
        "shanghai",
        "shanghai",
        "https://innospace.example.org",
        "International incubator in Yangpu that pairs start-ups with the open-innovation "
        "programmes of large corporations.",
        "位于杨浦的国际化孵化器，把初创企业与大企业的开放创新项目对接。",
        True,
        "2019-11-11",
    ),
    _partner(
        "vc-link",
        ("VC-LINK", "VC-LINK"),
        "investor",
        "shanghai",
        "shanghai",
        "https://vc-link.example.org",
        "Investor network that holds regular deal-flow sessions between Yangpu start-ups "
        "and venture funds.",
        "投资人网络，定期组织杨浦初创企业与创投基金的项目对接会。",
        False,
        "2021-03-03",
    ),
    _partner(
        "beidou-innovation-institute",
        ("BeiDou Innovation Research Institute", "北斗创新研究院"),
        "platform",
        "shanghai",
        "shanghai",
        "https://beidou-institute.example.org",
        "Research institute for BeiDou satellite-navigation applications in smart mobility "
        "and logistics.",
        "面向智慧出行和物流场景的北斗卫星导航应用研究机构。",
        True,
        "2023-02-13",
    ),
    _partner(
        "accenture-china-innovation-hub",
        ("Accenture China Innovation Hub", "埃森哲中国创新中心"),
        "enterprise",
        "shanghai",
        "shanghai",
        "https://www.accenture.com/cn-zh",
        "Accenture's innovation centre in Shanghai, where client companies run pilot "
        "projects with start-ups.",
        "埃森哲在上海的创新中心，组织客户企业与初创企业开展试点项目。",
        False,
        "2022-01-17",
    ),
    _partner(
        "tongji-university",
        ("Tongji University", "同济大学"),
        "university",
        "shanghai",
        "shanghai",
        "https://www.tongji.edu.cn",
        "University in Yangpu known for architecture, civil engineering and design, and the "
        "anchor of the Tongji knowledge economy circle.",
        "位于杨浦的高校，以建筑、土木工程和设计见长，是环同济知识经济圈的依托。",
        False,
        "2019-09-02",
    ),
    _partner(
        "fudan-university",
        ("Fudan University", "复旦大学"),
        "university",
        "shanghai",
        "shanghai",
        "https://www.fudan.edu.cn",
        "Comprehensive research university in Yangpu with strong medicine, microelectronics "
        "and economics departments.",
        "位于杨浦的综合性研究型大学，医学、微电子和经济学科实力突出。",
        False,
        "2019-10-15",
    ),
    _partner(
        "sufe",
        ("Shanghai University of Finance and Economics", "上海财经大学"),
        "university",
        "shanghai",
        "shanghai",
        "https://www.sufe.edu.cn",
        "Finance and economics university in Yangpu and partner of the SUFE Finance Valley.",
        "位于杨浦的财经类高校，与财大金融谷合作发展金融科技。",
        False,
        "2022-05-09",
    ),
    # --- international events held in Yangpu ---
    _partner(
        "gew-china",
        ("Global Entrepreneurship Week China", "全球创业周中国站"),
        "international",
        "shanghai",
        "shanghai",
        "https://gew-china.example.org",
        "Chinese edition of Global Entrepreneurship Week in the GEN network, held in Yangpu "
        "every November.",
        "全球创业网络（GEN）全球创业周的中国站，每年11月在杨浦举办。",
        False,
        "2020-11-16",
    ),
    _partner(
        "slush-shanghai",
        ("Slush Shanghai", "Slush 上海国际创投大会"),
        "international",
        "shanghai",
        "shanghai",
        "https://slush-shanghai.example.org",
        "Shanghai edition of the start-up and investor conference that began in Helsinki.",
        "源自赫尔辛基的创业与投资大会在上海举办的会议。",
        False,
        "2020-09-14",
    ),
    _partner(
        "asia-smart-hardware-competition",
        ("Asia Smart Hardware Competition", "亚洲智能硬件大赛"),
        "international",
        "shanghai",
        "shanghai",
        "https://ashc.example.org",
        "Annual competition for smart-hardware start-ups from across Asia; the finals are "
        "held in Yangpu.",
        "面向亚洲智能硬件创业团队的年度大赛，总决赛在杨浦举办。",
        False,
        "2021-05-17",
    ),
    # --- the Delta: Jiangsu, Zhejiang, Anhui (illustrative bases) ---
    _partner(
        "sunan-tech-transfer-center",
        ("Southern Jiangsu Technology Transfer Center", "苏南科技成果转化中心"),
        "platform",
        "jiangsu",
        "suzhou",
        "https://sunan-transfer.example.org",
        "Regional platform that matches university research in southern Jiangsu with "
        "manufacturers across the Delta.",
        "对接苏南高校科研成果与长三角制造企业的区域性成果转化平台。",
        True,
        "2020-06-15",
    ),
    _partner(
        "suzhou-innovation-base",
        ("Suzhou Innovation Base", "苏州双创示范基地"),
        "base",
        "jiangsu",
        "suzhou",
        "https://suzhou-base.example.org",
        "Illustrative alliance member in Suzhou with biomedicine and nanotechnology incubators.",
        "示例联盟成员，位于苏州，设有生物医药和纳米技术孵化器。",
        True,
        "2020-06-15",
    ),
    _partner(
        "nanjing-innovation-base",
        ("Nanjing Innovation Base", "南京双创示范基地"),
        "base",
        "jiangsu",
        "nanjing",
        "https://nanjing-base.example.org",
        "Illustrative alliance member in Nanjing working with local universities on "
        "integrated-circuit and software start-ups.",
        "示例联盟成员，位于南京，与本地高校合作培育集成电路和软件创业企业。",
        True,
        "2021-10-18",
    ),
    _partner(
        "wuxi-innovation-base",
        ("Wuxi Innovation Base", "无锡双创示范基地"),
        "base",
        "jiangsu",
        "wuxi",
        "https://wuxi-base.example.org",
        "Illustrative alliance member in Wuxi with IoT and industrial-internet programmes.",
        "示例联盟成员，位于无锡，开展物联网和工业互联网项目。",
        True,
        "2024-04-22",
    ),
    _partner(
        "hangzhou-innovation-base",
        ("Hangzhou Innovation Base", "杭州双创示范基地"),
        "base",
        "zhejiang",
        "hangzhou",
        "https://hangzhou-base.example.org",
        "Illustrative alliance member in Hangzhou focused on the online new economy, "
        "e-commerce services and digital culture.",
        "示例联盟成员，位于杭州，聚焦在线新经济、电商服务和数字文化。",
        True,
        "2020-12-07",
    ),
    _partner(
        "jiaxing-innovation-base",
        ("Jiaxing Innovation Base", "嘉兴双创示范基地"),
        "base",
        "zhejiang",
        "jiaxing",
        "https://jiaxing-base.example.org",
        "Illustrative alliance member in Jiaxing, the newest base, with a smart-manufacturing "
        "accelerator.",
        "示例联盟成员，位于嘉兴，是最新加入的基地，设有智能制造加速器。",
        True,
        "2026-03-09",
    ),
    _partner(
        "hefei-innovation-base",
        ("Hefei Innovation Base", "合肥双创示范基地"),
        "base",
        "anhui",
        "hefei",
        "https://hefei-base.example.org",
        "Illustrative alliance member in Hefei with AI, speech-technology and "
        "integrated-circuit programmes.",
        "示例联盟成员，位于合肥，开展人工智能、智能语音和集成电路项目。",
        True,
        "2021-07-05",
    ),
    _partner(
        "wuhu-innovation-base",
        ("Wuhu Innovation Base", "芜湖双创示范基地"),
        "base",
        "anhui",
        "wuhu",
        "https://wuhu-base.example.org",
        "Illustrative alliance member in Wuhu working on robotics and new-energy vehicles.",
        "示例联盟成员，位于芜湖，聚焦机器人和新能源汽车。",
        True,
        "2025-08-25",
    ),
    # --- overseas partners, incubators and city living rooms ---
    _partner(
        "bay-area-council",
        ("Bay Area Council", "旧金山湾区委员会"),
        "international",
        "overseas",
        "san-francisco",
        "https://www.bayareacouncil.org",
        "Business-sponsored public-policy organisation in the San Francisco Bay Area; in the "
        "demo it co-runs the San Francisco city living room.",
        "由企业资助的旧金山湾区公共政策组织；在演示数据中与联盟合办旧金山城市会客厅。",
        False,
        "2020-10-26",
    ),
    _partner(
        "silicon-valley-incubator",
        ("Yangpu Silicon Valley Incubator", "杨浦硅谷孵化器"),
        "incubator",
        "overseas",
        "san-jose",
        "https://sv-incubator.example.org",
        "Illustrative overseas incubator in San Jose where Yangpu start-ups test the US market.",
        "示例海外孵化器，位于圣何塞，供杨浦初创企业试水美国市场。",
        False,
        "2023-09-11",
    ),
    _partner(
        "nordic-innovation-center",
        ("Nordic Innovation Center", "北欧创新中心"),
        "international",
        "overseas",
        "helsinki",
        "https://nordic-innovation.example.org",
        "Helsinki-based centre that helps Nordic start-ups enter China and hosts Yangpu "
        "founders visiting the Nordics.",
        "总部位于赫尔辛基，帮助北欧初创企业进入中国，并接待赴北欧的杨浦创业者。",
        False,
        "2021-02-22",
    ),
    _partner(
        "nsw-innovation-platform",
        ("NSW Innovation Platform", "新南威尔士创新平台"),
        "international",
        "overseas",
        "sydney",
        "https://nsw-innovation.example.org",
        "Sydney platform linking New South Wales start-ups and universities with partners "
        "in the Delta.",
        "位于悉尼，连接新南威尔士州初创企业、高校与长三角合作方的创新平台。",
        False,
        "2022-03-14",
    ),
    _partner(
        "tokyo-city-living-room",
        ("Tokyo City Living Room", "东京城市会客厅"),
        "international",
        "overseas",
        "tokyo",
        "https://tokyo-living-room.example.org",
        "Illustrative city living room in Tokyo that receives Japanese founders and "
        "smart-hardware firms interested in the Delta.",
        "示例城市会客厅，位于东京，接待有意进入长三角的日本创业者和智能硬件企业。",
        False,
        "2023-04-10",
    ),
    _partner(
        "singapore-city-living-room",
        ("Singapore City Living Room", "新加坡城市会客厅"),
        "international",
        "overseas",
        "singapore",
        "https://sg-living-room.example.org",
        "Illustrative city living room in Singapore for fintech and logistics start-ups "
        "looking at the Delta.",
        "示例城市会客厅，位于新加坡，服务关注长三角的金融科技和物流初创企业。",
        False,
        "2024-02-19",
    ),
)


def _alliance_links() -> tuple[DemoLink, ...]:
    """Every member base belongs to the alliance from the day it joined."""
    return tuple(
        _link(
            p.slug,
            ALLIANCE_OFFICE,
            "alliance",
            p.joined_on.isoformat(),
            0.6 if p.region == "shanghai" else 0.8,
            "Member of the Delta innovation base alliance.",
            "长三角双创示范基地联盟成员。",
        )
        for p in PARTNERS
        if p.alliance_member and p.slug != ALLIANCE_OFFICE
    )


_COOPERATION: tuple[DemoLink, ...] = (
    # Delta technology-results alliance
    _link(
        "ttc-east",
        "shanghai-technology-exchange",
        "tech_transfer",
        "2020-11-20",
        0.9,
        "Roadshow projects are listed on the exchange.",
        "路演成果在技术交易所挂牌。",
    ),
    _link(
        "ttc-east",
        "sunan-tech-transfer-center",
        "tech_transfer",
        "2020-06-15",
        0.8,
        "Shared catalogue of Delta technology results.",
        "共建长三角科技成果库。",
    ),
    _link(
        "shanghai-technology-exchange",
        "sunan-tech-transfer-center",
        "tech_transfer",
        "2021-03-01",
        0.6,
        "Southern Jiangsu patents listed in Shanghai.",
        "苏南专利在上海挂牌交易。",
    ),
    _link(
        "ttc-east",
        "hefei-innovation-base",
        "tech_transfer",
        "2021-09-15",
        0.5,
        "Branch service desk for technology managers in Hefei.",
        "在合肥设立技术经理人服务站。",
    ),
    _link(
        "ttc-east",
        "hangzhou-innovation-base",
        "tech_transfer",
        "2022-06-01",
        0.4,
        "Joint roadshows for online-economy technologies.",
        "联合举办在线新经济技术路演。",
    ),
    _link(
        "sunan-tech-transfer-center",
        "suzhou-innovation-base",
        "tech_transfer",
        "2020-09-01",
        0.7,
        "Biomedicine results matched to Suzhou incubators.",
        "生物医药成果对接苏州孵化器。",
    ),
    _link(
        "sunan-tech-transfer-center",
        "nanjing-innovation-base",
        "tech_transfer",
        "2022-01-10",
        0.5,
        "IC design results from Nanjing universities.",
        "南京高校集成电路设计成果转化。",
    ),
    _link(
        "tongji-university",
        "ttc-east",
        "tech_transfer",
        "2020-04-22",
        0.7,
        "Tongji's technology-transfer office co-runs roadshows.",
        "同济大学技术转移中心共办路演。",
    ),
    _link(
        "fudan-university",
        "shanghai-technology-exchange",
        "tech_transfer",
        "2021-05-20",
        0.6,
        "Fudan patents in biomedicine and microelectronics listed.",
        "复旦大学生物医药和微电子专利挂牌。",
    ),
    _link(
        "beidou-innovation-institute",
        "shanghai-technology-exchange",
        "tech_transfer",
        "2023-03-15",
        0.4,
        "BeiDou navigation patents licensed through the exchange.",
        "北斗导航专利通过交易所许可。",
    ),
    # 三区联动: universities, parks and communities
    _link(
        "tongji-university",
        "tongji-knowledge-economy-circle",
        "incubation",
        "2019-09-02",
        0.9,
        "Design and engineering spin-offs incubated around the campus.",
        "设计与工程类衍生企业在校区周边孵化。",
    ),
    _link(
        "fudan-university",
        "kic",
        "mou",
        "2019-10-15",
        0.8,
        "University–park agreement for student and faculty start-ups.",
        "校区园区合作协议，服务师生创业。",
    ),
    _link(
        "sufe",
        "sufe-finance-valley",
        "incubation",
        "2022-05-09",
        0.8,
        "Fintech start-ups from SUFE incubated in the valley.",
        "上财金融科技项目入驻金融谷孵化。",
    ),
    _link(
        "tongji-university",
        "wujiaochang-academy",
        "mou",
        "2020-09-01",
        0.6,
        "Founding university of the academy.",
        "创新创业学院共建高校。",
    ),
    _link(
        "fudan-university",
        "wujiaochang-academy",
        "mou",
        "2020-09-01",
        0.6,
        "Founding university of the academy.",
        "创新创业学院共建高校。",
    ),
    _link(
        "sufe",
        "wujiaochang-academy",
        "mou",
        "2022-09-01",
        0.4,
        "Joined the academy's course programme.",
        "加入学院课程体系。",
    ),
    _link(
        "tongji-university",
        "changyang-campus",
        "incubation",
        "2020-05-18",
        0.5,
        "Smart-hardware lab teams moved into Changyang Campus.",
        "智能硬件实验室团队入驻长阳创谷。",
    ),
    _link(
        "wujiaochang-academy",
        "shanghai-entrepreneurs-training-base",
        "incubation",
        "2021-03-15",
        0.5,
        "Graduates continue in the public training base.",
        "学员结业后进入公共实训基地。",
    ),
    # big enterprises and investors open their needs to start-ups
    _link(
        "vc-link",
        "innospace-plus",
        "investment",
        "2021-03-03",
        0.7,
        "Monthly deal-flow sessions for INNOSPACE+ start-ups.",
        "每月为INNOSPACE+项目举办投资对接会。",
    ),
    _link(
        "vc-link",
        "changyang-campus",
        "investment",
        "2021-06-10",
        0.6,
        "Investor office hours at Changyang Campus.",
        "在长阳创谷设投资人接待日。",
    ),
    _link(
        "vc-link",
        "kic",
        "investment",
        "2022-02-14",
        0.5,
        "Co-invests in KIC demo-day companies.",
        "跟投创智天地路演日项目。",
    ),
    _link(
        "vc-link",
        "hulian-baodi",
        "investment",
        "2021-05-01",
        0.3,
        "Seed fund for online-economy start-ups, wound down.",
        "在线新经济种子基金，已结束。",
        until="2023-06-30",
    ),
    _link(
        "vc-link",
        "sufe-finance-valley",
        "investment",
        "2022-11-01",
        0.5,
        "Fintech investor panel for the valley's companies.",
        "为金融谷企业组织金融科技投资人评审。",
    ),
    _link(
        "accenture-china-innovation-hub",
        "innospace-plus",
        "incubation",
        "2022-01-17",
        0.7,
        "Corporate challenge programme run through INNOSPACE+.",
        "通过INNOSPACE+发布大企业开放需求。",
    ),
    _link(
        "accenture-china-innovation-hub",
        "changyang-campus",
        "incubation",
        "2022-03-01",
        0.4,
        "Pilot-project programme, ended after two cohorts.",
        "试点项目计划，两期后结束。",
        until="2024-02-29",
    ),
    _link(
        "innospace-plus",
        "yangpu-riverside",
        "incubation",
        "2020-07-01",
        0.6,
        "Graduating teams placed in riverside offices.",
        "毕业团队入驻滨江办公空间。",
    ),
    # international events co-hosted in Yangpu
    _link(
        "gew-china",
        "kic",
        "cohost",
        "2020-11-16",
        0.9,
        "GEW China's main venue is KIC Plaza.",
        "全球创业周中国站主会场设在创智天地。",
    ),
    _link(
        "gew-china",
        "wujiaochang-academy",
        "cohost",
        "2021-11-15",
        0.6,
        "Student entrepreneurship challenge during GEW.",
        "创业周期间共办大学生创业挑战赛。",
    ),
    _link(
        "gew-china",
        ALLIANCE_OFFICE,
        "cohost",
        "2020-11-16",
        0.7,
        "The alliance office co-organises GEW China.",
        "联盟办公室共同主办全球创业周中国站。",
    ),
    _link(
        "slush-shanghai",
        "yangpu-riverside",
        "cohost",
        "2020-09-14",
        0.8,
        "Slush Shanghai is held at Yangpu Riverside.",
        "Slush上海国际创投大会在杨浦滨江举办。",
    ),
    _link(
        "slush-shanghai",
        "gew-china",
        "cohost",
        "2022-11-20",
        0.5,
        "Slush Shanghai is listed as a GEW China event.",
        "Slush上海列为全球创业周中国站活动。",
    ),
    _link(
        "asia-smart-hardware-competition",
        "changyang-campus",
        "cohost",
        "2021-05-17",
        0.8,
        "Competition finals held at Changyang Campus.",
        "大赛总决赛在长阳创谷举办。",
    ),
    _link(
        "asia-smart-hardware-competition",
        "innospace-plus",
        "cohost",
        "2021-05-17",
        0.5,
        "INNOSPACE+ runs the competition's bootcamp.",
        "INNOSPACE+承办大赛训练营。",
    ),
    # overseas incubators and city living rooms
    _link(
        ALLIANCE_OFFICE,
        "bay-area-council",
        "mou",
        "2020-10-26",
        0.7,
        "Agreement on a San Francisco city living room.",
        "共建旧金山城市会客厅合作备忘录。",
    ),
    _link(
        ALLIANCE_OFFICE,
        "nordic-innovation-center",
        "mou",
        "2021-02-22",
        0.7,
        "Soft-landing exchange for Nordic and Yangpu start-ups.",
        "北欧与杨浦初创企业软着陆互换。",
    ),
    _link(
        ALLIANCE_OFFICE,
        "nsw-innovation-platform",
        "mou",
        "2022-03-14",
        0.5,
        "First agreement; not renewed in its original form.",
        "首期合作备忘录，到期未按原方式续签。",
        until="2024-03-13",
    ),
    _link(
        ALLIANCE_OFFICE,
        "tokyo-city-living-room",
        "mou",
        "2023-04-10",
        0.6,
        "Opening of the Tokyo city living room.",
        "东京城市会客厅揭牌。",
    ),
    _link(
        ALLIANCE_OFFICE,
        "singapore-city-living-room",
        "mou",
        "2024-02-19",
        0.6,
        "Opening of the Singapore city living room.",
        "新加坡城市会客厅揭牌。",
    ),
    _link(
        "nsw-innovation-platform",
        "kic",
        "referral",
        "2024-06-01",
        0.4,
        "Australian founders referred to KIC after the MoU lapsed.",
        "备忘录到期后向创智天地推荐澳洲创业者。",
    ),
    _link(
        "nordic-innovation-center",
        "slush-shanghai",
        "referral",
        "2021-11-01",
        0.6,
        "Nordic start-ups referred to Slush Shanghai.",
        "推荐北欧初创企业参加Slush上海。",
    ),
    _link(
        "nordic-innovation-center",
        "yangpu-riverside",
        "referral",
        "2022-05-20",
        0.3,
        "Pilot referral scheme for riverside offices.",
        "滨江办公空间推荐试点。",
        until="2023-12-31",
    ),
    _link(
        "bay-area-council",
        "silicon-valley-incubator",
        "referral",
        "2023-09-11",
        0.5,
        "Council members refer mentors to the incubator.",
        "委员会成员为孵化器推荐导师。",
    ),
    _link(
        "silicon-valley-incubator",
        "changyang-campus",
        "incubation",
        "2023-09-11",
        0.5,
        "Changyang teams spend three months in San Jose.",
        "长阳创谷团队赴圣何塞孵化三个月。",
    ),
    _link(
        "innospace-plus",
        "tokyo-city-living-room",
        "referral",
        "2023-06-01",
        0.4,
        "Smart-hardware teams exchanged with Tokyo.",
        "与东京互换智能硬件团队。",
    ),
    _link(
        "kic",
        "singapore-city-living-room",
        "referral",
        "2024-05-06",
        0.4,
        "Fintech founders referred both ways.",
        "双向推荐金融科技创业者。",
    ),
    # Import Expo (进博会) exhibitors and delegations followed up into Yangpu projects
    _link(
        ALLIANCE_OFFICE,
        "yangpu-riverside",
        "lead",
        "2023-11-10",
        0.4,
        "CIIE 2023 Nordic pavilion exhibitors followed up; two opened riverside offices.",
        "跟进2023进博会北欧馆展商，两家入驻滨江。",
    ),
    _link(
        "nordic-innovation-center",
        "kic",
        "lead",
        "2024-11-10",
        0.4,
        "CIIE 2024 Finnish health-tech exhibitor opened an R&D office at KIC.",
        "2024进博会芬兰医疗科技展商在创智天地设立研发办公室。",
    ),
    _link(
        "tokyo-city-living-room",
        "changyang-campus",
        "lead",
        "2024-11-08",
        0.3,
        "CIIE 2024 Japanese robotics delegation visited Changyang Campus.",
        "2024进博会日本机器人代表团考察长阳创谷。",
    ),
    _link(
        "bay-area-council",
        "innospace-plus",
        "lead",
        "2025-11-10",
        0.3,
        "CIIE 2025 climate-tech delegation introduced to INNOSPACE+.",
        "2025进博会气候科技代表团对接INNOSPACE+。",
    ),
    _link(
        "singapore-city-living-room",
        "sufe-finance-valley",
        "lead",
        "2025-11-12",
        0.3,
        "CIIE 2025 Singapore payments exhibitor in talks with the valley.",
        "2025进博会新加坡支付企业与金融谷洽谈。",
    ),
    _link(
        "nsw-innovation-platform",
        "bay-valley-science-park",
        "lead",
        "2025-11-09",
        0.2,
        "CIIE 2025 Australian mining-tech exhibitor looking at industrial-internet pilots.",
        "2025进博会澳洲矿业科技展商洽谈工业互联网试点。",
    ),
)

LINKS: tuple[DemoLink, ...] = _alliance_links() + _COOPERATION

FEEDS: tuple[DemoFeed, ...] = (
    DemoFeed("slush-shanghai", "slush-shanghai-google.ics", "en"),
    DemoFeed("ttc-east", "ttc-east-outlook.ics", "zh"),
    DemoFeed("changyang-campus", "changyang-campus.ics", "zh"),
    DemoFeed("gew-china", "gew-china-bilingual.ics", "auto"),
    DemoFeed("nordic-innovation-center", "nordic-innovation-apple.ics", "en"),
    DemoFeed("bay-area-council", "bay-area-council-outlook.ics", "en"),
    DemoFeed("hefei-innovation-base", "hefei-base-floating.ics", "zh"),
    DemoFeed("suzhou-innovation-base", "suzhou-base-floating.ics", "zh"),
    DemoFeed("kic", "kic-mixed.ics", "auto"),
    DemoFeed("nsw-innovation-platform", "nsw-innovation-sydney.ics", "en"),
    DemoFeed("singapore-city-living-room", "singapore-living-room.ics", "en"),
)


@dataclass(frozen=True)
class DemoLead:
    """An Import-Expo (进博会) or Slush contact being followed up (illustrative organisations)."""

    organization_en: str
    organization_zh: str
    contact_name: str
    email: str
    country: str
    sector: str
    source: str
    stage: str  # new, contacted, meeting, proposal, signed, landed, lost
    introduced_by: str | None  # partner slug
    follow_up_in_days: int | None  # next follow-up relative to the day the demo is loaded
    interest: str


LEADS: tuple[DemoLead, ...] = (
    DemoLead(
        "Nordlys Medical Devices",
        "诺德利斯医疗器械",
        "Ingrid Halvorsen",
        "ingrid@nordlys-medical.example.com",
        "NO",
        "biomedicine",
        "CIIE 2026",
        "meeting",
        "nordic-innovation-center",
        3,
        "A Shanghai R&D office near Tongji's medical school.",
    ),
    DemoLead(
        "Kiwa Robotics",
        "基瓦机器人",
        "Kenji Sato",
        "sato@kiwa-robotics.example.jp",
        "JP",
        "smart manufacturing",
        "CIIE 2026",
        "contacted",
        "tokyo-city-living-room",
        -2,
        "Industrial-internet pilots with Yangpu Riverside manufacturers.",
    ),
    DemoLead(
        "Helios Semiconductor",
        "赫利俄斯半导体",
        "Marta Vogel",
        "m.vogel@helios-semi.example.de",
        "DE",
        "integrated circuits",
        "CIIE 2026",
        "proposal",
        "ttc-east",
        7,
        "Chip-design centre; wants tech-transfer partners.",
    ),
    DemoLead(
        "Aurora Fintech",
        "极光金融科技",
        "Liam O'Connor",
        "liam@aurora-fintech.example.ie",
        "IE",
        "fintech",
        "Slush 2026",
        "new",
        "slush-shanghai",
        1,
        "Cross-border payments; met at Slush Shanghai's investor breakfast.",
    ),
    DemoLead(
        "Harbour Bio Analytics",
        "港湾生物分析",
        "Priya Raman",
        "priya@harbour-bio.example.sg",
        "SG",
        "biomedicine",
        "CIIE 2026",
        "signed",
        "singapore-city-living-room",
        10,
        "Lab space at Changyang Campus under discussion.",
    ),
    DemoLead(
        "Coastline Games",
        "海岸线游戏",
        "Olivia Chen",
        "olivia@coastline-games.example.com",
        "AU",
        "digital culture",
        "Slush 2026",
        "landed",
        "nsw-innovation-platform",
        None,
        "Opened a studio in Yangpu in 2026.",
    ),
    DemoLead(
        "Valdemar Foods",
        "瓦尔德马食品",
        "Anders Berg",
        "anders@valdemar.example.dk",
        "DK",
        "online new economy",
        "CIIE 2026",
        "lost",
        None,
        None,
        "Chose another city for its China office.",
    ),
    DemoLead(
        "Pacific Mobility Labs",
        "太平洋出行实验室",
        "Daniel Park",
        "daniel@pacific-mobility.example.com",
        "US",
        "BeiDou navigation and smart mobility",
        "CIIE 2026",
        "contacted",
        "bay-area-council",
        -5,
        "Smart-mobility testing with the BeiDou Innovation Research Institute.",
    ),
)
