from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "apps.membership"
    label = "membership"
    verbose_name = "Membership"
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (30, _("Members"), "membership:member_list", ()),
        (35, _("Transfers"), "membership:transfer_list", ()),
    ]

    def ready(self):
        # Register the member list's export, and the roster import when it is there.
        from . import exports  # noqa: F401

        try:
            from . import spreadsheets  # noqa: F401
        except ModuleNotFoundError as error:
            # Only our own modules may be missing (still being written); a missing library is a
            # real error.
            if not (error.name or "").startswith(f"{self.name}."):
                raise
