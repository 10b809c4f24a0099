"""Members through the web: add with the ID number's rules, edit, find, filter, export."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from apps.core.ledgers import zh_choices
from apps.core.validators import mask_id_number
from apps.membership.choices import ChangeType, IdType, MemberStatus, NewFormGroup, Sex
from apps.membership.models import Member, MembershipChange
from tests.membership.helpers import (
    fast_passwords,  # noqa: F401
    id_number,
    make_member,
    member_post,
    wrong_check_digit,
)

ADD = reverse("membership:member_add")
LIST = reverse("membership:member_list")
EXPORT = reverse("membership:member_export")


def zh(message):
    """The message as a page in the default language (Chinese) shows it."""
    with override("zh-hans"):
        return gettext(message)


DUPLICATE = "Already an active member of another union; ask the county to transfer."


def names_in(response):
    return re.findall(r'<a href="/members/\d+/">([^<]+)</a>', response.content.decode())


# Adding ----------------------------------------------------------------------------------------


def test_adding_a_member_fills_birth_date_and_sex_from_the_id_and_opens_the_ledger(
    client_for, tree, personas
):
    client = client_for("township_staff")
    number = id_number(7, born=datetime.date(1990, 2, 14), male=False)
    # typed the way people type: full-width digits, spaces, a lower-case x would also do
    typed = " ".join([number[:6], number[6:14], number[14:]]).translate(
        {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}
    )
    response = client.post(ADD, member_post(tree.union_a1, id_number=typed))
    member = Member.objects.get(name="王小红")
    assert response.status_code == 302 and response["Location"] == member.get_absolute_url()
    assert member.id_number == number
    assert member.birth_date == datetime.date(1990, 2, 14)
    assert member.sex == "2"
    assert member.status == MemberStatus.ACTIVE and member.status_since == datetime.date(2020, 5, 1)
    (entry,) = MembershipChange.objects.filter(member=member)
    assert entry.change_type == ChangeType.JOIN and entry.union == tree.union_a1
    assert entry.recorded_by == personas["township_staff"]


def test_a_bad_check_digit_is_refused_on_the_field_and_typed_values_are_kept(client_for, tree):
    client = client_for("township_staff")
    bad = wrong_check_digit(id_number(7))
    response = client.post(ADD, member_post(tree.union_a1, id_number=bad, name="赵六"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["id_number"]
    assert form.errors["id_number"] == [
        zh("ID number check digit is wrong. Please check the number.")
    ]
    html = response.content.decode()
    assert 'data-testid="error-id_number"' in html
    assert f'value="{bad}"' in html and 'value="赵六"' in html and 'value="HY2020001"' in html
    assert not Member.objects.exists()


def test_a_number_already_active_elsewhere_is_refused_naming_no_other_union(client_for, tree):
    make_member(tree.union_b1, "李四", serial=3)
    client = client_for("township_staff")
    response = client.post(ADD, member_post(tree.union_a1, id_number=id_number(3)))
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [zh(DUPLICATE)]
    html = response.content.decode()
    assert tree.union_b1.name not in html and "李四" not in html
    assert Member.objects.count() == 1


def test_the_duplicate_message_is_translated_when_shown_not_when_imported():
    from django.utils.functional import Promise

    from apps.membership.services import ALREADY_MEMBER

    assert isinstance(ALREADY_MEMBER, Promise)


def test_a_former_member_may_join_again_elsewhere(client_for, tree):
    from apps.membership import services

    old = make_member(tree.union_b1, "李四", serial=3)
    services.record_change(
        member=old,
        actor=None,
        change_type=ChangeType.WITHDRAW,
        changed_on=datetime.date(2021, 1, 1),
        reason="07",
    )
    client = client_for("township_staff")
    response = client.post(ADD, member_post(tree.union_a1, id_number=id_number(3)))
    assert response.status_code == 302
    assert Member.objects.filter(id_number=id_number(3)).count() == 2


def test_other_documents_ask_for_sex_and_keep_the_number_as_typed(client_for, tree):
    client = client_for("township_staff")
    response = client.post(ADD, member_post(tree.union_a1, id_type="2", id_number="e 1234 5678"))
    assert response.context["form"].errors["sex"]
    response = client.post(
        ADD, member_post(tree.union_a1, id_type="2", id_number="e 1234 5678", sex="1")
    )
    assert response.status_code == 302
    member = Member.objects.get()
    assert member.id_number == "E12345678" and member.sex == "1" and member.birth_date is None


def test_a_number_too_long_for_the_record_is_a_field_error_not_a_crash(client_for, tree):
    client = client_for("township_staff")
    response = client.post(
        ADD, member_post(tree.union_a1, id_type="9", id_number="A" * 25, sex="1")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("joined_on", "2999-01-01"),
        ("phone", "1234"),
        ("name", ""),
        ("union", ""),
    ],
)
def test_field_rules_of_the_record(client_for, tree, field, value):
    client = client_for("township_staff")
    data = member_post(tree.union_a1)
    data[field] = value
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Member.objects.exists()


def test_a_member_under_sixteen_is_refused(client_for, tree):
    today = timezone.localdate()
    young = id_number(1, born=today.replace(year=today.year - 15))
    response = client_for("township_staff").post(
        ADD, member_post(tree.union_a1, id_number=young, joined_on=str(today))
    )
    assert "birth_date" in response.context["form"].errors


def test_the_union_choices_are_the_users_open_unions(client_for, tree):
    form = client_for("township_staff").get(ADD).context["form"]
    choices = set(form.fields["union"].queryset)
    assert tree.union_a1 in choices and tree.township_a in choices
    assert tree.union_b1 not in choices and tree.county not in choices
    response = client_for("township_staff").post(ADD, member_post(tree.union_b1))
    assert "union" in response.context["form"].errors


# Editing ---------------------------------------------------------------------------------------


def edit_post(member, **changes):
    data = member_post(
        member.union,
        name=member.name,
        id_number=member.id_number,
        phone=member.phone,
        joined_on=str(member.joined_on),
        card_no=member.card_no,
        work_unit=member.work_unit,
    )
    data.update(changes)
    return data


def test_editing_saves_the_record_but_never_the_union(client_for, tree):
    member = make_member(tree.union_a1, "张三")
    client = client_for("county_admin")
    url = reverse("membership:member_edit", args=[member.pk])
    response = client.post(url, edit_post(member, work_unit="城关镇卫生院", union=tree.union_b1.pk))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.work_unit == "城关镇卫生院" and member.union == tree.union_a1


def test_editing_without_reveal_shows_masked_numbers_and_keeps_them_when_sent_back(
    client_for, tree
):
    member = make_member(tree.union_a1, "张三", serial=5)
    client = client_for("township_staff")
    url = reverse("membership:member_edit", args=[member.pk])
    html = client.get(url).content.decode()
    assert member.id_number not in html and member.phone not in html
    form = client.get(url).context["form"]
    masked_id, masked_phone = form.initial["id_number"], form.initial["phone"]
    assert "*" in masked_id and "*" in masked_phone
    response = client.post(
        url, edit_post(member, id_number=masked_id, phone=masked_phone, card_no="HY-9")
    )
    assert response.status_code == 302
    stored = Member.objects.get(pk=member.pk)
    assert stored.id_number == member.id_number and stored.phone == member.phone
    assert stored.card_no == "HY-9"


def test_editing_the_id_number_derives_birth_and_sex_again(client_for, tree):
    member = make_member(tree.union_a1, "张三", serial=5)
    client = client_for("township_staff")
    new = id_number(9, born=datetime.date(1979, 12, 31), male=False)
    response = client.post(
        reverse("membership:member_edit", args=[member.pk]),
        edit_post(member, id_number=new, phone="13700000000"),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.id_number == new and member.birth_date == datetime.date(1979, 12, 31)
    assert member.sex == "2" and member.phone == "13700000000"


# Finding and filtering -------------------------------------------------------------------------


@pytest.fixture
def roster(tree):
    today = timezone.localdate()
    return {
        "zhang": make_member(
            tree.union_a1,
            "张三",
            serial=1,
            born=today.replace(year=today.year - 30),
            card_no="HY0001",
            is_migrant=True,
        ),
        "li": make_member(
            tree.union_a1,
            "李四",
            serial=2,
            born=today.replace(year=today.year - 40),
            male=False,
            new_form_group=NewFormGroup.COURIER,
            joined_on=datetime.date(2019, 7, 1),
        ),
        "wang": make_member(
            tree.union_a2,
            "王五",
            serial=3,
            born=today.replace(year=today.year - 55),
            employment="40",
        ),
        "liu": make_member(tree.union_b1, "刘六", serial=4),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=zs", ["张三"]),
        ("q=zhangsan", ["张三"]),
        ("q=张", ["张三"]),
        ("q=HY0001", ["张三"]),
        ("sex=2", ["李四"]),
        ("is_migrant=true", ["张三"]),
        ("new_form_group=any", ["李四"]),
        (f"new_form_group={NewFormGroup.COURIER}", ["李四"]),
        ("employment=40", ["王五"]),
        ("age_band=under35", ["张三"]),
        ("age_band=35to50", ["李四"]),
        ("age_band=over50", ["王五"]),
        ("joined_from=2019-01-01&joined_to=2019-12-31", ["李四"]),
        ("status=holding", ["张三", "李四", "王五"]),
        ("status=retained", []),
    ],
)
def test_list_filters(client_for, roster, query, expected):
    response = client_for("township_staff").get(f"{LIST}?{query}")
    assert sorted(names_in(response)) == sorted(expected)


def test_search_by_id_number_its_last_digits_and_phone(client_for, roster):
    client = client_for("township_staff")
    li = roster["li"]
    assert names_in(client.get(LIST, {"q": li.id_number})) == ["李四"]
    assert names_in(client.get(LIST, {"q": li.id_number[-6:]})) == ["李四"]
    assert names_in(client.get(LIST, {"q": li.id_number.lower()})) == ["李四"]
    assert names_in(client.get(LIST, {"q": li.phone})) == ["李四"]
    assert names_in(client.get(LIST, {"q": li.phone[-4:]})) == ["李四"]


def test_subtree_filter_and_scope(client_for, tree, roster):
    staff = client_for("township_staff")
    assert sorted(names_in(staff.get(LIST))) == sorted(["张三", "李四", "王五"])
    assert names_in(staff.get(LIST, {"subtree": tree.union_a2.pk})) == ["王五"]
    # another township's union is not a valid choice: nothing, rather than their members
    assert names_in(staff.get(LIST, {"subtree": tree.union_b1.pk})) == []
    admin = client_for("county_admin")
    assert names_in(admin.get(LIST, {"subtree": tree.township_b.pk})) == ["刘六"]


def test_age_band_boundaries_follow_the_birthday(tree):
    """35 today is in 35–50; 50 until the day before the 51st birthday; then over 50."""
    from apps.membership.filters import AGE_BANDS, age_band_q

    today = datetime.date(2026, 3, 10)

    def born(years, days=0):
        return today.replace(year=today.year - years) + datetime.timedelta(days=days)

    expected = {
        born(35): "35to50",
        born(35, 1): "under35",
        born(51, 1): "35to50",
        born(51): "over50",
    }
    for serial, birth in enumerate(expected):
        make_member(tree.union_a1, f"人{serial}", serial=serial, born=birth)
    for band in AGE_BANDS:
        found = set(
            Member.objects.filter(age_band_q(band, today)).values_list("birth_date", flat=True)
        )
        assert found == {birth for birth, b in expected.items() if b == band}, band


def test_pagination_counts_everything_filtered(client_for, tree):
    for n in range(25):
        make_member(tree.union_a1, f"张{n}", serial=n)
    response = client_for("township_staff").get(LIST, {"size": 20})
    assert response.context["page"].paginator.count == 25
    assert len(names_in(response)) == 20
    assert len(names_in(client_for("township_staff").get(LIST, {"size": 20, "page": 2}))) == 5


# Export ----------------------------------------------------------------------------------------

HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "就业情况",
    "证件类型",
    "证件号码",
    "会员卡号",
    "学历",
    "技能等级",
    "手机号",
    "户籍类型",
    "会籍状态",
    "政治面貌",
    "工作单位",
    "所属工会",
    "是否农民工会员",
    "新就业形态群体",
    "入会日期",
]


def read_export(response):
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_export_holds_exactly_the_filtered_rows_under_the_national_headers(
    client_for, tree, roster
):
    client = client_for("county_admin")
    headers, rows = read_export(client.get(EXPORT, {"subtree": tree.township_a.pk, "sex": "1"}))
    assert headers == HEADERS
    assert sorted(r["姓名"] for r in rows) == ["张三", "王五"]
    zhang = next(r for r in rows if r["姓名"] == "张三")
    assert zhang["性别"] == dict(zh_choices(Sex))["1"]
    assert zhang["证件类型"] == dict(zh_choices(IdType))["1"]
    assert zhang["会籍状态"] == dict(zh_choices(MemberStatus))["active"]
    # Masked for every role in the default export; full numbers are a separate, logged export.
    assert zhang["证件号码"] == mask_id_number(roster["zhang"].id_number)
    assert zhang["是否农民工会员"] == "是"
    assert zhang["所属工会"] == tree.union_a1.name
    assert zhang["入会日期"].date() == datetime.date(2015, 3, 1)
    _headers, everything = read_export(client.get(EXPORT, {"q": "zs"}))
    assert [r["姓名"] for r in everything] == ["张三"]
