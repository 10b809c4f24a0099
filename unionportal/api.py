"""The one API router: each app's api.py registers its viewsets with `register(router)`."""

from rest_framework.routers import DefaultRouter

from apps.core.api import MeView
from apps.core.discovery import app_modules

router = DefaultRouter()
for _config, module in app_modules("api"):
    module.register(router)

__all__ = ["router", "MeView"]
