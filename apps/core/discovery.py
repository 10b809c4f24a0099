"""How the portal finds what each app provides, so that adding an app touches nothing outside its
folder but `INSTALLED_APPS` (docs/adding-an-app.md): its `urls.py` (mounted at the AppConfig's
`url_prefix`, `<label>/` by default), `api.py` (`register(router)`), `indicators.py` (figures,
lines of work) and `spreadsheets.py` (ledgers), and its AppConfig's `nav`."""

import importlib

from django.apps import apps


def portal_apps():
    """The portal's own apps (`apps.*`), in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if config.name.startswith("apps.")]


def app_module(config, name):
    """The app's module `name` (e.g. "api"), or None when the app has none. An import error
    inside the module is raised, not taken for its absence."""
    dotted = f"{config.name}.{name}"
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError as error:
        if error.name != dotted:
            raise
        return None


def app_modules(name):
    """[(config, module)] of every portal app that has a module `name`."""
    found = ((config, app_module(config, name)) for config in portal_apps())
    return [(config, module) for config, module in found if module is not None]
