"""The menu bar: an app that names its line of work (`nav_menu`) has its entries in one
drop-down at its first entry's place; the other entries stand on the bar; roles filter both."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.core.context_processors import menu, navigation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_app_with_a_menu_name_is_one_drop_down_in_its_place(personas):
    bar = menu(personas["county_admin"])
    labels = [str(label) for label, _url, _items in bar]
    aid = next(items for label, url, items in bar if str(label) == "Hardship aid")
    assert [url for _label, url in aid][0] == reverse("aid:file_list")
    assert reverse("aid:batch_list") in [url for _label, url in aid]
    # Entries stand alone where no menu is named, in their positions' order.
    assert labels.index("Dashboard") < labels.index("Members") < labels.index("Hardship aid")
    assert labels.count("Hardship aid") == 1
    # The flat list (what the page walk starts from) still holds every entry.
    flat = [url for _label, url in navigation(personas["county_admin"])]
    items = [
        url for _label, url, entries in bar for url in ([url] if url else [u for _l, u in entries])
    ]
    assert flat == items


def test_roles_filter_the_entries(personas):
    staff = [url for _l, url, _items in menu(personas["township_staff"])]
    assert reverse("core:user_list") not in staff
    admin = [url for _l, url, _items in menu(personas["county_admin"])]
    assert reverse("core:user_list") in admin


def test_the_bar_renders_the_drop_down_with_its_links(client_for):
    html = client_for("township_staff").get(reverse("home")).content.decode()
    assert 'class="nav-item dropdown"' in html
    assert f'class="dropdown-item" href="{reverse("aid:school_aid_list")}"' in html
