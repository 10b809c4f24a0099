"""A ledger imported twice adds its records once: a checked file is confirmed (saved) at most
once, however fast and often it is confirmed, and a file whose rows match records saved before
(organisations by name under the same parent or by credit code, employers by credit code or by
name in the same township) says so in its preview and saves nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.choices import EmployerNature, JobKind, JobStatus, OrgStatus
from apps.core.jobs import AlreadyConfirmed, confirm_import, start_job
from apps.core.ledgers import zh_choices
from apps.core.models import Employer, Job, UnionOrg
from apps.core.validators import credit_code_check_char
from tests.core.test_imports import ENTERPRISE, HEADERS, checked_job, confirm, xlsx
from tests.membership.test_concurrency import race

pytestmark = pytest.mark.usefixtures("fast_passwords", "media_root")

ROSTER = [  # three new unions under 城关镇, without codes (numbered on saving)
    [f"城关镇重复导入测试{i}厂工会", "", "QH-01", ENTERPRISE, "2016-05-01", f"张{i}"]
    for i in range(1, 4)
]
EMPLOYER_HEADERS = ["单位名称", "统一社会信用代码", "单位性质类别", "所属乡镇代码", "职工人数"]
EMPLOYER_HEADERS += ["女职工人数", "农民工人数"]
PRIVATE = dict(zh_choices(EmployerNature))["170"]


def credit(first17):
    return first17 + credit_code_check_char(first17)


def imported_unions():
    return UnionOrg.objects.filter(name__startswith="城关镇重复导入测试")


def test_a_roster_without_codes_imported_again_is_refused_in_its_preview(client_for, tree):
    client = client_for("township_staff")
    first, _page = checked_job(client, xlsx(ROSTER))
    assert confirm(client, first).params["committed"] is True
    assert imported_unions().count() == 3

    again, page = checked_job(client, xlsx(ROSTER))

    assert again.outcome["error_rows"] == 3
    for row, union in zip(("2", "3", "4"), imported_unions().order_by("name"), strict=True):
        assert again.outcome["errors"][row] == [
            f"组织全称：城关镇总工会下已有“{union.name}（{union.code}）”，不能重复导入"
        ]
    assert 'data-testid="confirm"' not in page
    assert "不能重复导入" in page  # in the preview, before any confirm
    assert client.post(reverse("core:job_confirm", args=[again.pk])).status_code == 403
    assert imported_unions().count() == 3


def test_a_union_of_the_same_name_under_another_parent_or_closed_is_not_a_match(client_for, tree):
    client = client_for("county_admin")
    closed = UnionOrg.objects.filter(pk=tree.union_a1.pk)
    closed.update(status=OrgStatus.DISSOLVED)
    rows = [
        [tree.union_a2.name, "", "QH-02", ENTERPRISE, "", ""],  # 城关镇's name under 新庄镇
        [tree.union_a1.name, "", "QH-01", ENTERPRISE, "", ""],  # founded again after closing
    ]

    job, _page = checked_job(client, xlsx(rows))

    assert job.outcome["errors"] == {}


def test_a_credit_code_already_registered_is_named_only_within_the_scope(client_for, tree):
    UnionOrg.objects.filter(pk=tree.union_a2.pk).update(credit_code=credit("81330100MA2B3C4D5"))
    UnionOrg.objects.filter(pk=tree.union_b1.pk).update(credit_code=credit("81330100MA2B3C4D6"))
    headers = [*HEADERS, "统一社会信用代码"]
    rows = [
        ["城关镇新厂甲工会", "", "QH-01", ENTERPRISE, "", "", "", credit("81330100MA2B3C4D5")],
        ["城关镇新厂乙工会", "", "QH-01", ENTERPRISE, "", "", "", credit("81330100MA2B3C4D6")],
    ]

    job, _page = checked_job(client_for("township_staff"), xlsx(rows, headers=headers))

    assert job.outcome["errors"] == {
        "2": [
            f"统一社会信用代码：已登记为“城关镇卫生院工会（{tree.union_a2.code}）”，不能重复导入"
        ],
        "3": ["统一社会信用代码：已在您的管辖范围之外登记，不能重复导入"],
    }
    assert "新庄" not in str(job.outcome)  # nothing about the other township's union


def test_an_employer_matching_by_credit_code_or_by_name_in_its_township_is_refused(
    client_for, tree
):
    Employer.objects.filter(pk=tree.employer_a1.pk).update(credit_code=credit("91330100MA2B3C4D7"))
    rows = [
        ["城关镇新开的公司", credit("91330100MA2B3C4D7"), PRIVATE, "QH-01", 10, 5, 2],
        [tree.employer_a1.name, "", PRIVATE, "QH-01", 10, 5, 2],
        [tree.employer_b1.name, "", PRIVATE, "QH-01", 10, 5, 2],  # 新庄镇's name: new here
    ]
    client = client_for("county_admin")
    response = client.post(
        reverse("core:import_upload", args=["employers"]),
        {"file": SimpleUploadedFile("用人单位.xlsx", xlsx(rows, headers=EMPLOYER_HEADERS))},
    )
    job = Job.objects.get(pk=int(re.search(r"/jobs/(\d+)/", response["Location"])[1]))

    assert job.outcome["errors"] == {
        "2": ["统一社会信用代码：已登记为“宏达纺织有限公司”，不能重复导入"],
        "3": ["单位名称：城关镇总工会下已有“宏达纺织有限公司”，不能重复导入"],
    }
    assert Employer.objects.count() == 2


def test_confirming_a_check_twice_saves_it_once_and_shows_the_save(client_for, tree):
    client = client_for("township_staff")
    check, _page = checked_job(client, xlsx(ROSTER))
    saved = confirm(client, check)

    again = client.post(reverse("core:job_confirm", args=[check.pk]), follow=True)

    assert again.redirect_chain == [(saved.get_absolute_url(), 302)]
    assert "这份文件已经确认过导入，同一份检查结果只导入一次。" in again.content.decode()
    assert Job.objects.filter(kind=JobKind.IMPORT_COMMIT).count() == 1
    assert imported_unions().count() == 3


def checked(user, data):
    """A passed check of `data` by `user`, as the upload page starts it."""
    job = start_job(
        kind=JobKind.IMPORT_CHECK,
        title="工会组织导入",
        user=user,
        params={"importer": "orgs", "org": None},
        input_file=SimpleUploadedFile("工会组织台账.xlsx", data),
        inline=True,
    )
    assert job.status == JobStatus.DONE and job.outcome["error_rows"] == 0, job.outcome
    return job


@pytest.mark.django_db(transaction=True)
def test_six_confirms_at_once_of_two_checks_of_one_file_save_it_once(tree, personas):
    staff = personas["township_staff"]
    checks = [checked(staff, xlsx(ROSTER)), checked(staff, xlsx(ROSTER))]

    def confirming(check):
        return lambda: confirm_import(check=Job.objects.get(pk=check.pk), actor=staff)

    outcomes = race(*(confirming(check) for check in checks for _ in range(3)))

    commits = [o for o in outcomes if isinstance(o, Job)]
    refused = [o for o in outcomes if isinstance(o, AlreadyConfirmed)]
    assert len(commits) == 2 and len(refused) == 4, outcomes
    saves = Job.objects.filter(kind=JobKind.IMPORT_COMMIT)
    assert {c.pk for c in commits} == set(saves.values_list("pk", flat=True))
    for check in checks:
        check.refresh_from_db()
        assert check.params["confirmed_job"] in {c.pk for c in commits}
    assert {r.commit.pk for r in refused} == {c.pk for c in commits}
    assert str(refused[0]) == "这份文件已经确认过导入，同一份检查结果只导入一次。"
    # Each check saved once; the second save of the same rows found them saved and stopped.
    assert imported_unions().count() == 3
    results = sorted((c.params["committed"], c.outcome["error_rows"]) for c in commits)
    assert results == [(False, 3), (True, 0)]
