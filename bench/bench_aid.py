"""Benchmark: paying a 送温暖 batch of 10 000 households, the payment list on a large ledger, and
the annual review with the aid chapter.

    python bench/bench_aid.py                  # alone (BENCH_AID_PAYMENTS=1000000 by default)
    from bench.bench_aid import run            # from bench/run.py: run(sys.stdout)

The county is generated once into its own database, `unionportal_bench_aid` on the server of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/unionportal), and kept for the next
run (`--rebuild` starts again): the demo county (`seed_demo`'s generators, BENCH_MEMBERS
members, 20 000 by default) with its aid, plus HOUSEHOLDS (10 000) files on record and a
ledger topped up to BENCH_AID_PAYMENTS payments (one per household and bench programme,
inserted set-based, without history events, as seeded data is).

Figures:
- paying an approved 送温暖 batch of the 10 000 households (`services.pay_batch`: locks, checks,
  bulk insert with history, marking the roster) as a ratio to a bare `bulk_create` of the same
  payment rows (target ≤ 3); each in a transaction rolled back afterwards, medians of REPEAT.
  Where batches do not exist (`pay_batch` missing) the 10 000 households are paid one by one
  through `services.pay` in one transaction instead, and the line says so;
- the payment list (`aid:payment_list`, 50 rows) as `township_staff` against the Django admin
  changelist of AidPayment with the same township filter (a list filter added in this process,
  as bench/run.py does for members) as a superuser (target ≤ 1.0), medians of interleaved
  requests, and its query count at page sizes 20/50/100 (constant);
- the annual review PDF of the county for YEAR with all chapters, aid included: the whole render
  as a ratio to WeasyPrint alone on the same HTML (target ≤ 1.3), `bench_reports.render_all`.

`run(out)` runs this file in a subprocess, so its database settings never touch the caller's.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "unionportal_bench_aid"
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 20_000))
PAYMENTS = int(os.environ.get("BENCH_AID_PAYMENTS", 1_000_000))
HOUSEHOLDS = 10_000
YEAR = 2025
REPEAT = 5
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/unionportal"


def run(out):
    """Run the benchmark in its own process and copy its report to `out`."""
    process = subprocess.run(
        [sys.executable, str(Path(__file__).resolve())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    out.write(process.stdout)
    if process.returncode:
        out.write(process.stderr)
        raise RuntimeError(f"bench_aid failed with exit code {process.returncode}")
    return process.returncode


def setup_django():
    import psycopg2

    parts = urlparse(os.environ.get("DATABASE_URL") or DEFAULT_URL)
    admin = psycopg2.connect(urlunparse(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    admin.close()
    os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{BENCH_DB}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
    os.environ.setdefault("PLAIN_STATIC", "1")
    os.environ.setdefault("TASKS_IMMEDIATE", "1")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- the county ------------------------------------------------------------------------------


def bench_files(county, admin):
    """HOUSEHOLDS files on record (with their approval step), in bulk."""
    import datetime
    from decimal import Decimal

    import pgtrigger

    from apps.aid.choices import Category, Cause, FileStatus, StepKind, WorkStatus
    from apps.aid.demo import TRACKED
    from apps.aid.models import FilePerson, FileStep, HardshipFile
    from apps.core.choices import OrgLevel
    from apps.core.models import UnionOrg
    from apps.core.validators import id_check_char

    unions = list(UnionOrg.objects.filter(level=OrgLevel.GRASSROOTS).order_by("pk"))
    day = datetime.date(2024, 3, 1)
    files = []
    for n in range(HOUSEHOLDS):
        first17 = f"659001{datetime.date(1970, 1, 1) + datetime.timedelta(days=n // 400):%Y%m%d}"
        first17 += f"{n % 400 * 2 + 1:03d}"
        union = unions[n % len(unions)]
        files.append(
            HardshipFile(
                file_no=f"BENCH-{n:05d}",
                org=union,
                category=Category.DEEP if n % 3 == 0 else Category.RELATIVE,
                name=f"测试户{n}",
                id_number=first17 + id_check_char(first17),
                sex="1",
                birth_date=datetime.date(1970, 1, 1),
                work_status=WorkStatus.LAID_OFF,
                household_size=3,
                per_capita_monthly=Decimal(500),
                main_cause=Cause.LAID_OFF,
                applied_on=day,
                filed_on=day,
                status=FileStatus.ACTIVE,
            )
        )
    with pgtrigger.ignore(*TRACKED):
        HardshipFile.objects.bulk_create(files, batch_size=2000)
        FilePerson.objects.bulk_create(
            [FilePerson(file=f, id_number=f.id_number, name=f.name) for f in files], batch_size=5000
        )
        FileStep.objects.bulk_create(
            [
                FileStep(
                    file=f,
                    kind=StepKind.COUNTY_APPROVAL,
                    approved=True,
                    from_status=FileStatus.PUBLICIZED,
                    to_status=FileStatus.ACTIVE,
                    acting_org=county,
                    actor=admin,
                    acted_on=day,
                )
                for f in files
            ],
            batch_size=5000,
        )


def top_up_payments(county):
    """Payments to the bench households, one per household and bench programme, set-based."""
    import pgtrigger
    from django.db import connection

    from apps.aid.choices import ProgrammeKind
    from apps.aid.demo import TRACKED
    from apps.aid.models import AidPayment, AidProgramme

    missing = PAYMENTS - AidPayment.objects.count()
    rounds = max(0, -(-missing // HOUSEHOLDS))
    programmes = AidProgramme.objects.bulk_create(
        AidProgramme(
            org=county,
            year=2020 + n % 6,
            kind=ProgrammeKind.TEMPORARY,
            name=f"BENCH 临时救助 {n}",
            budget=10**9,
            standard_amount=500,
        )
        for n in range(rounds)
    )
    with pgtrigger.ignore(*TRACKED), connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO aid_aidpayment (kind, programme_id, period, file_id, org_id,
                   recipient_name, cash_amount, goods_value, goods_description, paid_on, method,
                   fund_source, signed_by, people_reached, is_exception, reason, created_at)
               SELECT 'payment', g.id, g.year::text, f.id, f.org_id, f.name, 500, 0, '',
                   make_date(g.year::int, (1 + f.id %% 12)::int, (1 + f.id %% 28)::int),
                   'bank', 'union_own', '', 0, false, '', now()
               FROM aid_hardshipfile f CROSS JOIN aid_aidprogramme g
               WHERE f.file_no LIKE 'BENCH-%%' AND g.id = ANY(%s)
               LIMIT %s""",
            [[p.pk for p in programmes], max(missing, 0)],
        )


