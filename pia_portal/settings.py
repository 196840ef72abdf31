"""Settings for PIA Portal, read from environment variables (one module, no per-environment split).

With no DATABASE_URL or CELERY_BROKER_URL the portal talks to the embedded PostgreSQL and Redis
that `./portal run` and `./portal test` start under EMBEDDED_DIR (see pia_portal/launcher.py), so a
newcomer runs the same engines as production without installing servers.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _secret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (docker secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = _secret("SECRET_KEY", "insecure-development-key-change-me" if DEBUG else None)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

EMBEDDED_DIR = Path(env.str("EMBEDDED_DIR", default=str(BASE_DIR / ".data")))
EMBEDDED_POSTGRES_DIR = EMBEDDED_DIR / "postgres"
EMBEDDED_REDIS_SOCKET = EMBEDDED_DIR / "redis" / "redis.sock"
EMBEDDED_DATABASE_NAME = "pia_portal"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "pgtrigger",
    "pghistory",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "ninja",
    "pia_portal.core",
    "pia_portal.accounts",
    "pia_portal.organisations",
    "pia_portal.audit",
    "pia_portal.reports",
    "pia_portal.rendering",
    "pia_portal.editing",
    "pia_portal.importing",
    "pia_portal.publishing",
    "pia_portal.changelog",
    "pia_portal.demo",
    "pia_portal.planning",
    "pia_portal.procedure",
    "pia_portal.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pia_portal.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pia_portal.core.middleware.PrivatePagesNotStored",
    "pia_portal.core.middleware.ServiceUnavailable",
    # Row-level history: every write in a request is grouped with who made it and where.
    "pghistory.middleware.HistoryMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pia_portal.urls"
WSGI_APPLICATION = "pia_portal.wsgi.application"

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
                "pia_portal.organisations.context_processors.current_organisation",
            ],
            "builtins": ["pia_portal.core.templatetags.wareki"],
        },
    },
]

# Form widgets render with the project's templates too (the editor's check-box widget).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": EMBEDDED_DATABASE_NAME,
            "USER": "postgres",
            # A unix-socket directory: pgserver listens only there, never on a TCP port.
            "HOST": str(EMBEDDED_POSTGRES_DIR),
        }
    }
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if env.str("DATABASE_NAME", default=""):
    # Lets the test suite point a worker process at the test database.
    DATABASES["default"]["NAME"] = env.str("DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out sign-in is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords lock that user name at that address for 15 minutes: the pair, not the
# address alone, or one person's mistakes would lock out everyone behind the city's proxy.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "pia_portal.core.ratelimit.client_ip_or_none"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A whole editor page of long texts fits; anything larger is refused before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5_000
LOGIN_URL = "login"
# A working day; a session ends when the browser is closed only if the person asks (not by default,
# as staff move between the editor and the preview in other windows).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ja"
# Japanese is the product: the form, the 指針 and the people who use the portal are Japanese. The
# interface is written with English message ids translated in locale/ja; there is no English UI
# to switch to (a half-translated one was worse than none).
LANGUAGES = [("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Local files by default; any S3-compatible store when AWS_STORAGE_BUCKET_NAME is set.
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": _secret("AWS_ACCESS_KEY_ID"),
            "secret_key": _secret("AWS_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=f"redis+socket://{EMBEDDED_REDIS_SOCKET}")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_DEFAULT_QUEUE = "default"
# PDF rendering is memory-hungry and slow; it gets a queue of its own so it never starves the rest.
CELERY_TASK_ROUTES = {
    f"pia_portal.rendering.tasks.{name}": {"queue": "pdf"}
    for name in ("render_version_pdf", "measure_table_piece", "split_version_pdf", "render_pdf_part", "assemble_version_pdf")
}
# Rendered parts of PDFs kept for reuse (rendering/part_cache.py); the least recently used go first.
PDF_PART_CACHE_MB = env.int("PDF_PART_CACHE_MB", default=1024)
# A task is acknowledged when it has finished, so a worker that dies loses nothing: Redis hands an
# unacknowledged message to another worker after the visibility timeout (longer than any task's
# time limit), and the sweep below catches what even that misses.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
                                   "socket_connect_timeout": 2}
# A broker that is down is told at once rather than after the client's retries (about 19 s):
# core/queue.py keeps the request for the sweep, and the page answers.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-renders": {"task": "pia_portal.rendering.tasks.sweep_stuck_renders", "schedule": 60.0},
    "sweep-stuck-imports": {"task": "pia_portal.importing.tasks.sweep_stuck_imports", "schedule": 60.0},
    "evict-cached-parts": {"task": "pia_portal.rendering.tasks.evict_cached_parts", "schedule": 3600.0},
    # Every morning; DUTY_REMINDERS_EVERY_SECONDS makes it run often (the tests' beat uses it).
    "send-duty-reminders": {
        "task": "pia_portal.planning.tasks.send_duty_reminders",
        "schedule": env.float("DUTY_REMINDERS_EVERY_SECONDS", default=0) or crontab(hour=7, minute=30),
    },
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")  # for the file backend
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="pia-portal@localhost")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Deployment security: off for a development machine without TLS, on in docker-compose.yml and
# whenever the portal is served over HTTPS (`check --deploy` is clean with them on).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Asking browsers to preload HSTS binds every subdomain of the domain for good: a decision for
# whoever holds the domain (an lg.jp name is the municipality's), not for this application. Until
# they make it (SECURE_HSTS_PRELOAD=true), `check --deploy` need not warn about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SECURE_SSL_REDIRECT)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies (addresses or networks such as 172.16.0.0/12) whose X-Forwarded-For is
# believed: the client's address, for lockouts and rate limits, is then the last address in that
# header that is not one of them. Anyone else could write any address there, so by default the
# header is ignored and the address is REMOTE_ADDR.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from the portal's own static files,
# no inline code; images also as data: URIs (Bootstrap's form icons). The print preview adds its
# own stylesheet with the request's nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The shared cache (rate limits): Redis, the broker's server, database 1.
def _cache_location(broker: str) -> str:
    if broker.startswith("redis+socket://"):
        return "unix://" + broker.removeprefix("redis+socket://").split("?")[0] + "?db=1"
    if broker.startswith(("redis://", "rediss://")):
        base, _, _db = broker.rpartition("/")
        return f"{base}/1" if _db.isdigit() else broker.rstrip("/") + "/1"
    return ""


_CACHE = env.str("CACHE_URL", default="") or _cache_location(CELERY_BROKER_URL)
CACHES = {
    # Short timeouts: a cache that is down is answered with 「しばらくしてから」 at once (core.middleware).
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}}
    if _CACHE
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every layout step at INFO; keep its warnings only.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "weasyprint.progress", "fontTools")},
}
