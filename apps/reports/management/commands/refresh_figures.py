from django.core.management.base import BaseCommand

from apps.core.models import UnionOrg
from apps.reports.periods import Period
from apps.reports.queries import SCOPE_LEVELS
from apps.reports.store import fresh_figures


class Command(BaseCommand):
    help = (
        "Compute and keep the dashboard figures of every county- and township-level organisation "
        "(run it at night, so the first visit of the day is fast on a large county)."
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
