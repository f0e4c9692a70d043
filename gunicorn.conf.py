"""Gunicorn settings for production; `gunicorn iku_portal.wsgi` reads this file.

Forwarded headers (X-Forwarded-Proto, X-Forwarded-For, SCRIPT_NAME) are trusted only when
BEHIND_TLS_PROXY is on, and then only from FORWARDED_ALLOW_IPS (the proxy's own addresses,
127.0.0.1 by default). Without a proxy in front nobody can claim a request came over HTTPS.
"""

import os


def _on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Refuse oversized request lines and headers in the server already.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

if _on("BEHIND_TLS_PROXY"):
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
    forwarder_headers = ""
