"""Static files: hashed names from collectstatic's manifest, plain names while there is none."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ManifestOrPlainStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed storage, which serves without a manifest too.

    A portal started with gunicorn after `migrate` but before `collectstatic` has no manifest
    (STATIC_ROOT/staticfiles.json), and the manifest storage then raises on every `{% static %}`,
    so every page, the login page first, answers 500. Without the manifest this storage gives
    the plain names instead, which WhiteNoise serves from the apps' static folders
    (`WHITENOISE_USE_FINDERS`), and logs once, naming the command to run; with it, the hashed
    names (cached for ever by browsers) as before, also when `collectstatic` runs while the portal
    is up. `collectstatic` itself is unchanged.
    """

    _warned = False

    def stored_name(self, name):
        if not self.hashed_files:
            if not self.manifest_storage.exists(self.manifest_name):
                self._warn_once()
                return name
            # Collected since this process started: read the manifest now.
            self.hashed_files, self.manifest_hash = self.load_manifest()
        return super().stored_name(name)

    def _warn_once(self):
        if ManifestOrPlainStorage._warned:
            return
        ManifestOrPlainStorage._warned = True
        logger.warning(
            "Static files have not been collected (no %s in %s): serving them unhashed from the "
            "apps' folders. Run `python manage.py collectstatic --noinput` before starting.",
            self.manifest_name,
            self.location,
        )
