"""Settings of « Secteurs & remboursements ».

One file, driven by environment variables with safe defaults (documented in README.md and
.env.example). Nothing here is secret: the secret key and hosts come from the environment in
production, and DJANGO_ENV=production refuses to start without them.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"

if PRODUCTION:
    try:
        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
        ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    except KeyError as missing:
        raise ImproperlyConfigured(f"DJANGO_ENV=production requires {missing}.") from None
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ENV=production requires DJANGO_ALLOWED_HOSTS.")
    DEBUG = False
else:
    # Development only: a fixed key so sessions survive restarts on a developer's machine.
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    DEBUG = env_flag("DJANGO_DEBUG")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "simple_history",
    "axes",
    "simulateur",
    "secteurs",
    "annuaire",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ReponsesDErreurMiddleware",
    "config.middleware.EnvoisPublicsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed (static files come compressed from WhiteNoise, which answers before this).
    "config.middleware.GZipPagesMiddleware",
    # /api/v1/ only: CORS, rate limit, body size, French JSON errors, before sessions and CSRF.
    "api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.SessionTermineeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.TypographieMiddleware",
    "simulateur.baremes.VersionMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.BaseIndisponibleMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
            # `{% url %}` reversing each address once per process (config/liens.py).
            "builtins": ["config.liens"],
        },
    },
    # The simulator's live answer only (config/jinja2.py): rendered on every change of an answer.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja2.environnement", "autoescape": True},
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every process and server (DESIGN §1). REDIS_URL set: Django's Redis backend,
# shared by all application servers (production). Otherwise a file cache that every process of
# this machine shares without a server (`make run`, two gunicorn workers). Keys are prefixed by
# the database, so two sites of one machine (the site and `make bench`) never mix their pages.
_BASE = DATABASES["default"]
KEY_PREFIX = hashlib.sha256(
    f"{_BASE['ENGINE']}|{_BASE.get('HOST', '')}|{_BASE['NAME']}".encode()
).hexdigest()[:12]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache" / "django")),
            "KEY_PREFIX": KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): 5 failed attempts lock the username *for this address* for one
# hour; a stranger failing from elsewhere never locks the editor out. Behind reverse proxies the
# address is read from X-Forwarded-For as the trusted proxies wrote it (`config/adresses.py`).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "verrouillage.html"
AXES_CLIENT_IP_CALLABLE = "config.adresses.adresse_client"
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# A refused or missing `next` after login lands on the admin's index, never /accounts/profile/.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# An expired session while an editor writes: a French page that gives the typed text back.
CSRF_FAILURE_VIEW = "config.views.session_expiree"
# The site has no file field: an uploaded file is never written to disk (a file larger than the
# memory limit is dropped unread); public pages refuse any upload (`EnvoisPublicsMiddleware`).
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers. The CSP allows nothing but this origin's own files: no inline script or
# style, no third party (DESIGN §4).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Only staff have a session (public pages set no cookie): it lasts 8 hours after the last page an
# editor opened, so that a long edit is never answered by a login page or a CSRF failure.
SESSION_COOKIE_AGE = 8 * 3600
SESSION_SAVE_EVERY_REQUEST = True

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    # Opt-in: preloading or covering subdomains binds the whole domain to HTTPS for months, a
    # decision for the domain's owner, never a default a newcomer's deployment makes by accident.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD")
    SILENCED_SYSTEM_CHECKS = [
        *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
        *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
    ]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is probed over plain HTTP by the load balancer, on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Health answers never reach a log: Django logs no request body; errors go to stderr only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Shown on the « Mentions légales » page (LCEN art. 6: editor, director of publication, host).
# The development defaults say what they are; in production the deploy check
# `secteurs.E001` refuses them (secteurs/checks.py).
VALEUR_DE_DEVELOPPEMENT = "(valeur de développement)"
SITE_EDITEUR = (
    os.environ.get("SITE_EDITEUR") or f"l'équipe « Secteurs & remboursements » {VALEUR_DE_DEVELOPPEMENT}"
)
SITE_DIRECTEUR_PUBLICATION = (
    os.environ.get("SITE_DIRECTEUR_PUBLICATION") or f"non désigné {VALEUR_DE_DEVELOPPEMENT}"
)
SITE_HEBERGEUR = os.environ.get("SITE_HEBERGEUR") or f"non renseigné {VALEUR_DE_DEVELOPPEMENT}"
SITE_CONTACT = os.environ.get("SITE_CONTACT", "contact@secteurs-remboursements.example")

# How long a built public page stays in the shared cache. Any save gives a new content version,
# so a change is served on the next request whatever this says; this only bounds the cache size.
PAGES_CACHE_SECONDS = int(os.environ.get("PAGES_CACHE_SECONDS", "86400"))

# The site's public address: canonical links, sitemap and robots.txt never use the request's Host.
SITE_URL = os.environ.get(
    "SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
).rstrip("/")

# Public API (/api/v1/): requests per minute and per client address, in the shared cache; 0: none.
API_LIMITE_PAR_MINUTE = int(os.environ.get("API_LIMITE_PAR_MINUTE", "60"))
