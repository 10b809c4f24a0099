from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """Labour competitions and innovation (劳动竞赛与经济技术创新)."""

    name = "apps.competitions"
    label = "competitions"
    verbose_name = "Labour competitions"
    nav_menu = _("Labour competitions")
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = [
        (70, _("Competitions"), "competitions:competition_list", ()),
        (71, _("Competition participants"), "competitions:participation_list", ()),
        (72, _("Competition awards"), "competitions:award_list", ()),
        (73, _("Proposals and innovations"), "competitions:proposal_list", ()),
        (74, _("Innovation studios and Ankang Cup"), "competitions:studio_list", ()),
    ]
