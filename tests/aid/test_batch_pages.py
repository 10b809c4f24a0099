"""The payment batches' pages: the permission matrix per persona (in scope 200, another
township's batch 404, leader and auditor 403 on every move, anonymous to the login page); a
batch from a programme to paid through its pages; refusals shown in words with nothing saved;
the roster imported (all rows or none); query-count guards for the list, the roster and the
export."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from apps.aid import services
from apps.aid.choices import BatchStatus, FundSource, LineStatus, PaymentMethod, RosterSource
from apps.aid.models import AidBatch, AidBatchLine, AidPayment
from tests.aid.batch_helpers import approved, drawn, households, new_batch
from tests.pages import count_queries

pytestmark = pytest.mark.django_db
READ_ONLY = ("leader", "auditor")


@pytest.fixture
def batches(tree, personas, standards, programme):
    """Township A's three households in its batch, township B's one in its own."""
    mine = households(tree)
    theirs = households(tree, start=10, count=1, union=tree.union_b1)
    batch = drawn(programme, personas["township_staff"])
    their_batch = drawn(programme, personas["other_township_staff"], name="新庄镇第一批")
    return {
        "files": mine,
        "their_files": theirs,
        "batch": batch,
        "their_batch": their_batch,
        "line": batch.lines.first(),
        "their_line": their_batch.lines.first(),
        "programme": programme,
    }


def table_rows(response, testid):
    """Body rows of the batch or line table (each row carries its record's id)."""
    prefix = {"batch-table": "batch", "line-table": "line"}[testid]
    return len(re.findall(rf'<tr data-testid="{prefix}-\d+"', response.content.decode()))


def reads(b):
    return {
        "list": reverse("aid:batch_list"),
        "list filtered": reverse("aid:batch_list")
        + f"?programme={b['programme'].pk}&year=2025&status=draft&q=春节",
        "detail": reverse("aid:batch_detail", args=[b["batch"].pk]),
        "export": reverse("aid:batch_export"),
    }


def writes(b, batch_key="batch", line_key="line"):
    batch, line = b[batch_key], b[line_key]
    urls = {
        "new batch": reverse("aid:batch_add", args=[b["programme"].pk]),
        "add line": reverse("aid:batch_line_add", args=[batch.pk]),
        "import": reverse("aid:batch_import", args=[batch.pk]),
        "remove line": reverse("aid:batch_line_remove", args=[batch.pk, line.pk]),
    }
    for move in ("draw", "review", "approve", "pay"):
        urls[move] = reverse("aid:batch_move", args=[batch.pk, move])
    return urls


@pytest.mark.parametrize("persona", ["county_admin", "township_staff", "leader", "auditor"])
def test_in_scope_pages_answer_200(client_for, batches, persona):
    client = client_for(persona)
    for name, url in reads(batches).items():
        assert client.get(url).status_code == 200, name


def test_staff_open_every_write_page_of_a_draft(client_for, batches):
    client = client_for("township_staff")
    for name, url in writes(batches).items():
        response = client.get(url, follow=True)
        assert response.status_code == (403 if name == "approve" else 200), name
    # approve is the county's or the programme's union's: the clerk of 城关镇 gets 403 there
    # once the batch is reviewed.
    batch = services.review_batch(
        batch=batches["batch"], actor=None, approved=True, acted_on=datetime.date(2026, 1, 10)
    )
    url = reverse("aid:batch_move", args=[batch.pk, "approve"])
    assert client.get(url).status_code == 403
    assert client_for("county_admin").get(url).status_code == 200


@pytest.mark.parametrize("persona", READ_ONLY)
def test_read_only_roles_get_403_on_every_write(client_for, batches, persona):
    client = client_for(persona)
    for name, url in writes(batches).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"decision": "approve", "opinion": "x"}).status_code == 403, name
    assert AidBatchLine.objects.count() == 4
    assert AidBatch.objects.filter(status=BatchStatus.DRAFT).count() == 2


