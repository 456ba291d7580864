"""The Serve configs of ``test/fixtures/ray-serve/validator-cases.json`` against the pinned Ray's own
``ServeDeploySchema``: a case with ``refusedAt`` paths is one Ray refuses, the others Ray accepts.
The same cases are checked against ``serve-validators.ts`` in
``test/validation/ray-serve/serve-validators.test.ts``, so the TypeScript copies of Ray's
validators refuse what Ray refuses and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ray.serve.schema import ServeDeploySchema

CASES = json.loads((Path(__file__).resolve().parents[2] / "test" / "fixtures" / "ray-serve" / "validator-cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["title"] for c in CASES])
def test_ray_refuses_exactly_the_refused_cases(case: dict) -> None:
    if case["refusedAt"]:
        with pytest.raises(ValueError):
            ServeDeploySchema.parse_obj(case["config"])
    else:
        ServeDeploySchema.parse_obj(case["config"])
