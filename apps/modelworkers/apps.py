from django.apps import AppConfig


class ModelWorkersConfig(AppConfig):
    """Model workers and honours (劳模与荣誉): honour types, the registry and the care ledger."""

    name = "apps.modelworkers"
    label = "modelworkers"
    verbose_name = "Model workers"
    # Menu entries: (position, label, url name, roles allowed; empty for everyone).
    nav = []