def test_another_township_s_batch_is_404_on_every_page(client_for, batches):
    client = client_for("other_township_staff")
    urls = writes(batches)
    del urls["new batch"]  # the county's programme is theirs to pay from too
    urls["detail"] = reverse("aid:batch_detail", args=[batches["batch"].pk])
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"decision": "approve", "opinion": "x"}).status_code == 404, name
    # A line of another batch is not found through one's own batch either.
    url = reverse("aid:batch_line_remove", args=[batches["their_batch"].pk, batches["line"].pk])
    assert client.get(url).status_code == 404
    assert AidBatchLine.objects.count() == 4
    html = client.get(reverse("aid:batch_list")).content.decode()
    assert "新庄镇第一批" in html and "2026年春节送温暖第一批" not in html


def test_anonymous_is_sent_to_login(batches):
    client = Client()
    for name, url in {**reads(batches), **writes(batches)}.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def _post(client, batch, move, data):
    return client.post(reverse("aid:batch_move", args=[batch.pk, move]), data)


def test_a_batch_goes_from_its_programme_to_paid_through_its_pages(
    client_for, tree, standards, programme
):
    files = households(tree)
    staff, county = client_for("township_staff"), client_for("county_admin")
    html = staff.get(reverse("aid:programme_detail", args=[programme.pk])).content.decode()
    assert reverse("aid:batch_add", args=[programme.pk]) in html
    response = staff.post(
        reverse("aid:batch_add", args=[programme.pk]),
        {"programme": programme.pk, "name": "春节第一批", "period": "2026春节"},
    )
    batch = AidBatch.objects.get()
    assert response["Location"] == reverse("aid:batch_detail", args=[batch.pk])
    assert batch.org == tree.township_a and batch.created_by.username == "township_staff"
    page = staff.get(reverse("aid:batch_move", args=[batch.pk, "draw"])).content.decode()
    assert "春节第一批" in page and 'data-testid="what-happens"' in page
    assert _post(staff, batch, "draw", {}).status_code == 302
    assert batch.lines.count() == 3
    assert (
        _post(staff, batch, "review", {"decision": "approve", "acted_on": "2026-01-10"}).status_code
        == 302
    )
    page = county.get(reverse("aid:batch_move", args=[batch.pk, "pay"])).content.decode()
    assert "7500.00" not in page  # not approved yet: the pay page sends back
    assert (
        _post(
            county, batch, "approve", {"decision": "approve", "acted_on": "2026-01-11"}
        ).status_code
        == 302
    )
    page = county.get(reverse("aid:batch_move", args=[batch.pk, "pay"])).content.decode()
    assert "7500.00" in page and "100000.00" in page  # the roster's sum, the budget left
    pay = {"paid_on": "2026-01-20", "method": PaymentMethod.BANK, "fund_source": FundSource.CENTRAL}
    response = _post(county, batch, "pay", pay)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PAID
    assert AidPayment.objects.filter(file__in=files).count() == 3
    html = county.get(reverse("aid:batch_detail", args=[batch.pk])).content.decode()
    assert "3 households paid (7500.00 yuan)." in html
    assert table_rows(county.get(reverse("aid:batch_detail", args=[batch.pk])), "line-table") == 3


def test_a_refusal_needs_its_opinion_and_goes_back_to_draft(client_for, batches):
    client, batch = client_for("township_staff"), batches["batch"]
    response = _post(client, batch, "review", {"decision": "refuse", "acted_on": "2026-01-10"})
    assert response.status_code == 200
    assert 'data-testid="error-opinion"' in response.content.decode()
    assert AidBatch.objects.get(pk=batch.pk).reviewed_on is None
    data = {"decision": "refuse", "acted_on": "2026-01-10", "opinion": "名单有误"}
    assert _post(client, batch, "review", data).status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.review_opinion) == (BatchStatus.DRAFT, "名单有误")


