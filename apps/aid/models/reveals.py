"""The logs of who saw a household's sensitive personal information in full: each reveal on a
file's page (or read of a file in full through the API), and each export of the files' or the
payments' sensitive columns in full (`apps.aid.reveals`, through `apps.core.masking`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import UnionOrg

from ..choices import RevealChannel
from .files import HardshipFile


class FileReveal(models.Model):
    """A log line each time someone with the reveal right sees a hardship file's sensitive
    personal information (health, disability, incomes, bank card and ID numbers of the worker
    and the family members) in full: on the file's page by pressing "Reveal", or by reading
    the file through the API. Shown in the file's history and on the audit page."""

    file = models.ForeignKey(
        HardshipFile, on_delete=models.CASCADE, related_name="reveals", verbose_name=_("file")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=10, choices=RevealChannel.choices, default=RevealChannel.PAGE)

    class Meta:
        verbose_name = _("reveal of a file's sensitive information")
        verbose_name_plural = _("reveals of files' sensitive information")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} revealed {self.file} at {self.at:%Y-%m-%d %H:%M}"


class SensitiveExport(models.Model):
    """A log line each time someone exports an aid ledger (hardship files with their family
    members, or payments) with the sensitive columns in full: a separate, deliberate choice,
    the default export masks them. One row per export: the ledger, the organisation whose
    records went out (the list's "within" filter, else the exporter's own scope), the query
    string and how many rows."""

    org = models.ForeignKey(
        UnionOrg, on_delete=models.PROTECT, related_name="aid_exports", verbose_name=_("scope")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    ledger = models.CharField(max_length=40)
    query = models.CharField(max_length=1000, blank=True)
    rows = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("export of aid sensitive information")
        verbose_name_plural = _("exports of aid sensitive information")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} exported {self.rows} rows of {self.ledger} ({self.org}) at {self.at}"
