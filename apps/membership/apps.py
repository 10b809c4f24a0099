from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "apps.membership"
    label = "membership"
    verbose_name = "Membership"
    url_prefix = "members/"  # where urls.py is mounted
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (30, _("Members"), "membership:member_list", ()),
        (35, _("Transfers"), "membership:transfer_list", ()),
    ]

    def ready(self):
        # The member list's export and reveals as history rows (masking); the roster import
        # (spreadsheets.py) is found with every app's ledgers.
        from . import exports, masking  # noqa: F401
