"""The member add form takes its union from the query
string (`?union=`), and an id of another township's union there must be neither shown nor used."""

import pytest
from django.urls import reverse

from tests.membership.helpers import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def test_an_out_of_scope_union_in_the_query_string_is_ignored(client_for, tree):
    client = client_for("township_staff")

    own = client.get(reverse("membership:member_add") + f"?union={tree.union_a1.pk}")
    assert own.status_code == 200
    assert own.context["form"].instance.union_id == tree.union_a1.pk

    response = client.get(reverse("membership:member_add") + f"?union={tree.union_b1.pk}")
    assert response.status_code == 200
    assert response.context["form"].instance.union_id is None
    html = response.content.decode()
    assert "新庄机械厂工会" not in html and "QH-02-001" not in html
