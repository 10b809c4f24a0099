"""The one API router: each app's api.py registers its viewsets with `register(router)`."""

import importlib

from django.apps import apps
from rest_framework.routers import DefaultRouter

from apps.core.api import MeView

router = DefaultRouter()
for config in apps.get_app_configs():
    if config.name.startswith("apps."):
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.api":
                raise
            continue
        module.register(router)

__all__ = ["router", "MeView"]
