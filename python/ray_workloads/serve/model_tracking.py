"""Which model version a Serve application serves, recorded in MLflow when ``MLFLOW_TRACKING_URI`` is set.

One MLflow run per (application, version) in the experiment ``serve-models``, tagged
``ray_gitops.serve_app`` and ``ray_gitops.model_version``, with the model's name, the folder it
was loaded from and its output width as parameters. Every replica calls
:func:`record_model_version` at start-up; the run is found by its tags, so replicas and restarts
add nothing twice (two replicas starting in the same instant may both create it: the older run
is kept, the other deleted). Without the variable nothing is imported or logged; a tracking
server that cannot be reached is logged as a warning and never fails the replica.

Upstream: https://mlflow.org/docs/latest/api_reference/python_api/mlflow.client.html
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ray_workloads.tracking_server import check_reachable

if TYPE_CHECKING:
    from mlflow.tracking import MlflowClient

EXPERIMENT = "serve-models"
APP_TAG = "ray_gitops.serve_app"
VERSION_TAG = "ray_gitops.model_version"

logger = logging.getLogger(__name__)


def record_model_version(app: str, version: str, params: Mapping[str, object], environ: Mapping[str, str] = os.environ) -> str | None:
    """Finds or creates the run of ``app`` serving ``version``; returns its run id (None when not tracked)."""
    uri = environ.get("MLFLOW_TRACKING_URI", "").strip()
    if not uri:
        return None
    from mlflow.entities import Param
    from mlflow.exceptions import MlflowException
    from mlflow.tracking import MlflowClient

    try:
        check_reachable(uri)  # fails in seconds where MLflow's client would retry for minutes
        client = MlflowClient(uri)
        experiment = client.get_experiment_by_name(EXPERIMENT)
        experiment_id = experiment.experiment_id if experiment else _create_experiment(client)
        query = f"tags.`{APP_TAG}` = '{app}' and tags.`{VERSION_TAG}` = '{version}'"
        found = client.search_runs([experiment_id], filter_string=query, order_by=["attributes.start_time ASC"])
        if found:
            return found[0].info.run_id
        run = client.create_run(experiment_id, run_name=f"{app} {version}", tags={APP_TAG: app, VERSION_TAG: version})
        client.log_batch(run.info.run_id, params=[Param(k, str(v)) for k, v in sorted(params.items())])
        client.set_terminated(run.info.run_id)
        oldest = client.search_runs([experiment_id], filter_string=query, order_by=["attributes.start_time ASC"])[0].info.run_id
        if oldest != run.info.run_id:
            client.delete_run(run.info.run_id)
        return oldest
    except (MlflowException, OSError) as err:
        logger.warning("MLflow at %s: model version of %s not recorded: %s", uri, app, err)
        return None


def _create_experiment(client: MlflowClient) -> str:
    from mlflow.exceptions import MlflowException

    try:
        return client.create_experiment(EXPERIMENT)
    except MlflowException:  # created by another replica meanwhile
        return client.get_experiment_by_name(EXPERIMENT).experiment_id