def build_county(out, rebuild=False):
    import random

    from django.db import connection, transaction

    from apps.aid import demo as aid_demo
    from apps.aid.models import AidPayment, HardshipFile
    from apps.contracts import demo as contracts_demo
    from apps.core import demo as core_demo
    from apps.core.management.commands.seed_demo import Command
    from apps.core.models import UnionOrg, User
    from apps.membership import demo as membership_demo

    have = AidPayment.objects.count()
    ready = HardshipFile.objects.filter(file_no__startswith="BENCH").exists()
    if have >= PAYMENTS and ready and not rebuild:
        out.write(f"Reusing the benchmark county: {have} payments.\n")
        return
    started = time.perf_counter()
    if UnionOrg.objects.exists():
        Command()._reset()
    rng = random.Random(2026)
    options = {"unions_per_township": 30, "members": MEMBERS}
    with transaction.atomic():
        county = core_demo.seed(rng=rng, options=options)
        membership_demo.seed(rng=rng, options=options)
        contracts_demo.seed(rng=rng, options=options)
        aid_demo.seed(rng=rng, options=options)
        admin = User.objects.get(username="county_admin")
        bench_files(county, admin)
        top_up_payments(county)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out.write(
        f"Built the benchmark county: {UnionOrg.objects.count()} organisations, "
        f"{HardshipFile.objects.count()} files, {AidPayment.objects.count()} payments in "
        f"{time.perf_counter() - started:.0f} s.\n"
    )


# --- paying a batch --------------------------------------------------------------------------


def bench_batch(out):
    import datetime
    from decimal import Decimal

    from apps.aid import services
    from apps.aid.choices import EntryKind, FileStatus, FundSource, PaymentMethod, ProgrammeKind
    from apps.aid.models import AidPayment, AidProgramme, HardshipFile
    from apps.core.models import User

    admin = User.objects.get(username="county_admin")
    county = admin.org
    day = datetime.date(YEAR, 1, 20)
    households = list(
        HardshipFile.objects.filter(file_no__startswith="BENCH-", status=FileStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", "org_id", "name")[:HOUSEHOLDS]
    )
    terms = {"paid_on": day, "method": PaymentMethod.BANK, "fund_source": FundSource.UNION_OWN}

    def programme():
        return services.save_programme(
            programme=AidProgramme(
                org=county,
                year=YEAR,
                kind=ProgrammeKind.WINTER_WARMTH,
                name=f"{YEAR}年送温暖（基准）",
                budget=Decimal(HOUSEHOLDS * 3000),
                standard_amount=Decimal(2500),
                fund_sources=[FundSource.UNION_OWN],
            ),
            actor=admin,
        )

    def bare():
        prog = programme()
        rows = [
            AidPayment(
                kind=EntryKind.PAYMENT,
                programme=prog,
                period=str(YEAR),
                file_id=pk,
                org_id=org_id,
                recipient_name=name,
                cash_amount=Decimal(2500),
                recorded_by=admin,
                **terms,
            )
            for pk, org_id, name in households
        ]
        started = time.perf_counter()
        AidPayment.objects.bulk_create(rows, batch_size=2000)
        return time.perf_counter() - started

    batched = hasattr(services, "pay_batch")

    def paying():
        prog = programme()
        if batched:
            from apps.aid.models import AidBatch

            batch = services.create_batch(
                batch=AidBatch(programme=prog, org=county, name="基准批次"), actor=admin
            )
            services.add_lines(batch=batch, actor=admin, lines=[{"file": h[0]} for h in households])
            services.review_batch(batch=batch, actor=admin, approved=True, acted_on=day)
            services.approve_batch(batch=batch, actor=admin, approved=True, acted_on=day)
            started = time.perf_counter()
            services.pay_batch(batch=batch, actor=admin, **terms)
            return time.perf_counter() - started
        files = list(HardshipFile.objects.filter(pk__in=[h[0] for h in households]))
        started = time.perf_counter()
        for file in files:
            services.pay(programme=prog, file=file, actor=admin, **terms)
        return time.perf_counter() - started

    def inside(function):
        from django.db import transaction

        with transaction.atomic():
            elapsed = function()
            transaction.set_rollback(True)
        return elapsed

    inside(bare)  # warm up
    ours, theirs = [], []
    for _ in range(REPEAT if batched else 1):
        theirs.append(inside(bare))
        ours.append(inside(paying))
    ratio = statistics.median(ours) / statistics.median(theirs)
    how = (
        "services.pay_batch of an approved batch"
        if batched
        else "services.pay per household in one transaction (no batches yet)"
    )
    out.write(
        f"\nPaying {len(households):,} households, {how}: {statistics.median(ours):.2f} s vs bare "
        f"bulk insert {statistics.median(theirs):.2f} s = ratio {ratio:.2f} (target ≤ 3)\n"
    )
    return ratio


# --- the payment list ------------------------------------------------------------------------


def township_filter_for_payment_admin():
    from django.contrib import admin

    from apps.aid.models import AidPayment
    from apps.core.choices import OrgLevel
    from apps.core.models import UnionOrg

    class Subtree(admin.SimpleListFilter):
        title = "subtree"
        parameter_name = "subtree"

        def lookups(self, request, model_admin):
            townships = UnionOrg.objects.filter(level=OrgLevel.TOWNSHIP).order_by("pk")
            return [(str(org.pk), org.name) for org in townships]

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            org = UnionOrg.objects.get(pk=self.value())
            return queryset.filter(org__path__startswith=org.path)

    model_admin = admin.site._registry[AidPayment]
    model_admin.list_filter = [Subtree, *model_admin.list_filter]
    model_admin.list_per_page = 50


def measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000, len(queries)


def bench_list(out):
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from apps.aid.models import AidPayment
    from apps.core.models import User

    try:
        portal = reverse("aid:payment_list")
    except NoReverseMatch:
        out.write("\nPayment list: no aid:payment_list page yet; figure skipped.\n")
        return None
    township_filter_for_payment_admin()
    staff_user = User.objects.get(username="township_staff")
    staff, admin = Client(), Client()
    staff.force_login(staff_user)
    superuser, _ = User.objects.get_or_create(
        username="bench_superuser", defaults={"is_staff": True, "is_superuser": True}
    )
    admin.force_login(superuser)
    changelist = reverse("admin:aid_aidpayment_changelist") + f"?subtree={staff_user.org_id}"
    page = f"{portal}?size=50"
    for _ in range(3):
        measure(staff, page)
        measure(admin, changelist)
    ours, theirs = [], []
    for _ in range(REPEAT * 3):
        ours.append(measure(staff, page)[0])
        theirs.append(measure(admin, changelist)[0])
    counts = [measure(staff, f"{portal}?size={size}")[1] for size in (20, 50, 100)]
    shown = AidPayment.objects.within(staff_user.org).count()
    ratio = statistics.median(ours) / statistics.median(theirs)
    out.write(
        f"\nPayment list, township of {shown:,}/{AidPayment.objects.count():,} payments, 50 rows: "
        f"{statistics.median(ours):.1f} ms vs admin {statistics.median(theirs):.1f} ms = "
        f"ratio {ratio:.2f} (target ≤ 1.0); queries at size 20/50/100: "
        f"{'/'.join(map(str, counts))} ({'constant' if len(set(counts)) == 1 else 'CHANGING'})\n"
    )
    return ratio


# --- the review ------------------------------------------------------------------------------


def bench_review(out):
    import gc

    from django.conf import settings
    from weasyprint import HTML

    from apps.core.models import UnionOrg
    from apps.reports import services
    from apps.reports.periods import Period
    from bench.bench_reports import render_all

    county = UnionOrg.objects.filter(parent__isnull=True).order_by("path").first()
    period = Period.year(YEAR)
    review, _ = services.get_or_create_review(org=county, period=period, actor=None)
    kinds = list(review.sections.values_list("kind", flat=True))
    html, pdf, pages, *_ = render_all(review, county, period)

    def quiet(function, *args, **kwargs):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            function(*args, **kwargs)
            return time.perf_counter() - started
        finally:
            gc.enable()

    alone, whole = [], []
    for _ in range(REPEAT):
        alone.append(quiet(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf))
        whole.append(quiet(render_all, review, county, period))
    ratio = statistics.median(whole) / statistics.median(alone)
    out.write(
        f"\nAnnual review PDF, county, {YEAR}, chapters {', '.join(kinds)}: {pages} pages; "
        f"render {statistics.median(whole):.2f} s vs WeasyPrint alone "
        f"{statistics.median(alone):.2f} s = ratio {ratio:.2f} (target ≤ 1.3)\n"
    )
    return ratio


def main(argv):
    setup_django()
    out = sys.stdout
    build_county(out, rebuild="--rebuild" in argv)
    bench_batch(out)
    bench_list(out)
    bench_review(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
