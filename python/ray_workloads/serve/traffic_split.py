"""HTTP entry of a weighted split (e.g. 90/10) between Serve applications of one model.

The versioned applications are deployed without an HTTP route (``route_prefix: null``) and
reached only through their application handles, so the split is written once, in this app's
``args.routes``, and a canary is promoted by changing two integers.
"""

from typing import Any

from fastapi import FastAPI, HTTPException
from pydantic import Field, model_validator
from ray import serve
from ray.serve import Application
from ray.serve.exceptions import RayServeException
from ray.serve.handle import DeploymentHandle

from ray_workloads.serve.app_args import AppArgs, parse_app_args
from ray_workloads.serve.texts_body import TextsBody
from ray_workloads.serve.weighted_choice import WeightedChooser


class Route(AppArgs):
    application: str = Field(min_length=1)
    """Name of a Serve application in the same Serve config."""
    weight: int = Field(ge=0, le=100)
    """Percent of requests sent to it."""


class TrafficSplitArgs(AppArgs):
    """``args`` of ``ray_workloads.serve.traffic_split:build_app``."""

    routes: list[Route] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights_are_percentages(self) -> "TrafficSplitArgs":
        names = [r.application for r in self.routes]
        if len(set(names)) != len(names):
            raise ValueError(f"routes name an application twice: {names}")
        total = sum(r.weight for r in self.routes)
        if total != 100:
            raise ValueError(
                f"route weights must sum to 100, got {total} "
                f"({', '.join(f'{r.application}={r.weight}' for r in self.routes)})"
            )
        return self


api = FastAPI(title="traffic-split")


@serve.deployment(max_ongoing_requests=256)
@serve.ingress(api)
class TrafficSplitter:
    """Chooses a route per request and forwards to that application's ``embed`` method."""

    def __init__(self, args: TrafficSplitArgs) -> None:
        self._chooser = WeightedChooser({r.application: r.weight for r in args.routes})
        self._handles: dict[str, DeploymentHandle] = {}

    def _handle(self, application: str) -> DeploymentHandle:
        # Looked up on first use: the applications of one config deploy concurrently, so a
        # target may not exist yet when this replica starts.
        if application not in self._handles:
            try:
                self._handles[application] = serve.get_app_handle(application)
            except RayServeException as err:
                raise HTTPException(
                    status_code=503,
                    detail=f"route target application '{application}' is not deployed: {err}",
                ) from None
        return self._handles[application]

    @api.post("/embed")
    async def embed(self, body: TextsBody) -> dict[str, Any]:
        application = self._chooser.choose()
        result = await self._handle(application).embed.remote(body.texts)
        return {**result, "application": application}

    @api.get("/healthz")
    def healthz(self) -> dict[str, str]:
        return {"status": "ok"}


def build_app(args: dict[str, Any]) -> Application:
    """Application builder named by the Serve config's ``import_path``.

    Args:
        args: the application's ``args`` from the Serve config (fields of :class:`TrafficSplitArgs`).

    Returns:
        The bound application Serve deploys.

    Raises:
        ValueError: a field is unknown, of the wrong type or out of range; the message names
            every bad field as ``args.<path>``.
    """
    return TrafficSplitter.bind(parse_app_args(TrafficSplitArgs, args, "traffic_split"))
