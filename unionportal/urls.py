from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.core.discovery import app_modules
from apps.core.middleware import public
from apps.core.views import accounts

from . import api

urlpatterns = [
    path("", accounts.home, name="home"),
    path(
        "login/",
        public(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", accounts.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include(api.router.urls)),
    path("api/me/", api.MeView.as_view(), name="api_me"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
# Each app's urls.py, mounted at its AppConfig's `url_prefix` (`<label>/` by default).
urlpatterns += [
    path(getattr(config, "url_prefix", f"{config.label}/"), include(module))
    for config, module in app_modules("urls")
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
