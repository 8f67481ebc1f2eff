# Superset configuration for the iot-pipeline dashboard.
#
# Loaded through SUPERSET_CONFIG_PATH by `iot services up superset` (native
# virtualenv and Docker alike). Everything that differs between machines comes
# from the environment, which that command sets:
#   SUPERSET_HOME        folder for Superset's own state (DATA_DIR/services/superset)
#   SUPERSET_SECRET_KEY  signs sessions and encrypts stored database passwords;
#                        the service generates one into SUPERSET_HOME/secret-key
#                        when the user sets none, so nothing is hard-coded here.
import os
import sys

SUPERSET_HOME = os.environ.get("SUPERSET_HOME") or os.path.join(os.path.expanduser("~"), ".superset")

SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY", "")
if not SECRET_KEY:
    sys.exit(
        "superset_config.py: SUPERSET_SECRET_KEY is not set. "
        "Start Superset with `npx iot services up superset`, which generates and keeps one, "
        "or export SUPERSET_SECRET_KEY (e.g. `openssl rand -base64 42`)."
    )

# Superset's own metadata (users, charts, dashboards) lives beside the pipeline's
# data, not in ~/.superset, so `make clean`-style resets and scratch test folders
# own all of it.
SQLALCHEMY_DATABASE_URI = os.environ.get(
    "SUPERSET_METADATA_URI", "sqlite:///" + os.path.join(SUPERSET_HOME, "superset.db")
)

# The embedded default keeps the pipeline's tables in a SQLite file; Superset
# refuses SQLite data sources unless this is off.
PREVENT_UNSAFE_DB_CONNECTIONS = False

# No outbound network: no telemetry, no feature flags or maps fetched from
# elsewhere, no example data. The machine may have no internet at all.
SCARF_ANALYTICS = False
FEATURE_FLAGS = {
    "ALERT_REPORTS": False,
    "EMBEDDED_SUPERSET": False,
}
MAPBOX_API_KEY = ""

# One process, no Celery or Redis: results are small, the cache stays in memory
# of the worker and results are never stored for async queries.
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 300}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
FILTER_STATE_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 86400}
EXPLORE_FORM_DATA_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 86400}
RATELIMIT_STORAGE_URI = "memory://"

# Served on 127.0.0.1 over plain HTTP: the session cookie must work without TLS.
SESSION_COOKIE_SECURE = False

# The browser may only load from Superset itself. The 6.0 frontend renders a
# telemetry pixel (scarf.sh) and links web fonts unconditionally; a same-origin
# Content-Security-Policy keeps the browser from fetching them.
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}

# Logs to stdout, which the service writes to SUPERSET_HOME/superset.log.
ENABLE_TIME_ROTATE = False
