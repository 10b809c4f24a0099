"""Deny by default: every page needs a signed-in user unless its view is marked public."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

PUBLIC_PREFIXES = ("/static/", "/healthz", "/i18n/", "/api/")


def public(view):
    """Mark a view as open to anonymous visitors (login page, health check)."""
    view.login_exempt = True
    return view


class LoginRequiredMiddleware:
    """Redirects anonymous visitors to the login page; the API answers 401 on its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated or getattr(view_func, "login_exempt", False):
            return None
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class PortalLanguageMiddleware:
    """Chinese unless the person chose otherwise: the browser's Accept-Language is ignored (an
    office PC with an English browser still gets the Chinese portal); the language switch in the
    top bar sets the cookie that LocaleMiddleware reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
