from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    """Hardship aid (困难职工帮扶): household files, programmes and the payments ledger."""

    name = "apps.aid"
    label = "aid"
    verbose_name = "Hardship aid"
    nav_menu = _("Hardship aid")  # its entries in one drop-down of the menu
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (50, _("Hardship files"), "aid:file_list", ()),
        (52, _("Aid programmes"), "aid:programme_list", ()),
        (52, _("Payment batches"), "aid:batch_list", ()),
        (52, _("Golden autumn school aid"), "aid:school_aid_list", ()),
        (52, _("Mutual medical aid"), "aid:mutual_enrolment_list", ()),
    ]
