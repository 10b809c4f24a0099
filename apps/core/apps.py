from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "UnionPortal"
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (10, _("Organisations"), "core:org_list", ()),
        (20, _("Employers"), "core:employer_list", ()),
        (90, _("Users"), "core:user_list", ("county_admin",)),
        (95, _("API"), "api_docs", ()),
    ]

    def ready(self):
        # Register the organisation and employer ledgers with the import/export registry.
        from . import spreadsheets  # noqa: F401
