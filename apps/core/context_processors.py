from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse


def navigation(user):
    """Menu entries declared by each app's AppConfig as
    `nav = [(position, label, url name, roles)]` (roles empty: everyone signed in)."""
    entries = []
    for config in apps.get_app_configs():
        for position, label, url_name, roles in getattr(config, "nav", ()):
            if roles and user.role not in roles:
                continue
            try:
                entries.append((position, label, reverse(url_name)))
            except NoReverseMatch:
                continue
    return [(label, url) for _position, label, url in sorted(entries, key=lambda e: e[0])]


def portal(request):
    """What every page's navigation needs."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "portal_user_can_edit": signed_in and user.can_edit,
        "portal_nav": navigation(user) if signed_in else [],
    }
