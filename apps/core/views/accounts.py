"""Sign-in landing, the user's own profile and the health check."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from ..middleware import public
from ..models import Employer, UnionOrg


def home(request):
    """What to do today: the to-do items every app declares for the user's scope
    (`apps.core.overview.todo_list`), each a count and the link to its records; then the
    user's recent imports and exports."""
    from django.utils import timezone

    from ..overview import todo_list

    orgs = UnionOrg.objects.visible_to(request.user)
    context = {
        "scope": request.user.org,
        "todos": todo_list(request.user, timezone.localdate()),
        "org_count": orgs.count(),
        "employer_count": Employer.objects.visible_to(request.user).count(),
        "recent_jobs": request.user.jobs.all()[:5],
    }
    return render(request, "core/home.html", context)


@public
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def profile(request):
    """The user's own account: change the password (Django's form: the old one, the new one
    twice, the password validators), and the API token.

    The token is shown once, on the page right after it is created (kept in the session for
    that one page); afterwards only its first characters and when it was made, so a token left
    on screen or in the browser history is not readable later. A forgotten token is replaced.
    """
    from django.contrib import messages
    from django.contrib.auth import update_session_auth_hash
    from django.contrib.auth.forms import PasswordChangeForm
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _
    from rest_framework.authtoken.models import Token

    password_form = PasswordChangeForm(request.user)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "password":
        password_form = PasswordChangeForm(request.user, request.POST)
        if password_form.is_valid():
            password_form.save()
            update_session_auth_hash(request, password_form.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("core:profile")
        status = 400
    elif request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        request.session["new_token"] = Token.objects.create(user=request.user).key
        return redirect("core:profile")
    for field in password_form.fields.values():
        field.widget.attrs["class"] = "form-control"
    context = {
        "token": Token.objects.filter(user=request.user).first(),
        "new_token": request.session.pop("new_token", ""),
        "password_form": password_form,
    }
    return render(request, "core/profile.html", context, status=status)
