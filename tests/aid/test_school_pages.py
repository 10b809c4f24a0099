"""金秋助学 pages: the permission matrix for the five personas, another township's application
404 on every page, query-count guards on the list, its export and the file's page, an
application made and taken through its steps on the pages, and the refusals shown (a student
aided twice by overlapping programmes, a refusal without an opinion, a level not aided), with
nothing saved."""

import pytest
from django.urls import reverse

from apps.aid import services
from apps.aid.choices import SchoolAidStatus, SchoolAidStepKind, SchoolingLevel
from apps.aid.models import SchoolAidApplication, SchoolAidStep
from apps.aid.views.schooling import STEPS
from tests.aid.school_mutual import (
    APPLIED,
    DAY,
    applying,
    approving,
    household_with_student,
    school_programme,
    through_publicity,
)
from tests.pages import count_queries, table_rows

pytestmark = pytest.mark.django_db
READERS = ("county_admin", "township_staff", "leader", "auditor")


@pytest.fixture
def school(tree, standards):
    """Township A's application under each status that has a step, township B's one."""
    county = school_programme(tree.county)
    mine = household_with_student(tree.union_a1, 1)
    applied = applying(mine, county)
    noticed = household_with_student(tree.union_a2, 2, name="钱小红")
    in_notice = applying(noticed, county)
    in_notice = through_publicity(in_notice)
    posted = services.start_school_aid_publicity(
        application=applying(household_with_student(tree.union_a2, 4, name="李小兰"), county),
        actor=None,
        starts_on=APPLIED + DAY,
        ends_on=APPLIED + 6 * DAY,
    )
    theirs_file = household_with_student(tree.union_b1, 3, parent="赵大海", name="赵小海")
    theirs = applying(theirs_file, county)
    return {
        "programme": county,
        "file": mine,
        "applied": applied,
        "publicized": in_notice,
        "publicity": posted,
        "theirs": theirs,
        "their_file": theirs_file,
    }


def reads(s):
    return {
        "list": reverse("aid:school_aid_list"),
        "list filtered": reverse("aid:school_aid_list")
        + f"?year=2025&status=applied&level=bachelor&township={s['file'].org.township_id}&q=王",
        "export": reverse("aid:school_aid_export") + "?year=2025",
        "detail": reverse("aid:school_aid_detail", args=[s["applied"].pk]),
        "file page": reverse("aid:file_detail", args=[s["file"].pk]),
    }


def writes(s):
    urls = {"apply": reverse("aid:school_aid_add", args=[s["file"].pk])}
    for name, step in STEPS.items():
        record = {
            SchoolAidStatus.APPLIED: s["applied"],
            SchoolAidStatus.PUBLICITY: s["publicity"],
            SchoolAidStatus.PUBLICIZED: s["publicized"],
        }[step.status]
        urls[f"step {name}"] = reverse("aid:school_aid_step", args=[record.pk, name])
    return urls


@pytest.mark.parametrize("persona", READERS)
def test_every_reader_opens_the_pages_in_scope(client_for, school, persona):
    client = client_for(persona)
    for name, url in reads(school).items():
        assert client.get(url).status_code == 200, name


def test_anonymous_goes_to_the_login_page(client, school):
    for name, url in {**reads(school), **writes(school)}.items():
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], name


@pytest.mark.parametrize("persona", ("county_admin", "township_staff"))
def test_staff_open_every_write_page_but_only_the_county_approves_its_programme(
    client_for, school, persona
):
    client = client_for(persona)
    for name, url in writes(school).items():
        response = client.get(url)
        if persona == "township_staff" and name == "step approve":
            assert response.status_code == 403, name  # the county's programme
        else:
            assert response.status_code == 200, name
            assert 'data-testid="what-happens"' in response.content.decode(), name


