"""Whether an MLflow tracking server answers at all, checked once with a short timeout.

MLflow's client retries every HTTP request with exponential backoff
(``MLFLOW_HTTP_REQUEST_MAX_RETRIES`` = 7, ``MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR`` = 2, see
``mlflow/environment_variables.py``): against a server that is down, one call takes minutes.
The pipeline (:mod:`ray_workloads.pipeline.tracking`) and the Serve apps
(:mod:`ray_workloads.serve.model_tracking`) check reachability first instead.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

REACHABLE_TIMEOUT_S = 5.0
"""How long the check waits for a TCP connection to an http(s) tracking server."""


class TrackingServerUnreachable(ConnectionError):
    """``MLFLOW_TRACKING_URI`` names an http(s) server that accepts no connection."""


def check_reachable(uri: str, timeout_s: float = REACHABLE_TIMEOUT_S) -> None:
    """Opens (and closes) one TCP connection to an ``http(s)`` tracking URI's host and port.

    Other URIs (``file:``, ``sqlite:``, ``databricks``) are left to MLflow.

    Raises:
        TrackingServerUnreachable: no connection within ``timeout_s`` seconds (refused, unknown
            host, timeout); the message names ``MLFLOW_TRACKING_URI``, its value and the cause.
    """
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https"):
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with socket.create_connection((parts.hostname or "", port), timeout=timeout_s):
            pass
    except (OSError, ValueError) as err:
        cause = "no answer" if isinstance(err, TimeoutError) else (getattr(err, "strerror", None) or str(err))
        raise TrackingServerUnreachable(
            f"MLFLOW_TRACKING_URI={uri}: no MLflow tracking server reachable ({cause} within {timeout_s:g} s); "
            "start the server, fix the URI, or unset MLFLOW_TRACKING_URI to run without tracking"
        ) from None
