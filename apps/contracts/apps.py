from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "apps.contracts"
    label = "contracts"
    verbose_name = "Collective contracts"
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (40, _("Contracts"), "contracts:contract_list", ()),
        (45, _("Attention"), "contracts:attention", ()),
    ]
