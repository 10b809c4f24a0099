"""UnionPortal settings: one file, driven by the environment.

Environment variables (all optional for a local run):
    DATABASE_URL          postgresql://user:pass@host:port/name. Unset: an embedded PostgreSQL
                          (pgserver) is started with its data under var/pgdata.
    SECRET_KEY            required when DEBUG is off.
    DEBUG                 "1" for development pages and error tracebacks (default "0").
    ALLOWED_HOSTS         comma-separated (default "127.0.0.1,localhost").
    CSRF_TRUSTED_ORIGINS  comma-separated origins behind a proxy.
    SECURE                "1" behind HTTPS: secure cookies, HSTS, SSL redirect.
    TASKS_IMMEDIATE       "1" runs background jobs inline (tests); default is the database queue.
    MEDIA_ROOT            where uploaded and generated files live (default var/media).
    TRUSTED_PROXIES       comma-separated addresses or CIDR ranges of the reverse proxies in
                          front of the portal (e.g. "127.0.0.1,10.0.0.0/24"). A request from one
                          of them is placed at the right-most untrusted address of its
                          X-Forwarded-For (login lockout per address); requests from anywhere
                          else by their own address. Empty (default): X-Forwarded-For is ignored.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # A local `make run` without a key: a stable per-checkout key kept under var/.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "apps.core",
    "apps.membership",
    "apps.contracts",
    "apps.aid",
    "apps.modelworkers",
    "apps.competitions",
    "apps.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.PortalLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "apps.core.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unionportal.urls"
WSGI_APPLICATION = "unionportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "apps.core.context_processors.portal",
            ],
        },
    },
]


# --- Database -------------------------------------------------------------------------------


def database_from_url(url):
    """Django DATABASES entry from a postgresql:// URL (also the socket form pgserver gives)."""
    parts = urlparse(url)
    query = parse_qs(parts.query)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or "postgres"),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": query.get("host", [parts.hostname or ""])[0],
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        # No JIT: the portal's queries are many short aggregates, for which compiling costs
        # more than it saves (the reports' combined statement spent 1.4 s of 1.5 s compiling).
        "OPTIONS": {"options": "-c jit=off"},
    }


DATABASE_URL = os.environ.get("DATABASE_URL")
if not DATABASE_URL:
    # No database configured: start (or join) the embedded PostgreSQL under var/pgdata, so a user
    # with nothing installed can still run the portal. It keeps running between commands.
    import pgserver

    (VAR_DIR / "pgdata").parent.mkdir(parents=True, exist_ok=True)
    _embedded = pgserver.get_server(VAR_DIR / "pgdata", cleanup_mode=None)
    DATABASE_URL = _embedded.get_uri()
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Users, login, security -----------------------------------------------------------------

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "apps.core.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock out after repeated failures, counted per user name and per address separately.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy the address is the client's, not the proxy's (apps/core/proxies.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:  # a typo here would silently put every client at the proxy
    ipaddress.ip_network(_proxy, strict=False)
AXES_CLIENT_IP_CALLABLE = "apps.core.proxies.client_ip"

SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag instead
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SECURE = env_bool("SECURE")
if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# --- Language ---------------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True


# --- Files ------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("PLAIN_STATIC")
            # Hashed names from collectstatic's manifest; plain ones, with a logged warning
            # naming collectstatic, while there is none (so no page answers 500 for it).
            else "apps.core.staticstorage.ManifestOrPlainStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

# Uploads: spreadsheets are refused past these sizes before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SPREADSHEET_MAX_UPLOAD_BYTES = int(os.environ.get("SPREADSHEET_MAX_UPLOAD_BYTES", 30 * 1024 * 1024))
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", 200_000))
# Imports and exports with more rows than this run as background jobs.
BACKGROUND_JOB_ROWS = int(os.environ.get("BACKGROUND_JOB_ROWS", 3000))

# Fonts used for PDFs (WeasyPrint finds them through fontconfig).
PDF_FONT_SERIF = "Noto Serif CJK SC"
PDF_FONT_SANS = "Noto Sans CJK SC"


# --- Background jobs --------------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}


# --- API --------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call is answered 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["apps.core.permissions.PortalPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "UnionPortal API",
    "DESCRIPTION": _("Records of the county federation of trade unions, scoped to the caller."),
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from our own static files: county networks are often offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    # Some hundred operations: the docs open on the list of resources, each opened by a click,
    # with a filter box over the resources' names.
    "SWAGGER_UI_SETTINGS": {"docExpansion": "none", "filter": True, "deepLinking": True},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets shared by a record and the form that writes it get one name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OrgKindEnum": "apps.core.choices.OrgKind",
        "OrgStatusEnum": "apps.core.choices.OrgStatus",
        "OpenOrgStatusEnum": "apps.core.api.org_form_statuses",
        "ReviewResultEnum": "apps.contracts.choices.ReviewResult",
        "CheckResultEnum": "apps.contracts.choices.CheckResult",
        "TransferStatusEnum": "apps.membership.choices.TransferStatus",
        "MemberHouseholdTypeEnum": "apps.membership.choices.HouseholdType",
        "AidHouseholdTypeEnum": "apps.aid.choices.HouseholdType",
        "AidFileStatusEnum": "apps.aid.choices.FileStatus",
        "AidCategoryEnum": "apps.aid.choices.Category",
        "AidCauseEnum": "apps.aid.choices.Cause",
        "AidFundSourceEnum": "apps.aid.choices.FundSource",
        "AidProgrammeKindEnum": "apps.aid.choices.ProgrammeKind",
        "ObjectionDecisionEnum": "apps.aid.choices.ObjectionDecision",
        "StepDecisionEnum": "apps.aid.forms.DECISION",
        "CompetitionLevelEnum": "apps.competitions.choices.CompetitionLevel",
        "CompetitionStatusEnum": "apps.competitions.choices.CompetitionStatus",
        "OrgLevelEnum": "apps.core.choices.OrgLevel",
        "MemberEmploymentEnum": "apps.membership.choices.Employment",
        "AidAttachmentCategoryEnum": "apps.aid.choices.AttachmentCategory",
        "AidReviewOutcomeEnum": "apps.aid.choices.ReviewOutcome",
        "AidBatchStatusEnum": "apps.aid.choices.BatchStatus",
        "AidStudentLevelEnum": "apps.aid.choices.StudentLevel",
        "AidSchoolAidStatusEnum": "apps.aid.choices.SchoolAidStatus",
        "HonourLevelEnum": "apps.modelworkers.choices.Level",
        "ModelWorkerEmploymentEnum": "apps.modelworkers.choices.Employment",
        "ModelWorkerStatusEnum": "apps.modelworkers.choices.WorkerStatus",
        "CollectiveKindEnum": "apps.modelworkers.choices.CollectiveKind",
        "CollectiveStatusEnum": "apps.modelworkers.choices.CollectiveStatus",
        "CareKindEnum": "apps.modelworkers.models.care.CareKind",
        "JointCheckResultEnum": "apps.modelworkers.models.rounds.CheckResult",
        "ProposalCategoryEnum": "apps.competitions.choices_innovation.ProposalCategory",
        "ProposalReviewEnum": "apps.competitions.choices_innovation.ProposalReview",
        "InnovationKindEnum": "apps.competitions.choices_innovation.InnovationKind",
        "StudioLevelEnum": "apps.competitions.choices_innovation.StudioLevel",
        "RoundObjectionDecisionEnum": "apps.modelworkers.models.rounds.ObjectionDecision",
    },
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")
