"""The annual work review: default text, editing with placeholders, issuing, reprinting."""

import datetime
import re
import subprocess

import pytest
from django.db import connection
from django.urls import reverse

from apps.core.models import UnionOrg, User
from apps.reports import services
from apps.reports.choices import SectionKind
from apps.reports.models import AnnualReview, IssuedReview
from apps.reports.periods import Period

from .conftest import add_member

YEAR = Period.year(2025)


def pdf_text(data, tmp_path):
    path = tmp_path / "review.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def joins_in(year, org=None):
    """New members (入会) in `year`, counted straight from the ledger table."""
    sql = (
        "SELECT count(*) FROM membership_membershipchange c JOIN core_unionorg u ON u.id = "
        "c.union_id WHERE c.change_type = '1' AND c.changed_on BETWEEN %s AND %s "
        "AND u.path LIKE %s"
    )
    path = (org.path if org else "/") + "%"
    with connection.cursor() as cursor:
        cursor.execute(sql, [datetime.date(year, 1, 1), datetime.date(year, 12, 31), path])
        return cursor.fetchone()[0]


@pytest.fixture
def review(seeded):
    admin = User.objects.get(username="county_admin")
    review, _ = services.get_or_create_review(org=seeded, period=YEAR, actor=admin)
    return review


def test_a_new_review_has_the_default_text(review):
    assert review.title == "清河县总工会2025年工作回顾"
    kinds = list(review.sections.values_list("kind", flat=True))
    assert kinds[0] == SectionKind.FOREWORD
    assert kinds[-1] == SectionKind.CLOSING
    assert "organisation" in kinds and "bargaining" in kinds
    organisation = review.sections.get(kind="organisation")
    assert "{membership.new_members}" in organisation.body
    closing = review.sections.get(kind=SectionKind.CLOSING)
    assert "存在的问题" in closing.body and "2026年工作打算" in closing.body


def test_the_default_text_names_only_registered_indicators(review):
    from apps.reports.placeholders import unknown

    for section in review.sections.all():
        assert unknown(section.body) == [], section.heading


def test_a_line_of_work_registered_later_is_added(review, extra_section, extra_indicator):
    from apps.reports.registry import FLOW

    extra_section(code="extra", order=990, name="新增工作", heading="开展新增工作")
    extra_indicator(
        code="extra.households_helped",
        section="extra",
        label="帮扶困难职工",
        unit="户",
        kind=FLOW,
        records=lambda scope, period: UnionOrg.objects.within(scope),
        headline=True,
    )
    assert services.missing_sections(review) == ["extra"]
    services.add_missing_sections(review=review, actor=User.objects.get(username="county_admin"))
    kinds = list(review.sections.values_list("kind", flat=True))
    assert kinds[-2:] == ["extra", SectionKind.CLOSING]
    added = review.sections.get(kind="extra")
    assert "全年帮扶困难职工{extra.households_helped}户" in added.body


