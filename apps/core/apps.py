from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "UnionPortal"
    url_prefix = ""  # where urls.py is mounted
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (8, _("Organisation tree"), "core:org_tree", ()),
        (10, _("Organisations"), "core:org_list", ()),
        (20, _("Employers"), "core:employer_list", ()),
        (85, _("Audit log"), "core:audit", ("auditor", "county_admin")),
        (90, _("Users"), "core:user_list", ("county_admin",)),
        (95, _("API"), "api_docs", ()),
    ]

    def ready(self):
        # Every app's spreadsheets.py registers its ledgers (exports and imports) with
        # `apps.core.ledgers`; the organisation and employer ledgers are core's own.
        from .discovery import app_modules

        app_modules("spreadsheets")
