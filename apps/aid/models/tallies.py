from django.db import models

from apps.core.models import UnionOrg
from apps.core.scoping import ScopedQuerySet

from .money import TALLY_LOCK, AidProgramme

__all__ = ["TALLY_LOCK", "PaymentTally"]


class PaymentTallyQuerySet(ScopedQuerySet):
    scope_paths = ("org__path",)


class PaymentTally(models.Model):
    """The payments of one reporting period (not reversed), counted per union, programme and
    whether they went to a household file: how many, the money (cash plus goods, 元) and the
    workers reached. The payment figures of a county with a million ledger rows read these
    few thousand rows instead (`apps/aid/tallies.py` builds them from the figures' own
    querysets and keeps them true). A row with no union marks the period as built and holds
    the ledger's last id at that moment (`watermark`)."""

    first_day = models.DateField()
    last_day = models.DateField()
    org = models.ForeignKey(
        UnionOrg, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    programme = models.ForeignKey(
        AidProgramme, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    to_file = models.BooleanField(default=False)
    count = models.IntegerField(default=0)
    amount = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    reached = models.IntegerField(default=0)
    watermark = models.BigIntegerField(default=0)

    objects = PaymentTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["first_day", "last_day", "org", "programme", "to_file"],
                nulls_distinct=False,
                name="aid_tally_unique",
            ),
        ]

    def __str__(self):
        return f"{self.first_day}–{self.last_day} {self.org_id} {self.programme_id}: {self.count}"
