from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "UnionPortal"

    def ready(self):
        # Register the organisation and employer ledgers with the import/export registry.
        from . import spreadsheets  # noqa: F401