@pytest.mark.parametrize("persona", ("leader", "auditor"))
def test_read_only_roles_get_403_on_every_write(client_for, school, persona):
    client = client_for(persona)
    before = SchoolAidStep.objects.count()
    for name, url in writes(school).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"opinion": "x"}).status_code == 403, name
    assert SchoolAidStep.objects.count() == before
    page = client.get(reverse("aid:file_detail", args=[school["file"].pk])).content.decode()
    assert 'data-testid="apply-school-aid"' not in page


def test_another_township_s_application_is_404_on_every_page(client_for, school):
    client = client_for("other_township_staff")
    urls = {
        "detail": reverse("aid:school_aid_detail", args=[school["applied"].pk]),
        **writes(school),
    }
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"starts_on": "2025-08-21"}).status_code == 404, name
    assert SchoolAidApplication.objects.get(pk=school["applied"].pk).status == (
        SchoolAidStatus.APPLIED
    )
    html = client.get(reverse("aid:school_aid_list")).content.decode()
    assert "赵小海" in html and "王小明" not in html
    html = client_for("township_staff").get(reverse("aid:school_aid_list")).content.decode()
    assert "王小明" in html and "赵小海" not in html


def test_the_student_s_id_number_is_masked_on_the_pages_for_every_role(client_for, school):
    full = school["applied"].student_id_number
    url = reverse("aid:school_aid_detail", args=[school["applied"].pk])
    for persona in READERS:
        html = client_for(persona).get(url).content.decode()
        assert full not in html, persona
        assert full[:6] + "********" + full[-4:] in html, persona


def _post(client, application, action, data):
    return client.post(reverse("aid:school_aid_step", args=[application.pk, action]), data)


