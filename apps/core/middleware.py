"""Deny by default: every page needs a signed-in user unless its view is marked public; input
PostgreSQL cannot store is refused before any view sees it."""

import re
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

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


# A JSON string holding U+0000: an odd number of backslashes before "u0000".
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNulMiddleware:
    """A NUL character anywhere in the path, query string, cookies or a text body answers 400.

    PostgreSQL cannot store or compare a text containing U+0000: psycopg raises, and a filter, a
    drill-down or a session lookup that passed one on answered 500. No real input contains it,
    so it is refused once here, for every page and endpoint, rather than field by field.
    Uploaded files are not looked at (a workbook is binary); their form's text fields are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("The request contains a NUL character, which no field may hold.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def _has_nul(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote_plus(query):
            return True
        if any("\x00" in k or "\x00" in v for k, v in request.COOKIES.items()):
            return True
        content_type = request.content_type or ""
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            return b"\x00" in body or JSON_NUL.search(body) is not None
        if request.method == "POST" and content_type in FORM_TYPES:
            return any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.POST.lists()
            )
        return False
