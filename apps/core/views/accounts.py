"""Sign-in landing, the user's own profile and the health check."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from ..middleware import public
from ..models import Employer, UnionOrg


def home(request):
    orgs = UnionOrg.objects.visible_to(request.user)
    context = {
        "scope": request.user.org,
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
    """The user's own account, and their API token (created or replaced on request)."""
    from rest_framework.authtoken.models import Token

    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
    token = Token.objects.filter(user=request.user).first()
    return render(request, "core/profile.html", {"token": token.key if token else ""})
