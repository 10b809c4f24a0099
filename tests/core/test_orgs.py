"""The organisation registry through the web: add, validate, place, move, close, print.

Also the query-count guards of the web lists and exports: the number of queries a page needs
must not grow with the number of rows it shows.
"""

import datetime
import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from pghistory.models import Events

from apps.core import services
from apps.core.choices import (
    CommitteeType,
    OrgForm,
    OrgKind,
    OrgLevel,
    OrgStatus,
    Role,
)
from apps.core.models import Employer, UnionOrg, User
from apps.core.scoping import OutOfScope
from apps.core.validators import CREDIT_CODE_CHARSET, credit_code_check_char
from tests.pages import count_queries

pytestmark = pytest.mark.usefixtures("fast_passwords")

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def credit_code(serial=1):
    """A valid unified social credit code (GB 32100-2015), different for each serial."""
    tail = ""
    n = serial
    for _ in range(4):
        tail = CREDIT_CODE_CHARSET[n % 31] + tail
        n //= 31
    first17 = "91330100MA2B3" + tail
    return first17 + credit_code_check_char(first17)


def full_width(text):
    """ASCII letters and digits as their full-width forms (Ａ, １ …)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def new_union_data(parent, **overrides):
    data = {
        "name": "城关镇五金制品厂工会",
        "short_name": "五金厂工会",
        "code": "",
        "parent": parent.pk,
        "level": OrgLevel.GRASSROOTS,
        "kind": OrgKind.ENTERPRISE,
        "form": OrgForm.SINGLE,
        "committee_type": CommitteeType.COMMITTEE,
        "credit_code": "",
        "founded_on": "2015-03-01",
        "approval_doc_no": "城工发〔2015〕3号",
        "chair_name": "李建国",
        "chair_phone": "13812345678",
        "term_start": "",
        "term_end": "",
        "status": OrgStatus.ACTIVE,
    }
    data.update(overrides)
    return data


def edit_data(org, **changes):
    """The edit form as the browser would send it back for `org`, with `changes`."""
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "code": org.code,
        "parent": org.parent_id or "",
        "level": org.level,
        "kind": org.kind,
        "form": org.form,
        "committee_type": org.committee_type,
        "credit_code": org.credit_code,
        "founded_on": org.founded_on or "",
        "approval_doc_no": org.approval_doc_no,
        "chair_name": org.chair_name,
        "chair_phone": org.chair_phone,
        "term_start": org.term_start or "",
        "term_end": org.term_end or "",
        "status": org.status,
    }
    data.update(changes)
    return data


def snapshot(*orgs):
    """What a move could change, read fresh from the database."""
    return {
        o.pk: UnionOrg.objects.values("parent_id", "path", "depth", "township_id").get(pk=o.pk)
        for o in orgs
    }


def org(name, parent, level, kind=OrgKind.ENTERPRISE, **fields):
    return services.save_org(
        org=UnionOrg(name=name, parent=parent, level=level, kind=kind, **fields), actor=None
    )


# ---------------------------------------------------------------------------------------------
# adding
# ---------------------------------------------------------------------------------------------


def test_township_staff_add_a_union_and_it_gets_its_code_path_and_township(client_for, tree):
    response = client_for("township_staff").post(
        reverse("core:org_add"), new_union_data(tree.township_a, credit_code=credit_code(1))
    )

    union = UnionOrg.objects.get(name="城关镇五金制品厂工会")
    assert response.status_code == 302
    assert response["Location"] == union.get_absolute_url()
    assert union.code == "QH-01-003"  # after QH-01-001 and QH-01-002
    assert union.parent == tree.township_a
    assert union.path == f"{tree.township_a.path}{union.pk}/"
    assert union.depth == 2
    assert union.township == tree.township_a
    assert union.credit_code == credit_code(1)
    assert union.founded_on == datetime.date(2015, 3, 1)
    assert union.chair_phone == "13812345678"


def test_a_new_township_is_numbered_among_the_county_s_own_children(client_for, tree):
    """The county's code prefix "QH-" also starts its grandchildren's codes (QH-01-001);
    only its children count when the next number is chosen."""
    data = new_union_data(
        tree.county,
        name="东湖镇总工会",
        level=OrgLevel.TOWNSHIP,
        kind=OrgKind.TOWNSHIP_FEDERATION,
    )
    client_for("county_admin").post(reverse("core:org_add"), data)

    township = UnionOrg.objects.get(name="东湖镇总工会")
    assert township.code == "QH-003"
    assert township.township == township  # a township federation is its own township
    assert township.path == f"{tree.county.path}{township.pk}/"


def test_a_bad_credit_code_is_an_error_on_that_field_and_nothing_is_saved(client_for, tree):
    good = credit_code(2)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")  # wrong check character
    before = UnionOrg.objects.count()

    response = client_for("township_staff").post(
        reverse("core:org_add"), new_union_data(tree.township_a, credit_code=bad)
    )

    assert response.status_code == 200
    assert UnionOrg.objects.count() == before
    html = response.content.decode()
    assert 'data-testid="error-credit_code"' in html
    assert "error-name" not in html and "error-parent" not in html
    # what the clerk typed is still in the form
    assert 'value="城关镇五金制品厂工会"' in html
    assert 'value="李建国"' in html
    assert f'value="{bad}"' in html
    assert 'value="城工发〔2015〕3号"' in html


def test_full_width_digits_in_a_credit_code_are_normalised(client_for, tree):
    code = credit_code(3)
    typed = full_width(code.lower())  # full-width, and lower-case letters

    response = client_for("township_staff").post(
        reverse("core:org_add"), new_union_data(tree.township_a, credit_code=typed)
    )

    assert response.status_code == 302
    assert UnionOrg.objects.get(name="城关镇五金制品厂工会").credit_code == code


def test_a_grassroots_union_cannot_be_placed_under_a_grassroots_union(client_for, tree):
    before = UnionOrg.objects.count()

    response = client_for("township_staff").post(
        reverse("core:org_add"), new_union_data(tree.union_a1)
    )

    assert response.status_code == 200
    assert 'data-testid="error-level"' in response.content.decode()
    assert UnionOrg.objects.count() == before


def test_township_staff_cannot_choose_a_parent_outside_their_scope(client_for, tree):
    before = UnionOrg.objects.count()

    response = client_for("township_staff").post(
        reverse("core:org_add"), new_union_data(tree.township_b)
    )

    assert response.status_code == 200
    assert 'data-testid="error-parent"' in response.content.decode()
    assert UnionOrg.objects.count() == before
    assert not tree.township_b.children.filter(name="城关镇五金制品厂工会").exists()


# ---------------------------------------------------------------------------------------------
# moving
# ---------------------------------------------------------------------------------------------


def test_county_admin_moves_a_union_into_another_township(client_for, tree):
    union = tree.union_a1

    response = client_for("county_admin").post(
        reverse("core:org_edit", args=[union.pk]), edit_data(union, parent=tree.township_b.pk)
    )

    assert response.status_code == 302
    union.refresh_from_db()
    assert union.parent == tree.township_b
    assert union.path == f"{tree.township_b.path}{union.pk}/"
    assert union.township == tree.township_b
    assert union.depth == 2
    assert union in UnionOrg.objects.within(tree.township_b)
    assert union not in UnionOrg.objects.within(tree.township_a)


def test_moving_a_federation_re_roots_its_whole_subtree(client, db):
    """province ─┬─ city A ── county ── township ── union
                 └─ city B
    The county federation moves from city A to city B, then directly under the province."""
    province = org("浙江省总工会", None, OrgLevel.PROVINCE, OrgKind.REGIONAL, code="ZJ")
    city_a = org("杭州市总工会", province, OrgLevel.CITY, OrgKind.REGIONAL, code="ZJ-A")
    city_b = org("宁波市总工会", province, OrgLevel.CITY, OrgKind.REGIONAL, code="ZJ-B")
    county = org("清河县总工会", city_a, OrgLevel.COUNTY, OrgKind.COUNTY_FEDERATION, code="QH")
    township = org(
        "城关镇总工会", county, OrgLevel.TOWNSHIP, OrgKind.TOWNSHIP_FEDERATION, code="QH-01"
    )
    union = org("宏达纺织有限公司工会", township, OrgLevel.GRASSROOTS, code="QH-01-001")
    direct = org("县医院工会", county, OrgLevel.GRASSROOTS, OrgKind.INSTITUTION, code="QH-900")
    admin = User.objects.create_user(
        username="province_admin", org=province, role=Role.COUNTY_ADMIN
    )
    client.force_login(admin)

    response = client.post(
        reverse("core:org_edit", args=[county.pk]), edit_data(county, parent=city_b.pk)
    )

    assert response.status_code == 302
    rows = snapshot(county, township, union, direct)
    assert rows[county.pk]["path"] == f"{city_b.path}{county.pk}/"
    assert rows[township.pk]["path"] == f"{city_b.path}{county.pk}/{township.pk}/"
    assert rows[union.pk]["path"] == f"{city_b.path}{county.pk}/{township.pk}/{union.pk}/"
    assert rows[direct.pk]["path"] == f"{city_b.path}{county.pk}/{direct.pk}/"
    assert [rows[o.pk]["depth"] for o in (county, township, union, direct)] == [2, 3, 4, 3]
    # each union keeps the township it sits in; the one directly under the county has none
    assert rows[township.pk]["township_id"] == township.pk
    assert rows[union.pk]["township_id"] == township.pk
    assert rows[direct.pk]["township_id"] is None
    assert not UnionOrg.objects.within(city_a).exclude(pk=city_a.pk).exists()

    county.refresh_from_db()
    response = client.post(
        reverse("core:org_edit", args=[county.pk]), edit_data(county, parent=province.pk)
    )

    assert response.status_code == 302
    rows = snapshot(county, township, union)
    assert rows[union.pk]["path"] == f"{province.path}{county.pk}/{township.pk}/{union.pk}/"
    assert [rows[o.pk]["depth"] for o in (county, township, union)] == [1, 2, 3]
    assert rows[union.pk]["township_id"] == township.pk


def test_township_staff_cannot_move_a_union_into_another_township(client_for, tree, personas):
    union = tree.union_a1
    before = snapshot(union)

    # the form does not offer the other township …
    response = client_for("township_staff").post(
        reverse("core:org_edit", args=[union.pk]), edit_data(union, parent=tree.township_b.pk)
    )
    assert response.status_code == 200
    assert 'data-testid="error-parent"' in response.content.decode()
    assert snapshot(union) == before

    # … and the service itself refuses and rolls back, should anything get that far
    union.parent = tree.township_b
    union.chair_name = "王五"
    with pytest.raises(OutOfScope):
        services.save_org(org=union, actor=personas["township_staff"])
    assert snapshot(union) == before
    assert UnionOrg.objects.get(pk=union.pk).chair_name == ""
    assert not Events.objects.tracks(union).filter(pgh_label="update").exists()


def test_township_staff_update_their_own_township_but_cannot_move_it(client_for, tree):
    """The top of a clerk's scope is theirs to keep in touch with: the browser sends only its
    contact details (the other fields are disabled), and they are saved. A parent sent anyway
    is refused, not saved (`apps.core.rules`)."""
    township = tree.township_a
    client = client_for("township_staff")
    contact = ("chair_name", "chair_phone", "term_start", "term_end")
    as_sent = {k: v for k, v in edit_data(township, chair_name="刘建华").items() if k in contact}

    response = client.post(reverse("core:org_edit", args=[township.pk]), as_sent)

    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("core:org_edit", args=[township.pk]),
        {**as_sent, "parent": tree.township_b.pk},
    )
    assert response.status_code == 200
    assert 'data-testid="error-parent"' in response.content.decode()
    stored = UnionOrg.objects.get(pk=township.pk)
    assert (stored.chair_name, stored.parent_id, stored.path) == (
        "刘建华",
        tree.county.pk,
        township.path,
    )


# ---------------------------------------------------------------------------------------------
# closing
# ---------------------------------------------------------------------------------------------


def close(client, org):
    return client.post(
        reverse("core:org_close", args=[org.pk]),
        {"status": OrgStatus.DISSOLVED, "closed_on": "2025-06-30", "note": "企业注销"},
    )


def test_a_township_cannot_close_while_unions_below_it_are_open(client_for, tree):
    client = client_for("county_admin")

    response = close(client, tree.township_a)

    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    tree.township_a.refresh_from_db()
    assert tree.township_a.status == OrgStatus.ACTIVE
    assert tree.township_a.closed_on is None

    assert close(client, tree.union_a1).status_code == 302
    assert close(client, tree.union_a2).status_code == 302
    response = close(client, tree.township_a)

    assert response.status_code == 302
    tree.township_a.refresh_from_db()
    assert tree.township_a.status == OrgStatus.DISSOLVED
    assert tree.township_a.closed_on == datetime.date(2025, 6, 30)
    assert tree.township_a.closing_note == "企业注销"
    assert UnionOrg.objects.filter(pk=tree.township_a.pk).exists()  # closed, not deleted


def test_a_closed_union_is_no_longer_offered_as_a_parent(client_for, tree):
    client = client_for("county_admin")
    close(client, tree.union_a1)
    tree.union_a1.refresh_from_db()

    response = client.post(
        reverse("core:org_edit", args=[tree.union_a2.pk]),
        edit_data(tree.union_a2, parent=tree.union_a1.pk),
    )

    assert response.status_code == 200
    assert 'data-testid="error-parent"' in response.content.decode()
    assert UnionOrg.objects.get(pk=tree.union_a2.pk).parent_id == tree.township_a.pk


# ---------------------------------------------------------------------------------------------
# the summary sheet
# ---------------------------------------------------------------------------------------------


def test_the_summary_pdf_embeds_a_cjk_font_and_holds_the_chinese_name(client_for, tree, tmp_path):
    response = client_for("township_staff").get(
        reverse("core:org_summary_pdf", args=[tree.union_a1.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(response.content)
    assert pdf.read_bytes().startswith(b"%PDF")

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    cjk = [line for line in fonts.stdout.splitlines() if "Noto" in line and "CJK" in line]
    assert cjk, fonts.stdout
    # columns: name type encoding emb sub uni object ID; emb is the 4th from the right
    assert any(line.split()[-5] == "yes" for line in cjk), fonts.stdout

    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "宏达纺织有限公司工会" in text
    assert "宏达纺织有限公司" in text.replace("宏达纺织有限公司工会", "")  # the covered employer
    assert "组织概况表" in text


# ---------------------------------------------------------------------------------------------
# query-count guards
# ---------------------------------------------------------------------------------------------


def add_rows(tree, n, start):
    """n more unions (alternating townships) and n employers, each covered by one of them."""
    employers = []
    for i in range(start, start + n):
        township = tree.township_a if i % 2 else tree.township_b
        union = org(f"测试企业{i}工会", township, OrgLevel.GRASSROOTS, chair_name=f"主席{i}")
        employers.append(
            Employer(
                name=f"测试企业{i}",
                nature="170",
                township=township,
                union=union if i % 3 else None,
                headcount=10 + i,
            )
        )
    Employer.objects.bulk_create(employers)


LISTS = {
    "org list": (reverse("core:org_list") + "?size=100", "org-table"),
    "employer list": (reverse("core:employer_list") + "?size=100", "employer-table"),
    "org export": (reverse("core:org_export"), None),
    "employer export": (reverse("core:employer_export"), None),
}


def shown_rows(response, marker):
    if marker is None:  # a workbook
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return sheet.max_row - 1
    html = response.content.decode()
    table = html[html.index(f'data-testid="{marker}"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return body.count("<tr>")


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_needs_the_same_queries_for_three_times_the_rows(client_for, tree, name):
    url, marker = LISTS[name]
    client = client_for("county_admin")
    client.get(url)  # warm up: session, translations, content types

    add_rows(tree, 10, start=0)
    small, response = count_queries(client, url)
    small_rows = shown_rows(response, marker)

    add_rows(tree, 20, start=10)
    large, response = count_queries(client, url)
    large_rows = shown_rows(response, marker)

    assert large_rows - small_rows == 20  # the extra rows really are on the page
    assert large == small, f"{name}: {small} queries for {small_rows} rows, {large} for more"
    assert small <= 10


def test_the_org_list_shows_a_union_s_parent_and_township(client_for, tree):
    """The list's select_related is what keeps it flat; check it still shows the names."""
    response = client_for("township_staff").get(reverse("core:org_list"))

    html = response.content.decode()
    assert "宏达纺织有限公司工会" in html
    assert "新庄机械厂工会" not in html  # another township
    row = html[html.index("宏达纺织有限公司工会") :]
    row = row[: row.index("</tr>")]
    assert "城关镇" in row
