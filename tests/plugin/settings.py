"""The portal's settings with a throwaway app installed the way a new app is: its own folder
(tests/plugin/sample, importable as `apps.sample` like every app under apps/) and one line in
INSTALLED_APPS; nothing else of the portal is edited. `make test` runs tests/plugin with these
settings (`--ds=tests.plugin.settings`); the main run leaves the folder out."""

from pathlib import Path

import apps
from unionportal.settings import *  # noqa: F403
from unionportal.settings import INSTALLED_APPS

apps.__path__.append(str(Path(__file__).parent))
INSTALLED_APPS = [*INSTALLED_APPS, "apps.sample"]
