from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse


def _entries(user):
    """(position, label, url, menu) of every entry `user` may open; `menu` is the app's
    `nav_menu` (None: the entry stands on the bar by itself)."""
    entries = []
    for config in apps.get_app_configs():
        menu = getattr(config, "nav_menu", None)
        for position, label, url_name, roles in getattr(config, "nav", ()):
            if roles and user.role not in roles:
                continue
            try:
                entries.append((position, label, reverse(url_name), menu))
            except NoReverseMatch:
                continue
    return sorted(entries, key=lambda e: e[0])


def navigation(user):
    """Menu entries declared by each app's AppConfig as
    `nav = [(position, label, url name, roles)]` (roles empty: everyone signed in), in order:
    [(label, url)]."""
    return [(label, url) for _position, label, url, _menu in _entries(user)]


def menu(user):
    """The bar as shown: [(label, url, items)]. An app with `nav_menu` (its line of work's name)
    has its entries in one drop-down at its first entry's place (`items` [(label, url)], `url`
    None); any other entry stands by itself (`items` empty)."""
    bar, menus = [], {}
    for _position, label, url, name in _entries(user):
        if name is None:
            bar.append((label, url, []))
        elif name in menus:
            menus[name].append((label, url))
        else:
            menus[name] = [(label, url)]
            bar.append((name, None, menus[name]))
    return bar


def portal(request):
    """What every page's navigation needs."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "portal_user_can_edit": signed_in and user.can_edit,
        "portal_nav": menu(user) if signed_in else [],
    }
