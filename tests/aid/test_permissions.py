"""Permission matrix of the hardship-aid pages, for the five personas.

In scope → 200; another township's file, payment or programme → 404 on every record page and
action (as if it did not exist); leaders and auditors → 403 on every write; the 低保标准 and the
county approval are the county administrator's; anonymous → the login page.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from apps.aid import services
from apps.aid.choices import FileStatus, FundSource, PaymentMethod, ProgrammeKind
from apps.aid.models import AidPayment, AidProgramme, FileObjection, HardshipFile
from apps.aid.views.steps import STEPS
from tests.aid.helpers import APPLIED, apply, on_file, to_publicity

READ_ONLY = ("leader", "auditor")
STAFF = ("county_admin", "township_staff")
pytestmark = pytest.mark.django_db


@pytest.fixture
def records(tree, standards, programme):
    """Township A's file on record with a payment, one under public notice with an objection,
    a township programme; township B's file and payment."""
    mine = on_file(apply(tree.union_a1, 1))
    theirs = on_file(apply(tree.union_b1, 2, name="赵大海"))
    noticed = to_publicity(apply(tree.union_a2, 3, name="钱小红"))
    objection = services.record_objection(
        objection=FileObjection(
            file=noticed, raised_on=APPLIED + datetime.timedelta(4), content="收入不实"
        ),
        actor=None,
    )
    paid = {}
    for file in (mine, theirs):
        paid[file.pk] = services.pay(
            programme=programme,
            file=file,
            actor=None,
            paid_on=datetime.date(2026, 1, 20),
            method=PaymentMethod.BANK,
            fund_source=FundSource.CENTRAL,
        )
    township_programme = services.save_programme(
        programme=AidProgramme(
            org=tree.township_b,
            year=2025,
            kind=ProgrammeKind.TEMPORARY,
            name="新庄镇临时救助",
            budget=Decimal("5000"),
            standard_amount=Decimal("500"),
        ),
        actor=None,
    )
    return {
        "mine": mine,
        "theirs": theirs,
        "noticed": noticed,
        "objection": objection,
        "payment": paid[mine.pk],
        "their_payment": paid[theirs.pk],
        "programme": programme,
        "their_programme": township_programme,
    }


def reads(r):
    return {
        "file list": reverse("aid:file_list"),
        "file list filtered": reverse("aid:file_list")
        + "?status=open&category=deep&cause=3&person_kind=urban&due_for_review=true&q=wjg",
        "file detail": reverse("aid:file_detail", args=[r["mine"].pk]),
        "attention": reverse("aid:attention"),
        "programmes": reverse("aid:programme_list"),
        "programme": reverse("aid:programme_detail", args=[r["programme"].pk]),
        "payments": reverse("aid:payment_list"),
        "payments filtered": reverse("aid:payment_list") + "?kind=payment&method=bank&q=王",
        "standards": reverse("aid:standard_list"),
    }


def writes(r):
    urls = {
        "file add": reverse("aid:file_add"),
        "file edit": reverse("aid:file_edit", args=[r["mine"].pk]),
        "payment add": reverse("aid:payment_add"),
        "payment reverse": reverse("aid:payment_reverse", args=[r["payment"].pk]),
        "programme add": reverse("aid:programme_add"),
        "programme edit": reverse("aid:programme_edit", args=[r["programme"].pk]),
        "objection decide": reverse(
            "aid:objection_decide", args=[r["noticed"].pk, r["objection"].pk]
        ),
    }
    for name, step in STEPS.items():
        file = r["noticed"] if FileStatus.PUBLICITY in step.statuses else r["mine"]
        urls[f"step {name}"] = reverse("aid:file_step", args=[file.pk, name])
    return urls


# Pages a township clerk opens for their own records (county approval and the county's
# programme are above them).
COUNTY_ONLY = {"step county_approval", "programme edit"}


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_in_scope_reads_answer_200(client_for, records, persona):
    client = client_for(persona)
    for name, url in reads(records).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("persona", STAFF)
def test_staff_open_every_write_page(client_for, records, persona):
    client = client_for(persona)
    for name, url in writes(records).items():
        response = client.get(url)
        if persona == "township_staff" and name in COUNTY_ONLY:
            assert response.status_code == 403, name
        else:
            # A step not open for the file's status redirects to the file with the reason.
            assert response.status_code in (200, 302), name
            if not name.startswith("step"):
                assert response.status_code == 200, name


