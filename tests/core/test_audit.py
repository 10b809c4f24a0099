"""The audit page: one list of every change and reveal across records, for the audit committee
and the county administrator, filtered by person, record type, date range and action, paged,
in a fixed number of queries, and never showing a row outside the reader's scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from apps.core import services
from apps.core.choices import Role
from apps.core.models import Employer, UnionOrg
from apps.membership import masking
from tests.conftest import make_user
from tests.membership.helpers import make_member
from tests.pages import count_queries, table_rows

pytestmark = pytest.mark.usefixtures("fast_passwords")

AUDIT = reverse("core:audit")


def rename(org, name, actor):
    org = UnionOrg.objects.get(pk=org.pk)
    org.name = name
    return services.save_org(org=org, actor=actor)


def audit_html(client, query=""):
    """The audit table of the page (the filters above it name every action and type)."""
    response = client.get(AUDIT + query)
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    return html[html.index('data-testid="audit-table"') :]


@pytest.fixture
def changes(tree, personas):
    """A clerk of each township renames one of its unions; the county admin reveals a number."""
    rename(tree.union_a1, "宏达纺织工会", personas["township_staff"])
    rename(tree.union_b1, "新庄机械工会", personas["other_township_staff"])
    member = make_member(tree.union_a1, "张三", serial=8, actor=personas["township_staff"])
    masking.reveal(member=member, actor=personas["county_admin"], what="phone")
    return member


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("auditor", 200),
        ("county_admin", 200),
        ("leader", 403),
        ("township_staff", 403),
    ],
)
def test_the_audit_page_is_for_auditors_and_the_county_admin(client_for, persona, status):
    client = client_for(persona)

    assert client.get(AUDIT).status_code == status
    home = client.get(reverse("home")).content.decode()
    assert (f'href="{AUDIT}"' in home) is (status == 200)  # in the menu for them only


def test_the_audit_page_lists_changes_with_field_old_and_new(client_for, changes):
    html = audit_html(client_for("auditor"))

    assert "宏达纺织有限公司工会" in html and "宏达纺织工会" in html  # old → new
    assert "township_staff" in html and "other_township_staff" in html
    assert gettext("Revealed") in html and "county_admin" in html
    assert changes.phone not in html  # never the number itself


def test_the_filters(client_for, tree, personas, changes):
    client = client_for("auditor")

    by_user = audit_html(client, "?user=other_township")
    assert "新庄机械工会" in by_user and "宏达纺织工会" not in by_user

    reveals = audit_html(client, "?action=reveal")
    assert gettext("Revealed") in reveals and "宏达纺织工会" not in reveals
    assert table_rows(client.get(AUDIT + "?action=reveal"), "audit-table") == 1

    orgs = audit_html(client, "?record_type=core.unionorg&action=update")
    assert "宏达纺织工会" in orgs and "新庄机械工会" in orgs and gettext("Revealed") not in orgs
    assert "张三" not in orgs  # the member's rows are another record type

    members = audit_html(client, "?record_type=membership.member")
    assert "张三" in members and "宏达纺织有限公司工会" not in members  # no renaming rows

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert "宏达纺织工会" in audit_html(client, f"?date_from={today}&date_to={today}")
    later = client.get(AUDIT + f"?date_from={tomorrow}")
    assert table_rows(later, "audit-table") == 1  # the "nothing recorded" row
    assert "宏达纺织工会" not in audit_html(client, f"?date_from={tomorrow}")


def test_a_bad_filter_answers_400_with_a_message(client_for):
    client = client_for("auditor")

    response = client.get(AUDIT + "?date_from=2025-09-01&date_to=2025-08-31")
    assert response.status_code == 400
    assert "起始日期晚于截止日期" in response.content.decode()
    assert client.get(AUDIT + "?date_from=not-a-date").status_code == 400
    assert client.get(AUDIT + "?action=hack").status_code == 400


def test_a_scoped_auditor_sees_only_their_scope(client, tree, personas, changes):
    township_auditor = make_user("township_auditor", tree.township_a, Role.AUDITOR)
    employer = Employer.objects.create(
        name="新庄临时用工站", nature="170", township=tree.township_b, headcount=5
    )
    employer.delete()  # a deleted record of the other township: its rows stay out too
    client.force_login(township_auditor)

    html = audit_html(client)

    assert "宏达纺织工会" in html and "张三" in html
    assert gettext("Revealed") in html  # a reveal of a member in scope
    for elsewhere in ("新庄机械工会", "新庄机械厂工会", "other_township_staff", "新庄临时用工站"):
        assert elsewhere not in html
    assert "新庄临时用工站" in audit_html(client_for_admin(personas))  # the county sees it


def client_for_admin(personas):
    from django.test import Client

    client = Client()
    client.force_login(personas["county_admin"])
    return client


def test_the_page_is_paged(client_for, tree, personas):
    for n in range(30):
        rename(tree.union_a2, f"卫生院工会{n}", personas["township_staff"])
    client = client_for("auditor")

    first = client.get(AUDIT + "?size=20&record_type=core.unionorg&action=update")
    second = client.get(AUDIT + "?size=20&record_type=core.unionorg&action=update&page=2")

    assert table_rows(first, "audit-table") == 20 and table_rows(second, "audit-table") == 10
    assert "卫生院工会29" in first.content.decode() and "卫生院工会0<" in second.content.decode()


def test_the_query_count_does_not_grow_with_the_rows(client_for, tree, personas):
    client = client_for("auditor")
    member = make_member(tree.union_a1, "李四", serial=9, actor=personas["township_staff"])
    rename(tree.union_a2, "卫生院工会", personas["township_staff"])
    masking.reveal(member=member, actor=personas["county_admin"], what="phone")
    few, _response = count_queries(client, AUDIT)

    for n in range(3, 15):
        make_member(tree.union_a2, f"会员{n}", serial=10 + n, actor=personas["township_staff"])
        rename(tree.union_a2, f"卫生院工会{n}", personas["county_admin"])
        masking.reveal(member=member, actor=personas["county_admin"], what="id_number")
    many, response = count_queries(client, AUDIT)

    assert table_rows(response, "audit-table") == 50
    assert many <= few
