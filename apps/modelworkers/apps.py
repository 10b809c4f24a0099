from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelWorkersConfig(AppConfig):
    """Model workers and honours (劳模与荣誉): honour types, the registry and the care ledger."""

    name = "apps.modelworkers"
    label = "modelworkers"
    verbose_name = "Model workers"
    nav_menu = _("Model workers and honours")
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (60, _("Model workers"), "modelworkers:worker_list", ()),
        (61, _("Honoured collectives"), "modelworkers:collective_list", ()),
        (62, _("Honours"), "modelworkers:award_list", ()),
        (63, _("Nomination rounds"), "modelworkers:round_list", ()),
        (64, _("Care ledger"), "modelworkers:care_list", ()),
    ]