def test_every_step_offered_for_its_status_opens_its_form(client_for, records):
    client = client_for("county_admin")
    for name, step in STEPS.items():
        file = records["noticed"] if FileStatus.PUBLICITY in step.statuses else records["mine"]
        if file.status in step.statuses:
            response = client.get(reverse("aid:file_step", args=[file.pk, name]))
            assert response.status_code == 200, name
            assert 'data-testid="what-happens"' in response.content.decode(), name


@pytest.mark.parametrize("persona", READ_ONLY)
def test_read_only_roles_get_403_on_every_write(client_for, records, persona):
    client = client_for(persona)
    for name, url in {**writes(records), "standard add": reverse("aid:standard_add")}.items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"reason": "x", "opinion": "x"}).status_code == 403, name
    assert AidPayment.objects.count() == 2


def _foreign_urls(r):
    """Every record page and action, for township A's records (seen from township B)."""
    urls = {
        "file detail": reverse("aid:file_detail", args=[r["mine"].pk]),
        "file edit": reverse("aid:file_edit", args=[r["mine"].pk]),
        "payment reverse": reverse("aid:payment_reverse", args=[r["payment"].pk]),
        "objection decide": reverse(
            "aid:objection_decide", args=[r["noticed"].pk, r["objection"].pk]
        ),
        "pay from the file": reverse("aid:payment_add") + f"?file={r['mine'].pk}",
    }
    for name in STEPS:
        urls[f"step {name}"] = reverse("aid:file_step", args=[r["mine"].pk, name])
        urls[f"step {name} (notice)"] = reverse("aid:file_step", args=[r["noticed"].pk, name])
    return urls


def test_another_township_s_records_are_404_on_every_page(client_for, records):
    client = client_for("other_township_staff")
    for name, url in _foreign_urls(records).items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"reason": "x", "opinion": "x"}).status_code == 404, name
    assert AidPayment.objects.count() == 2
    assert HardshipFile.objects.get(pk=records["noticed"].pk).status == FileStatus.PUBLICITY
    # Township A's clerk does not see township B's own programme either.
    client = client_for("township_staff")
    for url in (
        reverse("aid:programme_detail", args=[records["their_programme"].pk]),
        reverse("aid:programme_edit", args=[records["their_programme"].pk]),
        reverse("aid:payment_reverse", args=[records["their_payment"].pk]),
        reverse("aid:file_detail", args=[records["theirs"].pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_lists_show_only_the_scope(client_for, records):
    html = client_for("township_staff").get(reverse("aid:file_list")).content.decode()
    assert records["mine"].file_no in html and records["theirs"].file_no not in html
    html = client_for("township_staff").get(reverse("aid:payment_list")).content.decode()
    assert "王建国" in html and "赵大海" not in html
    html = client_for("county_admin").get(reverse("aid:file_list")).content.decode()
    assert records["mine"].file_no in html and records["theirs"].file_no in html


def test_the_standards_are_edited_by_the_county_administrator_only(client_for, records, standards):
    standard = next(iter(standards.values()))
    url = reverse("aid:standard_edit", args=[standard.pk])
    for persona in ("township_staff", "other_township_staff", "leader", "auditor"):
        client = client_for(persona)
        assert client.get(reverse("aid:standard_add")).status_code == 403, persona
        assert client.post(url, {"monthly_amount": "1"}).status_code == 403, persona
    admin = client_for("county_admin")
    assert admin.get(url).status_code == 200
    data = {"org": standard.org_id, "year": standard.year, "area": standard.area}
    response = admin.post(url, {**data, "monthly_amount": "850", "note": "民政局文件"})
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.monthly_amount == Decimal("850")


def test_only_the_county_approves_a_file(client_for, records, tree):
    file = to_publicity(apply(tree.union_a1, 9, name="孙立"))
    file = services.close_publicity(
        file=file, actor=None, closed_on=APPLIED + datetime.timedelta(11)
    )
    url = reverse("aid:file_step", args=[file.pk, "county_approval"])
    data = {"decision": "approve", "acted_on": "2025-03-13", "opinion": "同意"}
    assert client_for("township_staff").post(url, data).status_code == 403
    assert HardshipFile.objects.get(pk=file.pk).status == FileStatus.PUBLICIZED
    assert client_for("county_admin").post(url, data).status_code == 302
    assert HardshipFile.objects.get(pk=file.pk).status == FileStatus.ACTIVE


def test_anonymous_is_sent_to_login(records):
    client = Client()
    for name, url in {**reads(records), **writes(records)}.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
