"""Amparo settings: one file, configured by environment variables.

Every variable is read through the typed helpers below and documented in
docs/deployment.md. With no variables set, Amparo runs on an embedded SQLite
database under ``var/`` with safe development defaults; ``AMPARO_ENV=production``
switches on the settings that ``manage.py check --deploy`` asks for.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import time, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default


# --- Environment -----------------------------------------------------------------------------
# pytest (8.2 and later) sets PYTEST_VERSION for the run, so the suite gets test settings.
AMPARO_ENV = env_str("AMPARO_ENV", "test" if "PYTEST_VERSION" in os.environ else "development")
if AMPARO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("AMPARO_ENV must be development, production or test")
PRODUCTION = AMPARO_ENV == "production"
DEBUG = env_bool("AMPARO_DEBUG", False)

VAR_DIR = env_path("AMPARO_VAR_DIR", BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env_str("AMPARO_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("AMPARO_SECRET_KEY must be set in production")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Keys for encrypted fields (core.encryption); generated into var/ outside production.
AMPARO_FIELD_KEYS = env_str("AMPARO_FIELD_KEYS")
if PRODUCTION and not AMPARO_FIELD_KEYS:
    raise ImproperlyConfigured("AMPARO_FIELD_KEYS must be set in production (see docs/deployment.md)")
ALLOWED_HOSTS = env_list("AMPARO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("AMPARO_CSRF_TRUSTED_ORIGINS", [])

# --- Applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "amparo.core.admin_site.AmparoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "amparo.core",
    "amparo.accounts",
    "amparo.people",
    "amparo.screening",
    "amparo.legal",
    "amparo.archive",
    "amparo.documents",
    "amparo.programs",
    "amparo.classes",
    "amparo.loans",
    "amparo.outreach",
    "amparo.campaigns",
    "amparo.giving",
    "amparo.volunteers",
    "amparo.portal",
    "amparo.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "amparo.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "amparo.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "amparo.core.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",  # every page; public ones say @login_not_required
    "django_otp.middleware.OTPMiddleware",
    "amparo.accounts.middleware.UserLanguageMiddleware",
    "amparo.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy of every response (amparo.core.csp): our own files only, no inline
# script or style but those carrying the request's nonce, never framed.
AMPARO_CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce'"],
    "style-src": ["'self'", "'nonce'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
AMPARO_CSP_REPORT_ONLY = env_bool("AMPARO_CSP_REPORT_ONLY", False)

ROOT_URLCONF = "amparo.urls"
WSGI_APPLICATION = "amparo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "amparo.core.context_processors.shell",
            ],
        },
    }
]

# --- Database --------------------------------------------------------------------------------
_default_db = f"sqlite:///{VAR_DIR / 'amparo.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A writer waits this long for another to finish before "database is locked" (the worker
    # then retries with backoff; a web request would answer 500).
    _busy_ms = env_int("AMPARO_SQLITE_BUSY_TIMEOUT_MS", 20000)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
        # start of a transaction so two writers queue instead of failing half-way.
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={_busy_ms};",
        "timeout": _busy_ms / 1000,
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file, not memory: the browser tests' live server then gets its own connection
    # instead of sharing the test thread's, whose queries would collide with its requests.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # The covering (INCLUDE) indexes legal declares for PostgreSQL become plain indexes on SQLite;
    # Django's warning about it would greet every `make run` and says nothing actionable.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, sessions -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if AMPARO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("AMPARO_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle sessions expire: every request pushes the expiry forward by this much.
SESSION_COOKIE_AGE = env_int("AMPARO_SESSION_IDLE_MINUTES", 30) * 60
# The idle expiry moves forward on every request without rewriting the session
# (core.middleware.IdleSessionMiddleware); saving it every request lost concurrent changes.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Roles that must sign in with a second factor. By default, every role that can open
# restricted records (asylum, VAWA/T/U, children's cases, restricted testimonies).
AMPARO_TWO_FACTOR_ROLES = env_list(
    "AMPARO_TWO_FACTOR_ROLES",
    ["administrator", "attorney", "paralegal", "case_manager", "archivist", "clinician", "finance", "director"]
)
OTP_TOTP_ISSUER = env_str("AMPARO_OTP_ISSUER", "Amparo")

# Lock-out after repeated failed logins (django-axes, with amparo.accounts.lockout): an account is
# locked after AMPARO_LOGIN_FAILURE_LIMIT failures from any address; an address only after
# AMPARO_LOGIN_ADDRESS_FAILURE_LIMIT failures across accounts (a whole office may share one address).
AXES_FAILURE_LIMIT = env_int("AMPARO_LOGIN_FAILURE_LIMIT", 5)
AMPARO_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("AMPARO_LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AMPARO_LOGIN_COOLOFF_MINUTES", 15))
AXES_HANDLER = "amparo.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]  # the address has its own, higher limit in the handler
AXES_USERNAME_CALLABLE = "amparo.accounts.lockout.username"
# axes.W006 ("no ip_address in AXES_LOCKOUT_PARAMETERS"): the handler counts the address itself.
SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field; it holds the email address
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = True  # administrators unlock accounts there
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "token"]

# --- Internationalization --------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# Each app keeps its own Spanish catalogue (amparo/<app>/locale); the shared one comes last, so
# that `makemessages` run inside an app writes to that app's catalogue.
LOCALE_PATHS = [
    *sorted(p for p in PACKAGE_DIR.glob("*/locale") if p.is_dir()),
    PACKAGE_DIR / "locale",
]
LANGUAGE_COOKIE_NAME = "amparo_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("AMPARO_TIME_ZONE", "America/Los_Angeles")
# Numbers are not grouped by default: a record number, a year or a form value printed as «2 674» in
# Spanish broke links, anchors and hidden inputs. Counts meant for reading are grouped where they
# are shown, with humanize's |intcomma (reports, dashboards, search totals).
USE_THOUSAND_SEPARATOR = False

# --- Static files and uploads ----------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = env_path("AMPARO_STATIC_ROOT", VAR_DIR / "static")
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
    # Documents of people and cases (amparo.documents): outside the web root, no URL route;
    # downloaded only through the permission-checked view. Another backend (e.g. django-storages'
    # S3 storage for an S3-compatible bucket) by AMPARO_DOCUMENTS_STORAGE and a JSON object of its
    # OPTIONS in AMPARO_DOCUMENTS_STORAGE_OPTIONS (docs/deployment.md).
    "documents": {
        "BACKEND": env_str("AMPARO_DOCUMENTS_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": (
            json.loads(env_str("AMPARO_DOCUMENTS_STORAGE_OPTIONS", "{}"))
            if env_str("AMPARO_DOCUMENTS_STORAGE")
            else {"location": str(env_path("AMPARO_DOCUMENTS_DIR", VAR_DIR / "documents")),
                  "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700}
        ),
    },
}
# Uploaded and generated files live outside the web root and are served only through
# permission-checked views.
MEDIA_ROOT = env_path("AMPARO_FILES_DIR", VAR_DIR / "files")
# No route serves this URL: files reach people only through permission-checked views.
MEDIA_URL = "/files/"
FILE_UPLOAD_PERMISSIONS = 0o600
AMPARO_UPLOAD_MAX_MB = env_int("AMPARO_UPLOAD_MAX_MB", 25)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Documents: the file types accepted, recognised by content (amparo.documents.filetypes), and
# the center's name and address at the head of generated letters.
AMPARO_DOCUMENT_TYPES = env_list("AMPARO_DOCUMENT_TYPES", ["pdf", "jpeg", "png", "gif", "tiff", "docx", "doc"])
AMPARO_CENTER_NAME = env_str("AMPARO_CENTER_NAME", "Amparo")
AMPARO_CENTER_ADDRESS = env_str("AMPARO_CENTER_ADDRESS", "")
AMPARO_CENTER_PHONE = env_str("AMPARO_CENTER_PHONE", "")

# --- Background tasks ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if AMPARO_ENV == "test" or env_bool("AMPARO_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# Result files of tasks (exports of records, restricted ones too) are deleted this many hours
# after the task finished, by the periodic job core.expire_result_files; a later download says so.
AMPARO_EXPORT_RETENTION_HOURS = env_int("AMPARO_EXPORT_RETENTION_HOURS", 24)
# Runs of periodic jobs, and workers not heard from, are forgotten after this many days.
AMPARO_JOB_HISTORY_DAYS = env_int("AMPARO_JOB_HISTORY_DAYS", 30)
# Idempotency-Key answers of money-moving API calls (core.idempotency): kept this many days; a
# first request silent this long without an answer is taken to have died and may be retried.
# The report catalogue (amparo.reports): one module per report. Reports for people outside the
# center show counts below this as "<N".
AMPARO_REPORTS = [
    "amparo.reports.catalogue.lsc_csr",
    "amparo.reports.catalogue.unduplicated",
    "amparo.reports.catalogue.demographics",
    "amparo.reports.catalogue.outcomes",
    "amparo.reports.catalogue.time",
    "amparo.reports.catalogue.program_outcomes",
    "amparo.reports.catalogue.grant_deliverables",
    "amparo.reports.catalogue.immigration",
]
AMPARO_REPORT_SMALL_CELL = env_int("AMPARO_REPORT_SMALL_CELL", 5)
# A report's numbers are kept this long at most, and only until the next recorded change.
# The cache is a table in the database (created by the reports app's migrations), shared by every
# web worker and the task worker: a report prepared in the background is then at hand on its
# page, and counted once, not once per process (Django's default cache is per process).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "amparo_cache",
                      "OPTIONS": {"MAX_ENTRIES": env_int("AMPARO_CACHE_MAX_ENTRIES", 3000)}}}
AMPARO_REPORT_CACHE_SECONDS = env_int("AMPARO_REPORT_CACHE_SECONDS", 3600)
# A report page computes a period up to this many days while you wait; a longer one is prepared
# in the background (a task with progress) unless its numbers are already at hand.
AMPARO_REPORT_INLINE_DAYS = env_int("AMPARO_REPORT_INLINE_DAYS", 1100)
# PostgreSQL memory for a report's sorts and groups (its transaction only).
AMPARO_REPORT_WORK_MEM = env_str("AMPARO_REPORT_WORK_MEM", "64MB")
AMPARO_IDEMPOTENCY_DAYS = env_int("AMPARO_IDEMPOTENCY_DAYS", 7)
AMPARO_IDEMPOTENCY_STALE_SECONDS = env_int("AMPARO_IDEMPOTENCY_STALE_SECONDS", 300)
# A worker whose last heartbeat is older than this is shown as not responding.
AMPARO_WORKER_STALE_SECONDS = env_int("AMPARO_WORKER_STALE_SECONDS", 120)

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "AMPARO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("AMPARO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("AMPARO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("AMPARO_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("AMPARO_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("AMPARO_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("AMPARO_FROM_EMAIL", "amparo@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("AMPARO_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("AMPARO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("AMPARO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # django-axes must see the client's address, not the proxy's.
    AXES_IPWARE_PROXY_COUNT = env_int("AMPARO_PROXY_COUNT", 1)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# --- Logging ---------------------------------------------------------------------------------
# Log lines never carry request bodies or query strings: they may hold names or A-numbers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "amparo.core.logging.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env_str("AMPARO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # PDF rendering: WeasyPrint logs every step of every page at INFO, and fontTools a line for
        # each font table it drops while subsetting the bundled fonts (harmless). Real problems still show.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# --- Legal cases: deadline reminders --------------------------------------------------------
# Days before a deadline on which its team is e-mailed (manage.py send_deadline_reminders, daily).
AMPARO_DEADLINE_REMINDER_DAYS = [
    int(d) for d in env_list("AMPARO_DEADLINE_REMINDER_DAYS", ["30", "14", "7", "3", "1", "0"])
]
# Local time of day at which the worker sends them (periodic job legal.deadline_reminders).
try:
    AMPARO_DEADLINE_REMINDER_TIME = time.fromisoformat(env_str("AMPARO_DEADLINE_REMINDER_TIME", "07:00"))
except ValueError as exc:
    raise ImproperlyConfigured("AMPARO_DEADLINE_REMINDER_TIME must be a time like 07:00") from exc
AMPARO_SITE_URL = env_str("AMPARO_SITE_URL", "http://127.0.0.1:8000")  # for links in e-mails

# --- Human-rights archive: OAI-PMH ---------------------------------------------------------
AMPARO_OAI_REPOSITORY = env_str("AMPARO_OAI_REPOSITORY", "amparo.example.org")  # oai:<this>:<id>
AMPARO_OAI_ADMIN_EMAIL = env_str("AMPARO_OAI_ADMIN_EMAIL", "")

# --- API -------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
AMPARO_API_TOKEN_DAYS = env_int("AMPARO_API_TOKEN_DAYS", 365)

# --- Client portal (amparo.portal) -------------------------------------------------------------
AMPARO_PORTAL_CODE_MINUTES = env_int("AMPARO_PORTAL_CODE_MINUTES", 10)  # a sign-in code's life
AMPARO_PORTAL_CODE_ATTEMPTS = env_int("AMPARO_PORTAL_CODE_ATTEMPTS", 5)  # wrong tries before lock-out
AMPARO_PORTAL_LOCK_MINUTES = env_int("AMPARO_PORTAL_LOCK_MINUTES", 30)
AMPARO_PORTAL_RATE_WINDOW_MINUTES = env_int("AMPARO_PORTAL_RATE_WINDOW_MINUTES", 15)
AMPARO_PORTAL_CODES_PER_PERSON = env_int("AMPARO_PORTAL_CODES_PER_PERSON", 3)  # per window
AMPARO_PORTAL_REQUESTS_PER_ADDRESS = env_int("AMPARO_PORTAL_REQUESTS_PER_ADDRESS", 10)  # per window, per IP
AMPARO_PORTAL_IDLE_MINUTES = env_int("AMPARO_PORTAL_IDLE_MINUTES", 10)
AMPARO_PORTAL_EXIT_URL = env_str("AMPARO_PORTAL_EXIT_URL", "https://www.google.com/search?q=clima")
AMPARO_PORTAL_UPLOAD_MAX_MB = env_int("AMPARO_PORTAL_UPLOAD_MAX_MB", 15)  # all photos of one upload
# Texts of the code and notice messages, by language; {code} and {minutes} are filled in. Empty: the
# built-in neutral texts (they never name the center's purpose or a case).
AMPARO_PORTAL_CODE_TEXT: dict[str, str] = {}
AMPARO_PORTAL_NOTICE_TEXT: dict[str, str] = {}
AMPARO_PORTAL_FROM_EMAIL = env_str("AMPARO_PORTAL_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# How text messages leave: a class with send(to, text) (amparo.portal.sms); console for development.
AMPARO_SMS_BACKEND = env_str("AMPARO_SMS_BACKEND", "amparo.portal.sms.ConsoleBackend")