def test_an_application_from_the_file_s_page_to_approval(client_for, tree, school):
    staff, admin = client_for("township_staff"), client_for("county_admin")
    file = household_with_student(tree.union_a1, 5, name="孙立")
    page = staff.get(reverse("aid:file_detail", args=[file.pk])).content.decode()
    assert reverse("aid:school_aid_add", args=[file.pk]) in page
    student = file.family.get()
    response = staff.post(
        reverse("aid:school_aid_add", args=[file.pk]),
        {"programme": school["programme"].pk, "student": student.pk, "applied_on": "2025-08-20"},
    )
    application = SchoolAidApplication.objects.get(student=student)
    assert response["Location"] == reverse("aid:school_aid_detail", args=[application.pk])
    assert (application.school, application.amount) == ("山西大学", 5000)
    _post(
        staff, application, "start_publicity", {"starts_on": "2025-08-21", "ends_on": "2025-08-27"}
    )
    _post(staff, application, "close_publicity", {"outcome": "passed", "closed_on": "2025-08-28"})
    response = _post(
        admin, application, "approve", {"decision": "approve", "acted_on": "2025-08-29"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == SchoolAidStatus.APPROVED
    html = admin.get(reverse("aid:school_aid_detail", args=[application.pk])).content.decode()
    assert table_rows_of(html, "steps") == 4
    page = staff.get(reverse("aid:file_detail", args=[file.pk])).content.decode()
    assert 'data-status="approved"' in page and "孙立" in page


def table_rows_of(html, testid):
    table = html[html.index(f'data-testid="{testid}"') :]
    return table[: table.index("</tbody>")].count("<tr data-kind")


def test_an_objection_upheld_refuses_only_with_its_opinion(client_for, school):
    staff = client_for("township_staff")
    application = school["applied"]
    _post(
        staff, application, "start_publicity", {"starts_on": "2025-08-21", "ends_on": "2025-08-27"}
    )
    response = _post(
        staff, application, "close_publicity", {"outcome": "upheld", "closed_on": "2025-08-28"}
    )
    assert response.status_code == 200
    assert 'data-testid="error-opinion"' in response.content.decode()
    assert 'value="2025-08-28"' in response.content.decode()  # what was typed is kept
    application.refresh_from_db()
    assert application.status == SchoolAidStatus.PUBLICITY
    _post(
        staff,
        application,
        "close_publicity",
        {
            "outcome": "upheld",
            "closed_on": "2025-08-28",
            "opinion": "群众反映家庭收入不实，经核属实",
        },
    )
    application.refresh_from_db()
    assert application.status == SchoolAidStatus.REFUSED
    step = application.steps.get(kind=SchoolAidStepKind.PUBLICITY_END)
    assert step.approved is False and "收入不实" in step.opinion


def test_a_student_aided_twice_by_overlapping_programmes_is_refused_in_words(
    client_for, tree, school, settings
):
    from django.utils import translation

    other = school_programme(tree.township_a, name="城关镇金秋助学")
    second = through_publicity(applying(school["publicized"].file, other))
    first = approving(school["publicized"])
    assert first.status == SchoolAidStatus.APPROVED
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        response = _post(
            client_for("township_staff"),
            second,
            "approve",
            {"decision": "approve", "acted_on": str(APPLIED + 8 * DAY)},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in html
    assert "不得在重叠的项目中重复受助" in html
    assert "2025年金秋助学" in html  # the programme that already aids the student
    second.refresh_from_db()
    assert second.status == SchoolAidStatus.PUBLICIZED
    assert not second.steps.filter(kind=SchoolAidStepKind.APPROVAL).exists()


def test_a_level_school_aid_does_not_aid_is_refused_on_the_form(client_for, tree, school):
    file = household_with_student(tree.union_a1, 6, schooling_level=SchoolingLevel.PRIMARY)
    response = client_for("township_staff").post(
        reverse("aid:school_aid_add", args=[file.pk]),
        {
            "programme": school["programme"].pk,
            "student": file.family.get().pk,
            "school": "城关镇第二小学",
            "applied_on": "2025-08-20",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-level"' in html and 'value="城关镇第二小学"' in html
    assert not SchoolAidApplication.objects.filter(file=file).exists()


def add_applications(tree, programme, n, start):
    for i in range(start, start + n):
        applying(household_with_student(tree.union_a1, 20 + i, name=f"测试{i}"), programme)


@pytest.mark.parametrize("name", ["list", "list filtered", "export"])
def test_the_list_and_its_export_need_the_same_queries_for_three_times_the_rows(
    client_for, tree, standards, name
):
    programme = school_programme(tree.county)
    urls = {
        "list": reverse("aid:school_aid_list") + "?size=100",
        "list filtered": reverse("aid:school_aid_list")
        + f"?size=100&year=2025&status=applied&level=bachelor&township={tree.township_a.pk}&q=测试",
        "export": reverse("aid:school_aid_export") + "?year=2025",
    }
    client = client_for("township_staff")
    client.get(reverse("aid:school_aid_list"))
    add_applications(tree, programme, 3, 0)
    small, response = count_queries(client, urls[name])
    if name != "export":
        assert table_rows(response, "school-aid-table") == 3
    add_applications(tree, programme, 6, 3)
    large, response = count_queries(client, urls[name])
    if name != "export":
        assert table_rows(response, "school-aid-table") == 9
    assert large == small, (name, small, large)


def test_the_file_s_page_needs_the_same_queries_with_its_applications(client_for, tree, standards):
    programmes = [school_programme(tree.county, name=f"助学{i}") for i in range(3)]
    file = household_with_student(tree.union_a1, 1)
    client = client_for("township_staff")
    url = reverse("aid:file_detail", args=[file.pk])
    client.get(url)
    applying(file, programmes[0])
    small, response = count_queries(client, url)
    assert response.content.decode().count('data-testid="school-aid-status"') == 1
    for programme in programmes[1:]:
        applying(file, programme)
    large, response = count_queries(client, url)
    assert response.content.decode().count('data-testid="school-aid-status"') == 3
    assert large == small


def test_the_export_holds_the_rows_the_list_shows_masked_for_staff(client_for, school):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for("township_staff").get(
        reverse("aid:school_aid_export") + "?status=applied"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    text = "\n".join(" ".join(str(c) for c in row if c is not None) for row in values)
    assert "王小明" in text and "钱小红" not in text and "赵小海" not in text
    assert school["applied"].student_id_number not in text
