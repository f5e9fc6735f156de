"""The image's HEALTHCHECK: GET /health/live on the local server, without Django.

Sends the first name of ALLOWED_HOSTS as the Host header, so the probe passes Django's
host check whatever the deployment's host name is.
"""

import os
import sys
import urllib.request

bind = os.environ.get("ZICHT_BIND", "127.0.0.1:8000")
port = bind.rsplit(":", 1)[-1]
host = next((h.lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",")
             if h.strip() and h.strip() != "*"), "localhost")
request = urllib.request.Request(f"http://127.0.0.1:{port}/health/live",  # noqa: S310
                                 headers={"Host": host.strip()})
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except Exception:  # noqa: BLE001 (any failure is "unhealthy")
    sys.exit(1)
