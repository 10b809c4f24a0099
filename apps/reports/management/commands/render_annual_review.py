from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.models import UnionOrg
from apps.reports.choices import PeriodKind
from apps.reports.periods import Period
from apps.reports.services import get_or_create_review, render_review


class Command(BaseCommand):
    help = (
        "Render an organisation's annual work review as a PDF from the current records (the "
        "review's text as staff edited it, or the default text when it has none yet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="the (first) year")
        parser.add_argument("--to-year", type=int, help="the last year of a range (a term)")
        parser.add_argument(
            "--stats", action="store_true", help="the statistics year (1 Oct – 30 Sep) instead"
        )
        parser.add_argument("--org", help="organisation code (default: the county federation)")
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, **options):
        if options["org"]:
            org = UnionOrg.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(f"No organisation with code {options['org']!r}.")
        else:
            org = UnionOrg.objects.filter(parent__isnull=True).order_by("path").first()
            if org is None:
                raise CommandError("There are no organisations yet (run seed_demo?).")
        try:
            kind = PeriodKind.STATS if options["stats"] else PeriodKind.YEAR
            period = Period.parse(kind, options["year"], options["to_year"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        review, created = get_or_create_review(org=org, period=period, actor=None)
        pdf, pages = render_review(review=review)
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
        note = " (default text created)" if created else ""
        self.stdout.write(f"{review.title}{note}: {pages} pages, {len(pdf)} bytes → {out}")