def test_a_household_paid_twice_is_left_unpaid_with_the_rule_named(client_for, batches):
    services.pay(
        programme=batches["programme"],
        file=batches["files"][0],
        actor=None,
        paid_on=datetime.date(2026, 1, 5),
        method=PaymentMethod.CASH,
        fund_source=FundSource.CENTRAL,
        period="2025",
    )
    county = client_for("county_admin")
    batch = approved(batches["batch"])
    pay = {"paid_on": "2026-01-20", "method": PaymentMethod.BANK, "fund_source": FundSource.CENTRAL}
    response = _post(county, batch, "pay", pay)
    html = county.get(response["Location"]).content.decode()
    assert "2 households paid (5000.00 yuan)." in html
    assert "1 households were left unpaid" in html
    line = AidBatchLine.objects.get(batch=batch, file=batches["files"][0])
    assert line.status == LineStatus.UNPAID and escape(line.unpaid_reason) in html
    assert AidPayment.objects.filter(file=batches["files"][0]).count() == 1


def test_beyond_the_budget_the_page_names_what_is_left(client_for, batches):
    programme = batches["programme"]
    programme.budget = Decimal("6000")
    services.save_programme(programme=programme, actor=None)
    county = client_for("county_admin")
    batch = approved(batches["batch"])
    pay = {"paid_on": "2026-01-20", "method": PaymentMethod.BANK, "fund_source": FundSource.CENTRAL}
    html = county.get(_post(county, batch, "pay", pay)["Location"]).content.decode()
    assert "the programme&#x27;s budget has 1000.00 yuan left" in html
    assert AidPayment.objects.count() == 2
    assert AidBatch.objects.get(pk=batch.pk).status == BatchStatus.PARTLY_PAID


def test_a_fund_source_the_programme_does_not_have_is_refused_and_nothing_paid(client_for, batches):
    county = client_for("county_admin")
    batch = approved(batches["batch"])
    bad = {"paid_on": "2026-01-20", "method": PaymentMethod.BANK, "fund_source": FundSource.LOCAL}
    response = _post(county, batch, "pay", bad)
    assert response.status_code == 200
    assert 'data-testid="error-fund_source"' in response.content.decode()
    assert not AidPayment.objects.exists()
    assert AidBatch.objects.get(pk=batch.pk).status == BatchStatus.APPROVED


def test_lines_are_entered_and_removed_while_drawn_up_only(client_for, tree, batches):
    client, batch = client_for("township_staff"), batches["batch"]
    extra = households(tree, start=20, count=1)[0]
    url = reverse("aid:batch_line_add", args=[batch.pk])
    response = client.post(url, {"file": extra.pk, "cash_amount": "800"})
    assert response.status_code == 302
    line = batch.lines.get(file=extra)
    assert (line.cash_amount, line.source) == (Decimal("800"), RosterSource.ENTERED)
    # The same household again: refused in words, nothing added.
    response = client.post(url, {"file": extra.pk})
    assert response.status_code == 200
    assert "is already on the roster" in response.content.decode()
    assert batch.lines.count() == 4
    remove = reverse("aid:batch_line_remove", args=[batch.pk, line.pk])
    assert "户主20" in client.get(remove).content.decode()
    assert client.post(remove, {}).status_code == 302
    assert not batch.lines.filter(pk=line.pk).exists()
    services.review_batch(
        batch=batch, actor=None, approved=True, acted_on=datetime.date(2026, 1, 10)
    )
    other = batch.lines.first()
    remove = reverse("aid:batch_line_remove", args=[batch.pk, other.pk])
    response = client.post(remove, {}, follow=True)
    assert "cannot be changed" in response.content.decode()
    assert batch.lines.filter(pk=other.pk).exists()


