from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = "Reports"
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    # The annual reviews are reached from the dashboard.
    nav = [(5, _("Dashboard"), "reports:dashboard", ())]

    def ready(self):
        from . import jobs, spreadsheets  # noqa: F401  (job runner, drill-down exporter)
        from .registry import autodiscover

        autodiscover()
