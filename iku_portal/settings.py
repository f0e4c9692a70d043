"""Settings for IKU Portal, read from the environment (and an optional `.env` file).

Every value that differs between a laptop and production comes from an environment
variable; see README.md for the list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment "
            "(or run with DEBUG=1 for development)."
        )
    # Development only: never used when DEBUG is off.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
MIN_SECRET_KEY_LENGTH = 50
if not DEBUG and len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY is too short ({len(SECRET_KEY)} characters): use at least "
        f"{MIN_SECRET_KEY_LENGTH} random characters, for example the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_prose_editor",  # the penjelasan editor's assets (static files only)
    "django_tasks",
    "django_tasks_db",  # the default task queue: a table in the portal's own database
    "axes",  # login throttling: failed attempts recorded, a lockout after too many
    "django_otp",  # the second factor a head confirms a signature with
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # its recovery codes
    "core",  # no models: the task worker command (core/management/commands/worker.py)
    "organizations",
    "indicators",
    "agreements",
    "performance",
]

MIDDLEWARE = [
    "iku_portal.middleware.ForwardedHeadersMiddleware",
    "iku_portal.middleware.RequestTimeoutMiddleware",
    "iku_portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "iku_portal.middleware.ChosenLanguageMiddleware",
    "iku_portal.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "iku_portal.middleware.FailurePageMiddleware",
    # Writes in one transaction per request, reads in none: after FailurePageMiddleware (see
    # the class), before django-axes.
    "iku_portal.middleware.AtomicWritesMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "iku_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iku_portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "iku_portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Requests that may write run in one transaction, requests that only read in none
# (iku_portal.middleware.AtomicWritesMiddleware), instead of ATOMIC_REQUESTS for all.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite (make run) with the task worker writing beside the web server: write-ahead
    # logging lets readers go on while one writes (a request that only reads takes no
    # transaction), each transaction takes its write lock when it begins (never a failed
    # upgrade from a read lock), and a writer waits its turn; the worker never holds one while
    # it renders.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
# Each language by its own name, as a language switch shows them.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

STORAGES = {
    # Signed PDFs, renders, evidence, imports and exports go through this backend, written
    # whole or not at all (core.storage); object storage by settings alone.
    "default": {
        "BACKEND": env.str("FILE_STORAGE", default="core.storage.WholeFileSystemStorage"),
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}

# Media (signed PDFs, renders, evidence) on S3-compatible object storage, set by environment
# alone: FILE_STORAGE=storages.backends.s3.S3Storage with S3_BUCKET (and S3_ENDPOINT_URL for a
# non-AWS store); the keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as boto3 reads
# them. Files are private: links to them are signed and expire.
AWS_STORAGE_BUCKET_NAME = env.str("S3_BUCKET", default="")
AWS_S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("S3_REGION", default="") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = 300
AWS_S3_FILE_OVERWRITE = False

# The public address printed (as a QR code) on signed PDFs, for their verification page.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Largest PDF the verification page accepts for comparison.
VERIFY_UPLOAD_MAX_BYTES = env.int("VERIFY_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# Public pages limited per address (core.ratelimit), counted in the cache: the process's own
# memory by default; several app servers share one through CACHE_URL (e.g. redis://…).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# A running task notes a sign of life every TASK_HEARTBEAT_SECONDS; one not heard of for
# TASK_LEASE_SECONDS has lost its worker (killed, out of memory): failed or asked again.
# A request still running after this is stopped with a clear page (under gunicorn), before
# gunicorn's own timeout (GUNICORN_TIMEOUT, 60 s) kills the worker; 0 turns it off.
REQUEST_TIMEOUT_SECONDS = env.float(
    "REQUEST_TIMEOUT_SECONDS", default=max(env.float("GUNICORN_TIMEOUT", default=60) - 5, 1)
)
TASK_HEARTBEAT_SECONDS = env.float("TASK_HEARTBEAT_SECONDS", default=10)
TASK_LEASE_SECONDS = env.float("TASK_LEASE_SECONDS", default=60)

# An edited document's PDF is rendered by a worker once no edit has come for this long, so
# that its preview is usually ready when opened (off: PRERENDER_DRAFTS=0).
PRERENDER_DRAFTS = env.bool("PRERENDER_DRAFTS", default=True)

# PAdES signatures (core.pades): the installation's seal as a PKCS#12 file and its passphrase.
# With DEBUG on and none named, the demo seal of `manage.py make_demo_ca` in DEMO_CA_DIR is used.
SIGNING_SEAL_PKCS12 = env.str("SIGNING_SEAL_PKCS12", default="")
SIGNING_SEAL_PASSPHRASE = env.str("SIGNING_SEAL_PASSPHRASE", default="")
DEMO_CA_DIR = env.str("DEMO_CA_DIR", default=str(BASE_DIR / ".demo-ca"))
# Root certificates (PEM files) a signature on an uploaded PDF is checked against, besides the
# seal's own issuers.
SIGNING_TRUST_ROOTS = env.list("SIGNING_TRUST_ROOTS", default=[])
# Who signs the PDFs: "seal" (the installation's seal, or a head's own certificate) or "bsre"
# (the national TTE service: the head types their NIK and BSrE passphrase at each signing).
PDF_SIGNING_BACKEND = env.str("PDF_SIGNING_BACKEND", default="seal")
BSRE_URL = env.str("BSRE_URL", default="")
BSRE_CLIENT_ID = env.str("BSRE_CLIENT_ID", default="")
BSRE_CLIENT_SECRET = env.str("BSRE_CLIENT_SECRET", default="")
BSRE_TIMEOUT = env.int("BSRE_TIMEOUT", default=60)
# The key (Fernet, urlsafe base64 of 32 bytes) signers' own certificates are kept encrypted
# with; without it (outside DEBUG) they cannot be uploaded.
SIGNING_KEY_ENCRYPTION_KEY = env.str("SIGNING_KEY_ENCRYPTION_KEY", default="")
# Signing asks a second factor: a code from an authenticator app (TOTP), enrolled once, or one
# of its recovery codes. On for every signer unless turned off (SIGNING_SECOND_FACTOR=0).
SIGNING_SECOND_FACTOR = env.bool("SIGNING_SECOND_FACTOR", default=True)
OTP_TOTP_ISSUER = "IKU Portal"
# An RFC 3161 timestamp server: signatures are then PAdES B-T (their time vouched for by it);
# without one, B-B (the signer's own clock).
SIGNING_TIMESTAMP_URL = env.str("SIGNING_TIMESTAMP_URL", default="")
SIGNING_TIMESTAMP_TIMEOUT = env.int("SIGNING_TIMESTAMP_TIMEOUT", default=10)
# PAdES B-LT: embed the certificate chain and the revocation data its issuers publish.
SIGNING_LONG_TERM = env.bool("SIGNING_LONG_TERM", default=False)
PRERENDER_SETTLE_SECONDS = env.float("PRERENDER_SETTLE_SECONDS", default=5)
VERIFY_LOOKUPS_PER_MINUTE = env.int("VERIFY_LOOKUPS_PER_MINUTE", default=60)
PASSWORD_RESETS_PER_HOUR = env.int("PASSWORD_RESETS_PER_HOUR", default=10)  # per address
PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR = env.int("PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR", default=3)

# Work off the request (PDF renders): Django's tasks API. The database backend needs nothing
# more than the portal's database and a worker (`manage.py db_worker`, started by `make run`);
# TASK_BACKEND switches to another, e.g. django_tasks_rq.RQBackend, by settings alone.
TASKS = {
    "default": {
        "BACKEND": env.str("TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Largest request body read at all: anything bigger is refused (413) before it is read.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=VERIFY_UPLOAD_MAX_BYTES + 1024 * 1024)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: safe by default when DEBUG is off; each switch can be turned off by the
# environment for a deployment behind a proxy that already does the job.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# The proxy's own addresses (the same list gunicorn reads): forwarded headers are believed only
# from them (iku_portal.middleware.ForwardedHeadersMiddleware, core.proxy.client_ip).
FORWARDED_ALLOW_IPS = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1", "::1"])
# Login attempts per account from every address together, besides the limit per account and
# address (django-axes): rotating addresses gives no unlimited guesses, and an office behind
# one NAT is not locked out for long (the window).
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=30)
LOGIN_ACCOUNT_WINDOW_MINUTES = env.int("LOGIN_ACCOUNT_WINDOW_MINUTES", default=15)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one login name
# from one address, that pair is refused for LOGIN_COOLOFF_MINUTES, even with the right
# password. Every failure is recorded (admin: Axes, access attempts and failures).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed attempt, with time and address
AXES_CLIENT_IP_CALLABLE = "core.proxy.client_ip"

# Content-Security-Policy: scripts and styles from the portal itself only, never inline script.
# Inline style attributes stay allowed (Bootstrap's components set them from script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# E-mail (password reset). Console (printed to the log) by default with DEBUG; otherwise set
# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.go.id:587. Without it in production,
# the password-reset pages are not offered.
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "")
PASSWORD_RESET_OFFERED = bool(EMAIL_URL)
if EMAIL_URL:
    globals().update(env.email_url_config(EMAIL_URL))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="IKU Portal <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
