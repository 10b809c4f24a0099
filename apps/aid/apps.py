from django.apps import AppConfig


class AidConfig(AppConfig):
    """Hardship aid (困难职工帮扶). No pages yet, so no menu entries and no `urls.py`."""

    name = "apps.aid"
    label = "aid"
    verbose_name = "Hardship aid"
    nav = []