def roster(rows, header=("档案编号", "身份证号", "姓名", "现金（元）", "实物折价（元）")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "花名册.xlsx"
    return buffer


def test_a_roster_is_imported_whole_or_not_at_all(client_for, tree, personas, standards, programme):
    files = households(tree, count=3)
    theirs = households(tree, start=10, count=1, union=tree.union_b1)[0]
    client = client_for("township_staff")
    batch = new_batch(programme, personas["township_staff"])
    url = reverse("aid:batch_import", args=[batch.pk])
    bad = roster(
        [
            (files[0].file_no, "", files[0].name, 600, None),
            (theirs.file_no, "", "", None, None),  # another township's household
            ("", files[1].id_number, "别人", None, None),  # not the name on the file
        ]
    )
    response = client.post(url, {"upload": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="row-errors"' in html and "nothing was imported" in html
    assert "别人" in html
    assert not batch.lines.exists()
    good = roster(
        [
            (files[0].file_no, "", files[0].name, 600, None),
            ("", files[1].id_number, "", None, 200),
        ]
    )
    response = client.post(url, {"upload": good})
    assert response.status_code == 302
    lines = {line.file_id: line for line in batch.lines.all()}
    assert lines[files[0].pk].cash_amount == Decimal("600")
    assert (lines[files[1].pk].cash_amount, lines[files[1].pk].goods_value) == (0, 200)
    assert {line.source for line in lines.values()} == {RosterSource.IMPORTED}
    response = client.post(url, {"upload": io.BytesIO(b"not a workbook")})
    assert response.status_code == 200 and 'data-testid="error-upload"' in response.content.decode()


def test_the_list_filters_and_exports_what_it_shows(client_for, batches, tree):
    client = client_for("county_admin")
    services.review_batch(
        batch=batches["their_batch"], actor=None, approved=True, acted_on=datetime.date(2026, 1, 10)
    )
    url = reverse("aid:batch_list")
    response = client.get(url + f"?township={tree.township_b.pk}")
    assert table_rows(response, "batch-table") == 1 and "新庄镇第一批" in response.content.decode()
    assert table_rows(client.get(url + "?status=reviewed"), "batch-table") == 1
    assert table_rows(client.get(url + "?status=paid"), "batch-table") == 0
    response = client.get(reverse("aid:batch_export") + f"?township={tree.township_a.pk}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row]
    assert "2026年春节送温暖第一批" in flat and "新庄镇第一批" not in flat
    assert "编制中" in flat  # the status in Chinese, as ledgers are


def _more_batches(tree, personas, programme, n, start):
    for i in range(start, start + n):
        files = households(tree, start=100 + i * 3, count=2)
        batch = drawn(programme, personas["township_staff"], name=f"批次{i}", period=f"P{i}")
        assert batch.lines.count() >= len(files)


def test_the_list_the_roster_and_the_export_need_the_same_queries_for_three_times_the_rows(
    client_for, tree, personas, standards, programme
):
    client = client_for("township_staff")
    _more_batches(tree, personas, programme, 2, 0)
    batch = AidBatch.objects.order_by("pk").last()
    urls = {
        "list": (reverse("aid:batch_list") + "?size=100", "batch-table"),
        "roster": (reverse("aid:batch_detail", args=[batch.pk]) + "?size=100", "line-table"),
    }
    small = {name: count_queries(client, url) for name, (url, _t) in urls.items()}
    export_small, _r = count_queries(client, reverse("aid:batch_export"))
    _more_batches(tree, personas, programme, 4, 2)
    AidBatchLine.objects.filter(batch=batch).exists()
    services.draw_roster(batch=batch, actor=None)  # the roster grows with the new households
    for name, (url, testid) in urls.items():
        large, response = count_queries(client, url)
        assert large == small[name][0], name
        assert table_rows(response, testid) > table_rows(small[name][1], testid), name
    export_large, _r = count_queries(client, reverse("aid:batch_export"))
    assert export_large == export_small
