"""Reading pages in tests: the queries a page takes, and the rows its tables show."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """(number of SQL queries, response) of one GET that must succeed."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def table_rows(response, testid):
    """The number of body rows of the table marked data-testid=`testid`."""
    html = response.content.decode()
    table = html[html.index(f'data-testid="{testid}"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return body.count("<tr>")
