"""The annual work review on the home page (`apps.core.overview`): the review of the user's
own organisation for the year, to start, to finish and issue, or issued."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.overview import Todo

from .choices import PeriodKind
from .models import AnnualReview

TREE_COUNTS = []


def review_year(day):
    """The year whose review is due: the year before until the end of June (reviews are
    written and issued early in the next year), the current year from July."""
    return day.year - 1 if day.month <= 6 else day.year


def todos(user, day):
    if user.org is None:
        return []
    year = review_year(day)
    review = (
        AnnualReview.objects.visible_to(user)
        .filter(org=user.org, period_kind=PeriodKind.YEAR, first_year=year, last_year=year)
        .annotate(versions=Count("issues"))
        .first()
    )
    if review is None:
        label = _("The %(year)d annual work review is not started") % {"year": year}
        return [
            Todo(order=60, label=label, count=1, counted=False, url=reverse("reports:review_list"))
        ]
    if review.versions:
        label = _("The %(year)d annual work review is issued") % {"year": year}
        note = _("version %(n)d") % {"n": review.versions}
        return [
            Todo(
                order=60,
                label=label,
                count=1,
                counted=False,
                url=review.get_absolute_url(),
                note=note,
            )
        ]
    label = _("The %(year)d annual work review is a draft, not yet issued") % {"year": year}
    return [
        Todo(
            order=60,
            label=label,
            count=1,
            counted=False,
            url=review.get_absolute_url(),
            urgent=True,
        )
    ]
