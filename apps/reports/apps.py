from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = "Reports"
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (5, _("Dashboard"), "reports:dashboard", ()),
        (6, _("Annual work reviews"), "reports:review_list", ()),
    ]

    def ready(self):
        from . import jobs, spreadsheets  # noqa: F401  (job runner, drill-down exporter)
        from .registry import autodiscover

        autodiscover()
