"""Settings, read from the environment (Open Zaak style).

Without ``DATABASE_URL`` Zicht runs on an embedded SQLite file in
``ZICHT_DATA_DIR``; with it, on PostgreSQL. Production is the default:
HTTPS-only cookies, HSTS and no debug pages. ``ZICHT_HTTPS=false`` is for the
demo and the tests on http://127.0.0.1.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ZICHT_DATA_DIR", Path.cwd() / "var"))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("ZICHT_DEBUG", False)
HTTPS = env_bool("ZICHT_HTTPS", True)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    # First, so that its templates override those of two_factor and the admin.
    "zicht.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "django_otp_webauthn",
    "formtools",
    "axes",
    "django_zxcvbn_password_validator",  # for its translated advice
    "csp",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "zicht.accounts",
    "zicht.audit",
    "zicht.directory",
    "zicht.households",
    "zicht.consent",
    "zicht.trajectories",
    "zicht.contacts",
    "zicht.conferences",
    "zicht.plans",
    "zicht.stagnations",
    "zicht.moves",
    "zicht.rhythm",
    "zicht.notifications",
    "zicht.safety",
    "zicht.signals",
    "zicht.access",
    "zicht.evaluation",
    "zicht.network",
    "zicht.client",
    "zicht.demo",
    "zicht.api",
    "zicht.operations",
]

MIDDLEWARE = [
    # First: one log line per request, whatever answers it (also the HTTPS redirect).
    "zicht.operations.logs.RequestLogMiddleware",
    # Early, so that even an answer of a middleware below it carries the version.
    "zicht.api.middleware.ApiVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zicht.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before the professionals' session rules: a client's session has its own (shorter).
    "zicht.client.middleware.ClientAreaMiddleware",
    "zicht.access.middleware.SessionSecurityMiddleware",
    "zicht.core.middleware.RequireTwoFactorMiddleware",
    "zicht.directory.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the session, CSRF and sign-in: a second identical write gets the first's result.
    "zicht.core.idempotency.IdempotencyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "zicht.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zicht.urls"
FORM_RENDERER = "zicht.core.forms.ZichtFormRenderer"
WSGI_APPLICATION = "zicht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zicht.core.context_processors.actor",
                "zicht.notifications.context_processors.unread",
            ],
        },
    },
]

(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
# Connections live a minute and are checked before reuse, so a restarted PostgreSQL costs
# only the requests in flight (issue 14).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'zicht.sqlite3'}", conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compiling: Zicht's queries are short, and compiling one took longer than
    # running it (38 of Vandaag's 266 ms, bench/bench_load.py). PgBouncer drops this
    # startup option: behind it, set jit = off on the role or server (README).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if os.environ.get("ZICHT_DB_POOLER", "") == "transaction":
    # Behind PgBouncer in transaction mode a server-side cursor (a named cursor lives
    # across statements) may land on another server connection.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One cache all processes share, for the rate limits (API, zorg melden) above all: the
# database by default, so nothing else is needed; Redis when ZICHT_CACHE_URL names one
# (redis://host:6379/0, with the package: pip install 'zicht[redis]').
if CACHE_URL := os.environ.get("ZICHT_CACHE_URL", ""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "zicht_cache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Issue 15.5: the organisation's own OpenID Connect provider (mozilla-django-oidc), per
    # organisation in directory.SingleSignOn; a refusal counts toward axes' lock-out.
    "zicht.directory.oidc.SingleSignOnBackend",
]
# mozilla-django-oidc's settings that are the same for every organisation's provider.
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
OIDC_CREATE_USER = False  # directory.sso decides, per organisation
#: Seconds to wait for the provider (discovery, token, keys, userinfo).
ZICHT_SSO_TIMEOUT = float(os.environ.get("ZICHT_SSO_TIMEOUT", "5"))
OIDC_TIMEOUT = ZICHT_SSO_TIMEOUT
#: Check the provider's TLS certificate; false only against a test provider.
OIDC_VERIFY_SSL = env_bool("ZICHT_SSO_VERIFY_TLS", True)
#: How many sign-ins one professional may start at once (tabs): older states are dropped.
OIDC_MAX_STATES = 5
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn's bundled lists hold the most common breached passwords, names and keyboard
    # patterns: "Welkom123456" and "aaaaaaaaaaaa" pass the rules above, not this one.
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
]
PASSWORD_MINIMAL_STRENGTH = 3
PASSWORD_EXTRA_DICTIONARY = ["zicht", "veilig", "thuis", "opvang", "ondersteuner"]
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "two_factor:login"
OTP_TOTP_ISSUER = "Zicht"
TWO_FACTOR_REMEMBER_COOKIE_AGE = None
# Passkeys (django-otp-webauthn) as a second factor beside TOTP; the relying party is the
# host name the professionals use, the origins its full addresses (https in production).
OTP_WEBAUTHN_RP_ID = os.environ.get("ZICHT_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = "Zicht"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [o for o in os.environ.get(
    "ZICHT_WEBAUTHN_ORIGINS", "http://localhost:8000").split(",") if o]
# Passwordless sign-in with a passkey ("Inloggen met een passkey"): the passkey with user
# verification (fingerprint, face or PIN on the device) is both factors at once, and
# phishing-resistant, which a password with a TOTP code is not. On by default; an
# installation whose policy wants the password every time sets it to false. With it on,
# django-otp-webauthn asks every new passkey to be discoverable (usable without a name).
ZICHT_PASSKEY_PASSWORDLESS = env_bool("ZICHT_PASSKEY_PASSWORDLESS", True)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = ZICHT_PASSKEY_PASSWORDLESS

# Lock out the combination of user name and address, so nobody can lock a
# supporter out of her account by guessing at it from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("ZICHT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
# The failed login's form data is kept for the admin: never the password or a code typed
# (django-two-factor-auth's wizard prefixes its fields), which is often nearly right.
AXES_SENSITIVE_PARAMETERS = ["auth-password", "token-otp_token", "backup-otp_token",
                             "otp_token", "password"]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The image collects the static files at build time, outside the data volume.
STATIC_ROOT = Path(os.environ.get("ZICHT_STATIC_ROOT", DATA_DIR / "static"))
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Security headers. Personal data is only ever served over HTTPS in production.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ZICHT_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# The probes of the container runtime and the load balancer speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/live$", r"^health/ready$", r"^health/ready/web$",
                          r"^health/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("ZICHT_SESSION_AGE", str(12 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# Issue 6 (ASVS 3.3): a session ends after 15 idle minutes and after 12 hours in any case;
# the password is asked again before revealing, exporting or changing security settings.
ZICHT_SESSION_IDLE_MINUTES = int(os.environ.get("ZICHT_SESSION_IDLE_MINUTES", "15"))
ZICHT_SESSION_ABSOLUTE_HOURS = int(os.environ.get("ZICHT_SESSION_ABSOLUTE_HOURS", "12"))
ZICHT_REAUTH_MINUTES = int(os.environ.get("ZICHT_REAUTH_MINUTES", "5"))
# The client's own pages (issue 17): a short idle session, a neutral site to flee to, and
# how long the activation link shown as a QR code holds.
ZICHT_CLIENT_SESSION_IDLE_MINUTES = int(os.environ.get("ZICHT_CLIENT_SESSION_IDLE_MINUTES", "10"))
ZICHT_CLIENT_EXIT_URL = os.environ.get("ZICHT_CLIENT_EXIT_URL", "https://www.weeronline.nl/")
ZICHT_CLIENT_ACTIVATION_MINUTES = int(os.environ.get("ZICHT_CLIENT_ACTIVATION_MINUTES", "15"))
# Her passkey's relying party: her pages may live on a neutral host of their own, so it has
# its own host name and origins (by default the professionals'). Its name is "Mijn
# afspraken" (zicht.client.passkeys), whatever the installation is called.
ZICHT_CLIENT_WEBAUTHN_RP_ID = os.environ.get("ZICHT_CLIENT_WEBAUTHN_RP_ID", OTP_WEBAUTHN_RP_ID)
ZICHT_CLIENT_WEBAUTHN_ORIGINS = [o for o in os.environ.get(
    "ZICHT_CLIENT_WEBAUTHN_ORIGINS", ",".join(OTP_WEBAUTHN_ALLOWED_ORIGINS)).split(",") if o]
# Where the QR code's activation link points: her pages' own host (e.g.
# https://mijn-afspraken.example.nl), or, unset, the host the professional is on.
ZICHT_CLIENT_BASE_URL = os.environ.get("ZICHT_CLIENT_BASE_URL", "")
ZICHT_EMERGENCY_ACCESS_HOURS = int(os.environ.get("ZICHT_EMERGENCY_ACCESS_HOURS", "4"))
# Attempts to break the glass per professional per hour, granted or refused.
ZICHT_EMERGENCY_ACCESS_ATTEMPTS = int(os.environ.get("ZICHT_EMERGENCY_ACCESS_ATTEMPTS", "5"))
# Issue 15: an invitation link works once, for this many days.
ZICHT_INVITE_DAYS = int(os.environ.get("ZICHT_INVITE_DAYS", "3"))
ZICHT_SHARING_MAX_DAYS = int(os.environ.get("ZICHT_SHARING_MAX_DAYS", "90"))
# Retention (AVG): closed trajectories are pseudonymised, later removed; the access log
# is kept for its own period (NEN 7513: five years).
ZICHT_PSEUDONYMISE_AFTER_DAYS = int(os.environ.get("ZICHT_PSEUDONYMISE_AFTER_DAYS", "365"))
ZICHT_REMOVE_AFTER_DAYS = int(os.environ.get("ZICHT_REMOVE_AFTER_DAYS", str(15 * 365)))
ZICHT_ACCESS_LOG_KEEP_DAYS = int(os.environ.get("ZICHT_ACCESS_LOG_KEEP_DAYS", str(5 * 366)))
# Uploaded files (scanned consent forms) are private: kept under ZICHT_DATA_DIR and never
# served as static or media files; only a view that asks the policy hands them out.
MEDIA_ROOT = DATA_DIR / "private"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zicht@localhost")
ZICHT_BASE_URL = os.environ.get("ZICHT_BASE_URL", "http://127.0.0.1:8000")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("ZICHT_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Signals (signalen): the coordinator responds to an acute signal the same day and to
# another within this many working days (issue 4; configurable per deployment).
ZICHT_SIGNAL_ACUTE_WORKING_DAYS = int(os.environ.get("ZICHT_SIGNAL_ACUTE_WORKING_DAYS", "0"))
ZICHT_SIGNAL_WORKING_DAYS = int(os.environ.get("ZICHT_SIGNAL_WORKING_DAYS", "1"))
# "Zorg melden" attempts per professional and per address per hour.
ZICHT_ZORG_MELDEN_LIMIT = int(os.environ.get("ZICHT_ZORG_MELDEN_LIMIT", "10"))
# Zoeken finds only households the professional may open, but a name or birth date typed
# over and over is still a probe: this many searches per professional per 10 minutes.
ZICHT_SEARCH_LIMIT = int(os.environ.get("ZICHT_SEARCH_LIMIT", "60"))
ZICHT_ZORG_MELDEN_WINDOW = int(os.environ.get("ZICHT_ZORG_MELDEN_WINDOW", "3600"))
# A "zorg melden" report shows its reporter "Ontvangen", then after this many days
# "Afgehandeld", whatever happens to it (known or unknown person alike).
ZICHT_ZORG_MELDEN_RECEIPT_DAYS = int(os.environ.get("ZICHT_ZORG_MELDEN_RECEIPT_DAYS", "14"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zicht.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["zicht.api.permissions.IsVerifiedProfessional"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "zicht.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "zicht.api.exceptions.exception_handler",
    # Counted in the shared cache (CACHES), so the limits hold across processes and hosts.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("ZICHT_API_RATE_ANON", "30/minute"),
        "user": os.environ.get("ZICHT_API_RATE_USER", "600/minute"),
    },
}
#: Wrong API tokens from one address within 15 minutes before it gets 429 for a while.
ZICHT_API_TOKEN_FAILURE_LIMIT = int(os.environ.get("ZICHT_API_TOKEN_FAILURE_LIMIT", "20"))
#: API tokens (django-rest-knox, issue 15.6): only a digest is stored; every token
#: expires, at the latest after this many days.
ZICHT_API_TOKEN_MAX_DAYS = int(os.environ.get("ZICHT_API_TOKEN_MAX_DAYS", "365"))
#: How many unexpired tokens one professional may hold at once.
ZICHT_API_TOKEN_LIMIT = int(os.environ.get("ZICHT_API_TOKEN_LIMIT", "5"))
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model name)
# knox's own migrations create its token table even when the model is swapped out; that
# unused table's key on the user blocked emptying the tables between tests (PostgreSQL).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=min(90, ZICHT_API_TOKEN_MAX_DAYS)),
    # A leaked key is recognisable (secret scanners, logs) by its prefix.
    "TOKEN_PREFIX": "zicht_",
    "AUTH_HEADER_PREFIX": "Token",
}
#: The full version in the ``API-Version`` header of every API answer and in the schema;
#: the major version is the one in the path (``/api/v1/``).
ZICHT_API_VERSION = "1.0.0"
SPECTACULAR_SETTINGS = {
    "TITLE": "Zicht API",
    "DESCRIPTION": "Keep sight of safety for a year after the shelter. "
    "Every endpoint follows the same need-to-know rules as the pages: "
    "households your organisation is not involved with answer 404. "
    "Errors are problem details (RFC 9457, application/problem+json).",
    "VERSION": ZICHT_API_VERSION,
    # Paths relative to the server, which carries the major version (Dutch API Design
    # Rules, /core/uri-version); relative, so it is right for every installation.
    "SERVERS": [{"url": "/api/v1", "description": "this installation"}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "CONTACT": {
        "name": os.environ.get("ZICHT_API_CONTACT_NAME", "Functioneel beheer Zicht"),
        "email": os.environ.get("ZICHT_API_CONTACT_EMAIL", "beheer@zicht.invalid"),
        "url": os.environ.get("ZICHT_API_CONTACT_URL", "https://zicht.invalid/"),
    },
    # Documented for JSON, what clients send; DRF's form parsers stay for old clients.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zicht.api.schema.add_contract",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "zicht.directory.models.OrganisationKind",
        "MembershipRoleEnum": "zicht.directory.models.Role",
        "RoleEnum": "zicht.households.models.PersonRole",
        "GoalStatusEnum": "zicht.plans.models.GoalStatus",
        "ActionStatusEnum": "zicht.plans.models.ActionStatus",
        "HandoverStateEnum": "zicht.trajectories.models.HandoverState",
        "MoveStateEnum": "zicht.moves.models.MoveState",
        "HandoverCategoryEnum": "zicht.moves.forms.HANDOVER_CATEGORIES",
        "CategoryEnum": "zicht.access.models.Category",
        "ScoreMomentEnum": "zicht.plans.models.ScoreMoment",
        "MomentEnum": "zicht.safety.models.AssessmentMoment",
        "SurveyMomentEnum": "zicht.evaluation.api.SURVEY_MOMENTS",
        "AgreementOutcomeEnum": "zicht.network.models.EvaluationOutcome",
        "OutcomeEnum": "zicht.signals.models.Outcome",
        "ReviewOutcomeEnum": "zicht.plans.models.ReviewOutcome",
        "ReviewMomentEnum": "zicht.plans.models.ReviewMoment",
        "ConditionStatusEnum": "zicht.plans.models.ConditionStatus",
        "ConferenceStateEnum": "zicht.conferences.models.ConferenceState",
        "SelfScanStateEnum": "zicht.network.models.SelfScanState",
    },
}

# Log lines never carry personal data: only ids, and no request bodies or query strings
# (zicht.operations.logs). JSON for production, text for the demo.
from zicht.operations.logs import logging_config  # noqa: E402

LOGGING = logging_config(fmt=os.environ.get("ZICHT_LOG_FORMAT", "json"),
                         level=os.environ.get("ZICHT_LOG_LEVEL", "INFO"))

# Issue 14: into service. Metrics for Prometheus at /metrics, only with a bearer token.
ZICHT_METRICS = env_bool("ZICHT_METRICS", False)
ZICHT_METRICS_TOKEN = os.environ.get("ZICHT_METRICS_TOKEN", "")
if ZICHT_METRICS:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
    MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
# /health/ready wants a task worker to have started or finished a task this recently.
ZICHT_HEALTH_WORKER_SECONDS = int(os.environ.get("ZICHT_HEALTH_WORKER_SECONDS", "900"))
# A form or API write whose first request is still not done after this long died with its
# web process (core.idempotency): the same request again is let through. Longer than any
# request lasts (ZICHT_WEB_TIMEOUT), short enough for a professional to try again.
ZICHT_IDEMPOTENCY_ABANDONED_SECONDS = int(
    os.environ.get("ZICHT_IDEMPOTENCY_ABANDONED_SECONDS", "120"))
# The evaluation's indicators are kept this long in the shared cache per scope, period and
# language: one regional dashboard costs ~0.7 s of database time at 50,000 households, and
# policy staff reading it need no figures fresher than a few minutes. 0 computes each time.
ZICHT_INDICATOR_CACHE_SECONDS = int(os.environ.get("ZICHT_INDICATOR_CACHE_SECONDS", "300"))
# How long Vandaag keeps the order of the team's households (their ids only; the rows of a
# page are read afresh through the access policy): sorting a large team is the costliest
# read of a supporter's day (issue 14).
ZICHT_TEAM_ORDER_SECONDS = int(os.environ.get("ZICHT_TEAM_ORDER_SECONDS", "60"))
# Where the field keys live when not in ZICHT_FIELD_KEYS (default ZICHT_DATA_DIR/field_keys).
ZICHT_FIELD_KEY_FILE = os.environ.get("ZICHT_FIELD_KEY_FILE", "")
if SENTRY_DSN := os.environ.get("SENTRY_DSN", ""):
    from zicht.operations import sentry  # noqa: E402

    sentry.init(SENTRY_DSN)


# Issue 5: warnings and the out-of-sight status around handovers.
ZICHT_AFTERCARE_WARNING_DAYS = int(os.environ.get("ZICHT_AFTERCARE_WARNING_DAYS", "14"))
ZICHT_MOVE_OUT_OF_SIGHT_DAYS = int(os.environ.get("ZICHT_MOVE_OUT_OF_SIGHT_DAYS", "14"))