class TestEditing:
    def form_data(self, review, **changes):
        data = {
            "title": review.title,
            "sections-TOTAL_FORMS": review.sections.count() + 1,  # and one blank new section
            "sections-INITIAL_FORMS": review.sections.count(),
            "sections-MIN_NUM_FORMS": 0,
            "sections-MAX_NUM_FORMS": 1000,
        }
        for n, section in enumerate(review.sections.all()):
            data |= {
                f"sections-{n}-id": section.pk,
                f"sections-{n}-review": review.pk,
                f"sections-{n}-position": section.position,
                f"sections-{n}-heading": section.heading,
                f"sections-{n}-body": section.body,
            }
        blank = review.sections.count()
        data |= {f"sections-{blank}-position": "", f"sections-{blank}-heading": ""}
        return data | changes

    def test_an_unknown_placeholder_is_refused_and_named(self, review, client_factory):
        client = client_factory("county_admin")
        typed = "全年新发展会员{membership.new_membrs}人，另有{aid.nothing}户。"
        data = self.form_data(review, **{"sections-1-body": typed})
        response = client.post(reverse("reports:review_edit", args=[review.pk]), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "{membership.new_membrs}" in html and "{aid.nothing}" in html
        assert "Unknown indicator placeholder" in html or "未知" in html
        assert typed in html  # what was typed is kept
        assert not review.sections.filter(body=typed).exists()

    @pytest.mark.parametrize(
        "typed, position",
        [
            ("全年会员{membership.members人。", "第1行第5列"),  # never closed
            ("全年会员{membership.members}人。\n其中女会员{membership.women", "第2行第6列"),
            ("全年会员membership.members}人。", "第1行第23列"),  # closes nothing
        ],
    )
    def test_a_malformed_placeholder_is_refused_naming_its_position(
        self, review, client_factory, typed, position
    ):
        client = client_factory("county_admin")
        data = self.form_data(review, **{"sections-1-body": typed})
        response = client.post(
            reverse("reports:review_edit", args=[review.pk]), data, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert position in html, html[html.find("error-body") - 200 : html.find("error-body") + 400]
        assert not review.sections.filter(body=typed).exists()

    def test_a_malformed_heading_or_title_is_refused_too(self, review, client_factory):
        client = client_factory("county_admin")
        for field in ("title", "sections-0-heading"):
            data = self.form_data(review, **{field: "一、组织建设}"})
            response = client.post(reverse("reports:review_edit", args=[review.pk]), data)
            assert response.status_code == 400, field
            assert "第1行第7列" in response.content.decode(), field

    def test_the_service_and_the_issue_refuse_a_malformed_placeholder(self, review):
        from django.core.exceptions import ValidationError

        from apps.reports.forms import SectionFormSet

        admin = User.objects.get(username="county_admin")
        formset = SectionFormSet(instance=review)
        review.title = "回顾{membership.members"
        with pytest.raises(ValidationError, match="第1行第3列"):
            services.save_review(review=review, formset=formset, actor=admin)
        review.refresh_from_db()
        section = review.sections.first()
        section.body = "会员{membership.members人"
        section.save()
        with pytest.raises(ValidationError, match="第1行第3列"):
            services.issue_review(review=review, actor=admin)
        assert not review.issues.exists()

    def test_text_with_known_placeholders_is_saved(self, review, client_factory):
        client = client_factory("county_admin")
        text = "全年新发展会员{membership.new_members}人，比上年{membership.new_members.change}。"
        data = self.form_data(review, **{"sections-1-body": text, "title": "回顾（修改稿）"})
        response = client.post(reverse("reports:review_edit", args=[review.pk]), data)
        assert response.status_code == 302
        review.refresh_from_db()
        assert review.title == "回顾（修改稿）"
        assert review.updated_by.username == "county_admin"
        assert review.sections.filter(body=text).exists()

    def test_a_new_section_goes_before_the_closing_one_when_unnumbered(
        self, review, client_factory
    ):
        client = client_factory("county_admin")
        blank = review.sections.count()
        data = self.form_data(
            review,
            **{f"sections-{blank}-heading": "加强自身建设", f"sections-{blank}-body": "正文。"},
        )
        assert (
            client.post(reverse("reports:review_edit", args=[review.pk]), data).status_code == 302
        )
        headings = list(review.sections.values_list("heading", flat=True))
        assert headings[-2] == "加强自身建设"

    def test_who_changed_the_text_is_kept(self, review, client_factory):
        text = "全年新发展会员{membership.new_members}人。"
        data = self.form_data(review, **{"sections-1-body": text})
        client_factory("county_admin").post(reverse("reports:review_edit", args=[review.pk]), data)
        page = client_factory("auditor").get(review.get_absolute_url()).content.decode()
        assert 'data-testid="history"' in page
        assert "县总管理员" in page and text in page

    def test_the_service_refuses_too(self, review):
        from django.core.exceptions import ValidationError

        from apps.reports.forms import SectionFormSet

        formset = SectionFormSet(instance=review)
        review.title = "{nope.code}"
        with pytest.raises(ValidationError, match="nope.code"):
            services.save_review(
                review=review, formset=formset, actor=User.objects.get(username="county_admin")
            )

    def test_readers_cannot_edit(self, review, client_factory):
        for reader in ("leader", "auditor"):
            client = client_factory(reader)
            assert client.get(reverse("reports:review_edit", args=[review.pk])).status_code == 403
            issue = client.post(reverse("reports:review_issue", args=[review.pk]))
            assert issue.status_code == 403
            assert client.get(review.get_absolute_url()).status_code == 200


class TestIssuing:
    def test_an_issue_freezes_figures_and_reprints_byte_for_byte(
        self, review, client_factory, tmp_path
    ):
        client = client_factory("county_admin")
        response = client.post(reverse("reports:review_issue", args=[review.pk]), follow=True)
        assert response.status_code == 200
        first = IssuedReview.objects.get(review=review)
        assert first.version == 1 and first.issued_by.username == "county_admin"
        download = reverse("reports:issued_download", args=[first.pk])
        original = b"".join(client.get(download).streaming_content)
        assert original.startswith(b"%PDF")
        frozen = first.values["membership.new_members"]["value"]
        assert frozen == joins_in(2025)

        # The records move on: two more members join in 2025.
        union = UnionOrg.objects.filter(level="grassroots").order_by("pk").first()
        add_member(union, 901, joined_on=datetime.date(2025, 6, 1))
        add_member(union, 902, joined_on=datetime.date(2025, 7, 1))

        again = b"".join(client.get(download).streaming_content)
        assert again == original
        first.refresh_from_db()
        assert first.values["membership.new_members"]["value"] == frozen

        client.post(reverse("reports:review_issue", args=[review.pk]))
        second = IssuedReview.objects.get(review=review, version=2)
        assert second.values["membership.new_members"]["value"] == frozen + 2
        assert b"".join(client.get(download).streaming_content) == original
        assert IssuedReview.objects.filter(review=review).count() == 2

    def test_the_pdf_says_the_right_numbers_in_sentences(self, review, tmp_path):
        admin = User.objects.get(username="county_admin")
        issued = services.issue_review(review=review, actor=admin)
        text = pdf_text(issued.pdf.read(), tmp_path)
        joins, before = joins_in(2025), joins_in(2024)
        change = round((joins - before) * 100 / before, 1)
        word = "增长" if change > 0 else "下降"
        assert f"全年新发展会员{joins}人，比上年{word}{abs(change):.1f}%" in text
        assert "清河县总工会2025年工作回顾" in text
        assert "存在的问题" in text and "附表" in text
        assert issued.pages >= 3

    def test_the_pdf_embeds_a_cjk_font(self, review, tmp_path):
        issued = services.issue_review(
            review=review, actor=User.objects.get(username="county_admin")
        )
        path = tmp_path / "review.pdf"
        path.write_bytes(issued.pdf.read())
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        cjk = [line for line in fonts.splitlines() if "CJK" in line]
        assert cjk, fonts
        assert all(" yes " in line for line in cjk), fonts  # embedded
        assert any("Serif" in line for line in cjk) and any("Sans" in line for line in cjk)

    def test_an_issued_review_cannot_be_changed(self, review):
        from django.db import InternalError, ProgrammingError, transaction

        issued = services.issue_review(
            review=review, actor=User.objects.get(username="county_admin")
        )
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
            IssuedReview.objects.filter(pk=issued.pk).update(title="改过")

    def test_the_issue_job_reports_progress(self, review, client_factory):
        from apps.core.models import Job

        client = client_factory("county_admin")
        client.post(reverse("reports:review_issue", args=[review.pk]))
        job = Job.objects.get(kind="issue-review")
        assert job.status == "done" and job.params["version"] == 1
        page = client.get(reverse("reports:issue_progress", args=[job.pk]))
        assert page.status_code == 302 and page["Location"] == review.get_absolute_url()

    def test_a_text_with_a_vanished_indicator_is_not_issued(self, review, client_factory):
        section = review.sections.get(kind="organisation")
        section.body += "另有{gone.indicator}个。"
        section.save()
        response = client_factory("county_admin").post(
            reverse("reports:review_issue", args=[review.pk])
        )
        assert response.status_code == 302
        assert not IssuedReview.objects.exists()


class TestScope:
    def test_a_township_user_cannot_see_or_issue_the_countys_review(self, review, client_factory):
        client = client_factory("township_staff")
        admin_issue = services.issue_review(
            review=review, actor=User.objects.get(username="county_admin")
        )
        for name in ("review_detail", "review_edit", "review_issue", "review_add_sections"):
            method = client.post if name in ("review_issue", "review_add_sections") else client.get
            assert method(reverse(f"reports:{name}", args=[review.pk])).status_code == 404, name
        download = reverse("reports:issued_download", args=[admin_issue.pk])
        assert client.get(download).status_code == 404
        listing = client.get(reverse("reports:review_list"))
        assert review.title not in listing.content.decode()
        with pytest.raises(Exception):  # noqa: B017  (the service refuses as well)
            services.issue_review(review=review, actor=User.objects.get(username="township_staff"))

    def test_a_township_user_reviews_their_own_township(self, seeded, client_factory):
        staff = User.objects.get(username="township_staff")
        client = client_factory("township_staff")
        response = client.post(
            reverse("reports:review_new"), {"org": staff.org_id, "kind": "year", "year": 2025}
        )
        assert response.status_code == 302
        review = AnnualReview.objects.get(org=staff.org)
        assert review.title == f"{staff.org.name}2025年工作回顾"
        assert "全镇" in review.sections.first().body or "全乡" in review.sections.first().body
        assert client.get(review.get_absolute_url()).status_code == 200
        other = client_factory("other_township_staff")
        assert other.get(review.get_absolute_url()).status_code == 404

    def test_a_township_user_cannot_start_the_countys_review(self, seeded, client_factory):
        response = client_factory("township_staff").post(
            reverse("reports:review_new"), {"org": seeded.pk, "kind": "year", "year": 2025}
        )
        assert response.status_code == 200  # the form refuses an organisation out of scope
        assert not AnnualReview.objects.exists()


def test_a_preview_links_each_figure_to_its_drilldown(review, client_factory):
    response = client_factory("leader").get(review.get_absolute_url())
    html = response.content.decode()
    link = reverse("reports:drilldown", args=["membership.new_members"])
    assert (
        f'<a class="figure" href="{link}?org={review.org_id}&amp;kind=year&amp;year=2025">' in html
    )


def test_a_period_with_no_data_renders(seeded, tmp_path):
    review, _ = services.get_or_create_review(org=seeded, period=Period.year(1990), actor=None)
    pdf, pages = services.render_review(review=review)
    text = pdf_text(pdf, tmp_path)
    assert "全年新发展会员0人" in text
    assert pages >= 3


def test_the_command_line_renders_a_pdf(seeded, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "review.pdf"
    call_command("render_annual_review", "--year", "2021", "--to-year", "2025", "--out", str(out))
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "清河县总工会2021—2025年工作回顾" in text
    joins = sum(joins_in(year) for year in range(2021, 2026))
    assert f"2021—2025年间累计新发展会员{joins}人" in text
    review = AnnualReview.objects.get(org=seeded)
    assert (review.period_kind, review.first_year, review.last_year) == ("years", 2021, 2025)
