"""The indicator pages: staff see every base; a partner contact uploads and reads its own
base's figures only; the report downloads."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from core.extensions import db
from indicators.models import IndicatorValue
from tests.factories import login, make_user

CSV = (
    "partner,period,indicator,value\n"
    "changyang,2024,platforms,10\nchangyang,2025,platforms,12\n"
    "suzhou,2024,platforms,20\nsuzhou,2025,platforms,30\n"
    "changyang,2024,office_rent,5\nchangyang,2025,office_rent,4\n"
)


def _upload(client, text: str, lang: str = "en"):
    data = {"file": (io.BytesIO(text.encode()), "figures.csv")}
    return client.post(f"/{lang}/indicators/upload", data=data, content_type="multipart/form-data")


def test_staff_upload_and_see_the_index(client, bases) -> None:
    login(client, make_user(role="staff"))
    db.session.commit()
    response = _upload(client, CSV)
    assert response.status_code == 200 and "6 new" in response.text
    overview = client.get("/en/staff/indicators/")
    assert overview.status_code == 200
    assert "Composite index of the alliance" in overview.text and "<svg" in overview.text
    assert "Suzhou Innovation Base" in overview.text  # the ranking
    zh = client.get("/zh/staff/indicators/bases/changyang?base=2024")
    assert zh.status_code == 200 and "长阳创谷" in zh.text and "双创要素" in zh.text
    assert "125.0" in zh.text  # office rent 5 → 4: less is better, 100 × 5 / 4
    missing = client.get("/en/staff/indicators/missing?period=2025")
    assert missing.status_code == 200 and "Hefei Innovation Base" in missing.text
    assert client.get("/en/staff/indicators/bases/nowhere").status_code == 404
    assert client.get("/en/staff/indicators/framework").status_code == 200
    bad = {"file": (io.BytesIO(b"level,code\nsomething,x\n"), "framework.csv")}
    refused = client.post(
        "/en/staff/indicators/framework", data=bad, content_type="multipart/form-data"
    )
    assert refused.status_code == 400 and "dimension" in refused.text

    xlsx = client.get("/en/staff/indicators/report.xlsx?period=2025")
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.data)).sheetnames == [
        "Index",
        "Figures",
        "Framework",
        "Method",
    ]
    pdf = client.get("/zh/staff/indicators/report.pdf?period=2025")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get("/en/staff/indicators/report.pdf?period=1999").status_code == 404


def test_a_partner_contact_reports_for_its_own_base_only(client, bases) -> None:
    contact = make_user(role="partner", partner=bases["changyang"])
    db.session.commit()
    login(client, contact)
    response = _upload(client, CSV)
    assert response.status_code == 200
    assert response.text.count("You may report figures for your own base only.") == 2
    stored = {(v.partner.slug, v.code) for v in db.session.query(IndicatorValue)}
    assert stored == {("changyang", "platforms"), ("changyang", "office_rent")}

    page = client.get("/en/indicators/figures/changyang")
    assert page.status_code == 200 and "My figures" in page.text  # in its menu
    assert client.get("/en/indicators/figures/suzhou").status_code == 403
    assert client.get("/en/staff/indicators/").status_code == 403
    assert client.get("/en/staff/indicators/bases/changyang").status_code == 403
    assert client.get("/en/staff/indicators/report.xlsx?period=2025").status_code == 403
    template = load_workbook(io.BytesIO(client.get("/en/indicators/template.xlsx").data)).active
    assert [c.value for c in template["A"]][1:] == ["changyang"]  # its own row only


def test_visitors_and_other_partners_are_kept_out(client, bases) -> None:
    assert client.get("/en/indicators/upload").status_code == 302  # to the sign-in page
    outsider = make_user(role="partner", partner=None)
    db.session.commit()
    login(client, outsider)
    assert client.get("/en/indicators/upload").status_code == 403
    assert client.get("/en/indicators/figures/changyang").status_code == 403
