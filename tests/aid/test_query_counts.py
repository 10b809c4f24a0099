"""Query-count guards: every aid list needs the same number of queries for N and for 3N records
(files on record and due for review, each paid once; programmes)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.aid import services
from apps.aid.choices import FundSource, PaymentMethod, ProgrammeKind
from apps.aid.models import AidProgramme
from tests.aid.helpers import apply, on_file, relative
from tests.pages import count_queries
from tests.pages import table_rows as plain_rows

pytestmark = pytest.mark.django_db


def table_rows(response, testid):
    """Body rows of a table; the payment table's rows carry their entry's id."""
    if testid == "payment-table":
        return len(re.findall(r'data-testid="payment-\d+"', response.content.decode()))
    return plain_rows(response, testid)


def add_records(tree, programme, n, start):
    """n files of township A on record (each with a family member), each paid once, and n
    programmes of the township."""
    for i in range(start, start + n):
        file = on_file(apply(tree.union_a1, 10 + i, name=f"测试{i}", family=[relative(300 + i)]))
        services.pay(
            programme=programme,
            file=file,
            actor=None,
            paid_on=datetime.date(2026, 1, 20),
            method=PaymentMethod.BANK,
            fund_source=FundSource.CENTRAL,
        )
        services.save_programme(
            programme=AidProgramme(
                org=tree.township_a,
                year=2025,
                kind=ProgrammeKind.TEMPORARY,
                name=f"城关镇临时救助{i}",
                budget=Decimal("1000"),
                standard_amount=Decimal("100"),
            ),
            actor=None,
        )


PAGES = {
    "files": (reverse("aid:file_list") + "?size=100", "file-table", 1),
    "files filtered": (
        reverse("aid:file_list") + "?size=100&status=active&due_for_review=true&cause=3&q=ce",
        "file-table",
        1,  # "ce" is the reading of 测 (测试N): files are searched by their own pinyin
    ),
    "files searched": (reverse("aid:file_list") + "?size=100&q=测试", "file-table", 1),
    "attention": (reverse("aid:attention") + "?size=100", "attention-table", 1),
    "programmes": (reverse("aid:programme_list") + "?size=100", "programme-table", 1),
    "payments": (reverse("aid:payment_list") + "?size=100", "payment-table", 1),
    "payments filtered": (
        reverse("aid:payment_list") + "?size=100&kind=payment&method=bank&year=2025",
        "payment-table",
        1,
    ),
    "file page": (None, "payment-table", 0),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_a_list_needs_the_same_queries_for_three_times_the_rows(
    client_for, tree, standards, programme, name
):
    url, marker, per_record = PAGES[name]
    client = client_for("township_staff")
    client.get(reverse("aid:file_list"))  # warm up: session, translations, content types
    add_records(tree, programme, 4, start=0)
    if url is None:  # a file's page, its programme's payments growing
        from apps.aid.models import HardshipFile

        url = reverse("aid:file_detail", args=[HardshipFile.objects.first().pk])
    small, response = count_queries(client, url)
    small_rows = table_rows(response, marker)

    add_records(tree, programme, 8, start=4)
    large, response = count_queries(client, url)
    large_rows = table_rows(response, marker)

    assert large_rows - small_rows == 8 * per_record  # the extra rows really are shown
    assert large == small, f"{name}: {small} queries for {small_rows} rows, {large} for more"
    assert small <= 20, name


def test_the_programme_page_needs_the_same_queries_for_more_payments(
    client_for, tree, standards, programme
):
    client = client_for("township_staff")
    url = reverse("aid:programme_detail", args=[programme.pk])
    client.get(url)
    add_records(tree, programme, 4, start=0)
    small, response = count_queries(client, url)
    assert table_rows(response, "payment-table") == 4
    add_records(tree, programme, 8, start=4)
    large, response = count_queries(client, url)
    assert table_rows(response, "payment-table") == 12
    assert large == small


API_LISTS = ("/api/aid-files/", "/api/aid-programmes/", "/api/aid-payments/")


@pytest.mark.parametrize("url", API_LISTS)
def test_an_api_list_needs_the_same_queries_for_three_times_the_rows(
    api, tree, standards, programme, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api("township_staff")
    client.get(url)  # warm up: token, content types

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url + "?page_size=100")
        assert response.status_code == 200, response.content
        return len(queries), len(response.json()["results"])

    add_records(tree, programme, 4, start=0)
    small, rows = measure()
    add_records(tree, programme, 8, start=4)
    large, more = measure()
    assert more - rows == 8  # one file, one programme and one payment more per record
    assert large == small, f"{url}: {small} queries for {rows} rows, {large} for {more}"
