import importlib
import random

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.core import demo
from apps.core.models import UnionOrg


class Command(BaseCommand):
    help = "Fill an empty database with the deterministic demo county and its personas."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=40_000, help="members to create")
        parser.add_argument("--unions", type=int, default=300, help="union organisations, about")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument("--reset", action="store_true", help="delete all records first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when records exist")

    def handle(self, *args, **options):
        if UnionOrg.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has records; demo county not loaded.")
                return
            if not options["reset"]:
                raise CommandError("The database already has records. Use --reset to replace them.")
            self._reset()
        rng = random.Random(options["seed"])
        per_township = max(
            1, round((options["unions"] - 13) / (len(demo.TOWNSHIPS) + len(demo.INDUSTRY_UNIONS)))
        )
        options = {**options, "unions_per_township": per_township}
        with transaction.atomic():
            demo.seed(rng=rng, options=options, out=self.stdout)
            for config in apps.get_app_configs():
                if not config.name.startswith("apps.") or config.name == "apps.core":
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError:
                    continue
                module.seed(rng=rng, options=options, out=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo county loaded: {UnionOrg.objects.count()} union organisations."
            )
        )

    def _reset(self):
        tables = [
            model._meta.db_table
            for config in apps.get_app_configs()
            if config.name.startswith("apps.") or config.label in ("pghistory", "authtoken")
            for model in config.get_models()
            if not model._meta.proxy and model._meta.managed
        ]
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
