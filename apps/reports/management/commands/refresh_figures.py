from django.core.management.base import BaseCommand

from apps.core.models import UnionOrg
from apps.reports.periods import Period
from apps.reports.queries import SCOPE_LEVELS
from apps.reports.store import fresh_figures


class Command(BaseCommand):
    help = (
        "Compute the dashboard figures of every county- and township-level organisation, "
        "building the member tallies they read and keeping the figures (run it after a large "
        "roster import, or at night, so that the next visit is fast on a large county)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="calendar year (repeat)")

    def handle(self, *args, **options):
        from django.utils import timezone

        this_year = timezone.localdate().year
        years = options["year"] or [this_year, this_year - 1]
        orgs = UnionOrg.objects.filter(level__in=SCOPE_LEVELS).order_by("path")
        for year in years:
            for org in orgs:
                fresh_figures(org, Period.year(year))
            self.stdout.write(f"{year}: figures of {orgs.count()} organisations kept.")
