"""The portal served after `migrate` but before `collectstatic` answers, and says what to run."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from apps.core.staticstorage import ManifestOrPlainStorage

pytestmark = pytest.mark.django_db

PRODUCTION_STORAGE = "apps.core.staticstorage.ManifestOrPlainStorage"
CSS = "portal.css"


@pytest.fixture
def production_static(settings, tmp_path, monkeypatch):
    """Production settings for static files (DEBUG off, the manifest storage) over an empty
    STATIC_ROOT, as on a machine where `collectstatic` has not run."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": PRODUCTION_STORAGE},
    }
    monkeypatch.setattr(ManifestOrPlainStorage, "_warned", False)
    # Brotli and gzip copies of every file take minutes and have nothing to do with the names.
    monkeypatch.setattr(
        ManifestOrPlainStorage, "post_process_with_compression", lambda self, files: files
    )
    return settings.STATIC_ROOT


def test_production_settings_choose_this_storage():
    """Outside DEBUG and tests (PLAIN_STATIC), settings.py serves with this storage."""
    env = {k: v for k, v in os.environ.items() if k not in ("PLAIN_STATIC", "DEBUG")}
    code = "from unionportal import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == PRODUCTION_STORAGE


def test_login_answers_without_collected_static_files_and_the_log_names_collectstatic(
    production_static, caplog
):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="apps.core.staticstorage"):
        response = client.get("/login/")
        again = client.get("/login/")
    assert response.status_code == 200 and again.status_code == 200
    page = response.content.decode()
    assert f"/static/{CSS}" in page  # the plain name
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "manage.py collectstatic" in warnings[0]
    # The stylesheet the page names is served (from the apps' static folders).
    assert client.get(f"/static/{CSS}").status_code == 200


def test_after_collectstatic_the_hashed_names_are_served(production_static, caplog):
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    with caplog.at_level(logging.WARNING, logger="apps.core.staticstorage"):
        page = client.get("/login/").content.decode()
    assert f"/static/{CSS}" not in page
    assert "/static/portal." in page  # portal.<hash>.css
    assert not [r for r in caplog.records if r.name == "apps.core.staticstorage"]


def test_collectstatic_run_while_the_portal_is_up_is_picked_up(production_static):
    client = Client()
    assert f"/static/{CSS}" in client.get("/login/").content.decode()
    call_command("collectstatic", interactive=False, verbosity=0)
    page = client.get("/login/").content.decode()
    assert f"/static/{CSS}" not in page and "/static/portal." in page
