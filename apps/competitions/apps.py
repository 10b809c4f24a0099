from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    """Labour competitions and innovation (劳动竞赛与经济技术创新)."""

    name = "apps.competitions"
    label = "competitions"
    verbose_name = "Labour competitions"
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = []
