"""`make bench`: the benchmarks of the foundation (issue 2) and membership (issue 3), then every
other `bench/bench_*.py` (each app's own), and a table of figures with their targets.

    python bench/run.py                    # 5 000 organisations, 1 000 000 members
    BENCH_MEMBERS=100000 python bench/run.py
    python bench/run.py --members 200000 --keep      # keep the database for --reuse
    python bench/run.py --reuse                       # measure again on the kept database
    python bench/run.py --only org,members,import     # a subset; --no-others skips bench_*.py

The county is generated into its own database, `unionportal_bench` (BENCH_DB) on the server of
DATABASE_URL (or on the embedded PostgreSQL when DATABASE_URL is unset), dropped and created
again unless --reuse, and dropped at the end unless --keep. See bench/README.md for what each
figure means. Not a test: it prints figures and exits 0 even when a target is missed.
"""

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 21  # requests per page, after warming up; the median is reported
SEARCHES = ("王", "王芳", "wf")  # a surname, a full name, pinyin initials


def main():
    args = parse_args()
    if args.child:
        return child(args)
    url = prepare_database(args)
    os.environ["DATABASE_URL"] = url
    configure_django()
    rows = []
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        if not args.reuse or not seeded():
            rows += seed(args)
        wanted = set(args.only.split(",")) if args.only else {"org", "members", "import"}
        if "org" in wanted:
            rows += bench_org_list(args)
        if "members" in wanted:
            rows += bench_member_list(args)
        if "import" in wanted:
            rows += bench_import(args, url)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(url)
    print_table(rows)
    if not args.no_others:
        run_others()
    return 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--members", type=int, default=int(os.environ.get("BENCH_MEMBERS", 1_000_000))
    )
    parser.add_argument("--unions", type=int, default=int(os.environ.get("BENCH_UNIONS", 5_000)))
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the roster import")
    parser.add_argument("--imports", type=int, default=3, help="roster imports to time")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "unionportal_bench"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database")
    parser.add_argument("--only", help="comma-separated: org, members, import")
    parser.add_argument("--no-others", action="store_true", help="skip bench/bench_*.py")
    parser.add_argument("--child", choices=["parse", "read", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--org", help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- the database ----------------------------------------------------------------------------


def server_url():
    """DATABASE_URL, or the embedded PostgreSQL the portal starts when it is unset."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    import pgserver

    var = Path(os.environ.get("VAR_DIR", ROOT / "var"))
    var.mkdir(parents=True, exist_ok=True)
    return pgserver.get_server(var / "pgdata", cleanup_mode=None).get_uri()


def with_database(url, name):
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def _admin_connection(url):
    import psycopg2

    connection = psycopg2.connect(with_database(url, "postgres"))
    connection.autocommit = True
    return connection


def prepare_database(args):
    url = with_database(server_url(), args.db)
    connection = _admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db])
        exists = cursor.fetchone() is not None
        if exists and not args.reuse:
            cursor.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
        if not exists or not args.reuse:
            cursor.execute(f'CREATE DATABASE "{args.db}"')
    connection.close()
    return url


def drop_database(url):
    name = urlparse(url).path.lstrip("/")
    connection = _admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def configure_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
    os.environ.setdefault("PLAIN_STATIC", "1")  # no collectstatic manifest needed
    os.environ.setdefault("TASKS_IMMEDIATE", "1")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    warnings.filterwarnings("ignore", "No directory at")  # WhiteNoise: no collectstatic here
    import django

    django.setup()


def seeded():
    from apps.membership.models import Member

    return Member.objects.exists()


def seed(args):
    """seed_demo at the benchmark's scale; the members' part is timed on its own."""
    from django.core.management import call_command
    from django.db import connection

    from apps.membership import demo

    timing = {}
    original = demo.seed

    def timed(**kwargs):
        started = time.perf_counter()
        original(**kwargs)
        timing["members"] = time.perf_counter() - started

    demo.seed = timed
    started = time.perf_counter()
    try:
        call_command(
            "seed_demo",
            "--members",
            str(args.members),
            "--unions",
            str(args.unions),
            "--seed",
            "2026",
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
    finally:
        demo.seed = original
    total = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    members = timing.get("members", 0)
    return [
        ("seed_demo, whole county", f"{total:.0f} s", "", ""),
        (
            f"seed: {args.members:,} members with their ledger",
            f"{members:.0f} s ({args.members / max(members, 1e-9):,.0f}/s)",
            "minutes for 1M",
            verdict(args.members < 1_000_000 or members < 600),
        ),
    ]


# --- pages -----------------------------------------------------------------------------------


def clients():
    from django.test import Client

    from apps.core.models import User

    staff = Client()
    staff.force_login(User.objects.get(username="township_staff"))
    admin_user, _created = User.objects.get_or_create(
        username="bench_superuser",
        defaults={"is_staff": True, "is_superuser": True, "org": None},
    )
    admin = Client()
    admin.force_login(admin_user)
    return staff, admin


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def compare(portal_client, portal_url, admin_client, admin_url, runs):
    """Median times (ms) of the portal page and the admin page, requested alternately."""
    for _ in range(3):  # warm up: templates, translations, the database's caches
        timed_get(portal_client, portal_url)
        timed_get(admin_client, admin_url)
    portal, admin = [], []
    for _ in range(runs):
        portal.append(timed_get(portal_client, portal_url))
        admin.append(timed_get(admin_client, admin_url))
    return statistics.median(portal) * 1000, statistics.median(admin) * 1000


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def bench_org_list(args):
    from django.urls import reverse

    from apps.core.models import UnionOrg, User

    staff, admin = clients()
    township = User.objects.get(username="township_staff").org
    orgs = UnionOrg.objects.count()
    shown = UnionOrg.objects.filter(path__startswith=township.path).count()
    portal = reverse("core:org_list") + f"?subtree={township.pk}&size=50"
    changelist = reverse("admin:core_unionorg_changelist") + f"?path__startswith={township.path}"
    ours, theirs = compare(staff, portal, admin, changelist, args.runs)
    counts = {
        size: queries(staff, reverse("core:org_list") + f"?subtree={township.pk}&size={size}")
        for size in (20, 50, 100)
    }
    return [
        (
            f"org list, {shown:,} of {orgs:,} orgs, 50 rows (issue 2)",
            f"{ours:.1f} ms vs admin {theirs:.1f} ms = {ours / theirs:.2f}",
            "ratio ≤ 1.0",
            verdict(ours <= theirs),
        ),
        (
            "org list queries at size 20/50/100",
            "/".join(str(counts[s]) for s in (20, 50, 100)),
            "constant",
            verdict(len(set(counts.values())) == 1),
        ),
    ]


def add_subtree_filter_to_member_admin():
    """The admin's own lookups stop at one relation (`union__path` is refused), so the member
    changelist gets, in this process only, a list filter doing what the portal's subtree filter
    does: members whose union's path starts with the township's."""
    from django.contrib import admin

    from apps.core.choices import OrgLevel
    from apps.core.models import UnionOrg
    from apps.membership.models import Member

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
            return queryset.filter(union__path__startswith=org.path)

    member_admin = admin.site._registry[Member]
    if Subtree not in member_admin.list_filter:
        member_admin.list_filter = [*member_admin.list_filter, Subtree]


def bench_member_list(args):
    from django.urls import NoReverseMatch, reverse

    from apps.core.models import User
    from apps.membership.models import Member

    try:
        list_url = reverse("membership:member_list")
        admin_url = reverse("admin:membership_member_changelist")
    except NoReverseMatch as error:
        return [("member list", f"not available: {error}", "", "MISS")]
    staff, admin = clients()
    township = User.objects.get(username="township_staff").org
    add_subtree_filter_to_member_admin()
    total = Member.objects.count()
    in_township = Member.objects.filter(union__path__startswith=township.path).count()
    rows = []
    for text in SEARCHES:
        portal = f"{list_url}?subtree={township.pk}&q={quote(text)}&size=50"
        changelist = f"{admin_url}?subtree={township.pk}&q={quote(text)}"
        ours, theirs = compare(staff, portal, admin, changelist, args.runs)
        found = queries(staff, portal)
        rows.append(
            (
                f"member list, q={text}, township of {in_township:,}/{total:,} (issue 3)",
                f"{ours:.1f} ms vs admin {theirs:.1f} ms = {ours / theirs:.2f}, {found} queries",
                "ratio ≤ 1.0",
                verdict(ours <= theirs),
            )
        )
    counts = {
        size: queries(staff, f"{list_url}?subtree={township.pk}&q={quote('王')}&size={size}")
        for size in (20, 50, 100)
    }
    rows.append(
        (
            "member list queries at size 20/50/100",
            "/".join(str(counts[s]) for s in (20, 50, 100)),
            "constant",
            verdict(len(set(counts.values())) == 1),
        )
    )
    return rows


# --- the roster import -----------------------------------------------------------------------


def unused_regions(count):
    """County codes (GB/T 2260 districts of big cities) no member's ID number starts with: each
    roster's people are born in one, so every import saves all its rows, also with --reuse."""
    from django.db import connection

    candidates = [
        f"{city}{n:02d}" for city in ("1101", "3101", "4401", "3301") for n in range(1, 19)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT left(id_number, 6) FROM membership_member "
            "WHERE left(id_number, 6) = ANY(%s)",
            [candidates],
        )
        used = {row[0] for row in cursor.fetchall()}
    return [region for region in candidates if region not in used][:count]


def roster_file(path, rows, region, seed):
    """A roster as Excel saves it (a normal workbook: its <dimension> is declared), with a
    title row, of people born in `region`."""
    import random

    import openpyxl

    from apps.membership.rosters import ROSTER_HEADERS, roster_people

    people = roster_people(random.Random(seed), rows, regions=(region,))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "会员花名册"
    sheet.append(["会员花名册（实名制）"])
    sheet.append(ROSTER_HEADERS)
    for person in people:
        sheet.append([person.get(header) for header in ROSTER_HEADERS])
    workbook.save(path)


def run_child(kind, url, **options):
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    for key, value in options.items():
        command += [f"--{key}", str(value)]
    env = {**os.environ, "DATABASE_URL": url}
    process = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if process.returncode:
        raise RuntimeError(process.stderr[-3000:])
    return json.loads(process.stdout.strip().splitlines()[-1])


def bench_import(args, url):
    import tempfile

    from apps.core.choices import OrgLevel
    from apps.core.models import UnionOrg, User

    staff = User.objects.get(username="township_staff")
    union = (
        UnionOrg.objects.filter(path__startswith=staff.org.path, level=OrgLevel.GRASSROOTS)
        .order_by("pk")
        .first()
    )
    ratios, imports, parses, reads, memory = [], [], [], [], []
    with tempfile.TemporaryDirectory() as directory:
        for index, region in enumerate(unused_regions(args.imports)):
            path = Path(directory) / f"roster-{index}.xlsx"
            roster_file(path, args.rows, region, seed=index)
            parse = run_child("parse", url, file=path)
            read = run_child("read", url, file=path)
            result = run_child("import", url, file=path, org=union.code, user=staff.username)
            if result["saved"] != args.rows or read["rows"] != args.rows:
                raise RuntimeError(f"the roster import failed: {result}, read {read['rows']}")
            parses.append(parse["seconds"])
            reads.append(read["seconds"])
            imports.append(result["seconds"])
            ratios.append(result["seconds"] / parse["seconds"])
            memory.append(result["peak_mb"])
    ratio = statistics.median(ratios)
    parse, read, imported = (statistics.median(x) for x in (parses, reads, imports))
    return [
        (
            f"roster import, {args.rows:,} rows, commit (issue 3, 14)",
            f"{imported:.1f} s vs openpyxl read {parse:.1f} s = {ratio:.2f} "
            f"({', '.join(f'{r:.2f}' for r in ratios)})",
            "ratio ≤ 1.0",
            verdict(ratio <= 1.0),
        ),
        (
            "roster import: reading the upload (issue 14)",
            f"{read:.1f} s = {read / parse:.2f} of openpyxl's read; checking and saving "
            f"{imported - read:.1f} s",
            "",
            "",
        ),
        (
            "roster import, peak memory (process)",
            ", ".join(f"{m:.0f}" for m in memory) + " MB",
            "< 300 MB",
            verdict(max(memory) < 300),
        ),
    ]


def child(args):
    """Measured in a fresh process: the openpyxl read alone, the portal's reading of the upload
    alone (its checks, calamine, the header, every row's values), or the whole import."""
    if args.child == "parse":
        import openpyxl

        started = time.perf_counter()
        workbook = openpyxl.load_workbook(args.file, read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        workbook.close()
        result = {"seconds": time.perf_counter() - started}
    elif args.child == "read":
        configure_django()
        from apps.core.ledgers import IMPORTERS
        from apps.core.xlsx import find_sheet, iter_records, open_workbook

        spec = IMPORTERS["members"].sheet
        data = Path(args.file).read_bytes()
        started = time.perf_counter()
        workbook = open_workbook(data)
        sheet, header_row, mapping = find_sheet(workbook, spec)
        rows = sum(1 for _row in iter_records(sheet, spec, header=(header_row, mapping)))
        workbook.close()
        result = {"seconds": time.perf_counter() - started, "rows": rows}
    else:
        configure_django()
        from apps.core.ledgers import IMPORTERS
        from apps.core.models import UnionOrg, User

        user = User.objects.get(username=args.user)
        org = UnionOrg.objects.get(code=args.org)
        data = Path(args.file).read_bytes()
        started = time.perf_counter()
        outcome = IMPORTERS["members"].run(data, user=user, org=org, commit=True)
        result = {
            "seconds": time.perf_counter() - started,
            "saved": outcome.saved,
            "errors": dict(list(outcome.errors.items())[:5]),
        }
    result["peak_mb"] = peak_memory_mb()
    print(json.dumps(result, default=str))
    return 0


def peak_memory_mb():
    """The process's peak resident memory: VmHWM, which starts afresh at exec (ru_maxrss would
    include the benchmark process that forked this one)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- report ----------------------------------------------------------------------------------


def verdict(ok):
    return "PASS" if ok else "MISS"


def print_table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(3)] if rows else [0, 0, 0]
    print()
    print(f"{'figure':<{widths[0]}}  {'measured':<{widths[1]}}  {'target':<{widths[2]}}  result")
    print("-" * (sum(widths) + 14))
    for name, measured, target, result in rows:
        print(f"{name:<{widths[0]}}  {measured:<{widths[1]}}  {target:<{widths[2]}}  {result}")
    print()


def run_others():
    """Each app's own benchmark, `bench/bench_*.py` with `run(out)`, in its own process."""
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"== {path.name}")
        try:
            importlib.import_module(f"bench.{path.stem}").run(sys.stdout)
        except Exception as error:  # one app's failure must not hide the others' figures
            print(f"{path.name} failed: {error}")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
