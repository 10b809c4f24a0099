from django.http import HttpResponse
from django.urls import path

from apps.core.models import UnionOrg

app_name = "sample"


def index(request):
    count = UnionOrg.objects.visible_to(request.user).count()
    return HttpResponse(f"示例页面：{count}个组织")


urlpatterns = [path("", index, name="index")]
