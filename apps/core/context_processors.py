from django.conf import settings


def portal(request):
    """What every page's navigation needs."""
    user = getattr(request, "user", None)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "portal_user_can_edit": bool(user and user.is_authenticated and user.can_edit),
    }
