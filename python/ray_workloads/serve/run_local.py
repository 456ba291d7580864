"""``npm run serve -- FILE``: runs a Serve config file on a local Ray and says how to query it.

    python -m ray_workloads.serve.run_local dist/local/serve-configs/text-service.yaml
        [--http-port 8000] [--num-cpus 8] [--timeout-s 600]

The file is deployed unchanged (the ``serveConfigV2`` of a RayService, see
:class:`~ray_workloads.serve.local_serve.LocalServe`). Once every application is RUNNING or
DEPLOY_FAILED it prints, per routed application, the routes its FastAPI app serves (read from
the app's own ``/openapi.json``) with a ``curl`` line each, then serves until Ctrl-C. Exits 1
when ``serve run`` rejects the file or an application failed to deploy (with Serve's message),
2 on a file that is not a Serve config.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import requests
import yaml

from ray_workloads.serve.local_serve import LocalServe

EXAMPLE_BODIES = {
    "TextsBody": {"texts": ["Hello, world!"]},
    "GenerateBody": {"prompt": "Hello"},
    "SearchBody": {"query": "Hello, world!", "k": 3},
}
"""A request body per schema name of this package's apps, for the printed curl lines."""


def applications_of(config_file: Path) -> list[dict[str, Any]]:
    """The ``applications`` of a Serve config file.

    Args:
        config_file: a Serve config (YAML).

    Returns:
        Its applications, as written.

    Raises:
        ValueError: the file is not YAML or has no ``applications`` list (the message names it).
    """
    try:
        config = yaml.safe_load(config_file.read_text())
    except (OSError, yaml.YAMLError) as err:
        raise ValueError(f"{config_file}: cannot read a Serve config ({' '.join(str(err).split())})") from None
    apps = config.get("applications") if isinstance(config, dict) else None
    if not isinstance(apps, list) or not apps:
        raise ValueError(f"{config_file}: expected a Serve config with an 'applications' list")
    return apps


def routes(base_url: str) -> list[str]:
    """``curl`` lines for every route of the FastAPI app at ``base_url``.

    Args:
        base_url: the application's URL (proxy URL + route prefix).

    Returns:
        One line per (method, path) in the app's OpenAPI document, with an example body for
        POST routes whose schema this package knows.
    """
    try:
        # A scale-to-zero application starts its first replica on this request.
        document = requests.get(f"{base_url}/openapi.json", timeout=240).json()
    except (requests.RequestException, ValueError) as err:
        return [f"curl -s {base_url}/healthz   (no OpenAPI document: {type(err).__name__})"]
    lines = []
    for path, methods in document.get("paths", {}).items():
        for method, operation in methods.items():
            ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            body = EXAMPLE_BODIES.get(ref.rsplit("/", 1)[-1])
            data = f" -H 'content-type: application/json' -d '{json.dumps(body)}'" if body else ""
            lines.append(f"curl -s -X {method.upper()} {base_url}{path}{data}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Deploys the file, prints how to query it, serves until interrupted.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv[1:]``.

    Returns:
        The exit status: 0 after Ctrl-C, 1 when an application failed to deploy, 2 on a bad file.
    """
    parser = argparse.ArgumentParser(prog="npm run serve --", description=__doc__.split("\n\n")[0])
    parser.add_argument("config", type=Path, help="a Serve config file, e.g. dist/local/serve-configs/text-service.yaml")
    parser.add_argument("--http-port", type=int, default=8000, help="Serve HTTP port (default 8000, as the configs say)")
    parser.add_argument("--num-cpus", type=int, default=8, help="logical CPUs of the local Ray (default 8)")
    parser.add_argument("--timeout-s", type=float, default=600, help="how long deployment may take (default 600)")
    args = parser.parse_args(argv)
    try:
        apps = applications_of(args.config)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    with LocalServe(num_cpus=args.num_cpus, http_port=args.http_port) as local:
        since = time.time()
        try:
            local.deploy(args.config)
            settled = local.wait_settled({app["name"] for app in apps}, since, args.timeout_s)
        except (RuntimeError, TimeoutError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        failed = {name: app["message"] for name, app in settled.items() if app["status"] != "RUNNING"}
        for name, message in failed.items():
            print(f"{name}: DEPLOY_FAILED: {message}", file=sys.stderr)
        for app in apps:
            prefix = app.get("route_prefix", "/")
            if app["name"] in failed:
                continue
            if prefix is None:
                print(f"{app['name']}: RUNNING, no HTTP route (route_prefix: null; reached through another app)")
                continue
            print(f"{app['name']}: RUNNING at {local.http_url}{prefix.rstrip('/') or ''}")
            for line in routes(local.http_url + prefix.rstrip("/")):
                print(f"  {line}")
        if failed:
            return 1
        print("Serving; Ctrl-C stops.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
