"""Reads beyond a filter: the files that need attention."""

import datetime

from django.db.models import Q

from .choices import FileStatus


def due_for_review(files, today):
    """Files on record that have not been reviewed in `today`'s year (每年至少一次集中复核):
    put on file before this year, and not reviewed since it began. `files` is a queryset
    that starts from `HardshipFile.objects.visible_to(user)`."""
    year_start = datetime.date(today.year, 1, 1)
    return files.filter(status=FileStatus.ACTIVE, filed_on__lt=year_start).filter(
        Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=year_start)
    )
