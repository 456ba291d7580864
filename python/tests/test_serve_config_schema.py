"""The committed Serve config schema is what python/scripts/serve_config_schema.py generates from
the installed (pinned) Ray: a Ray bump without ``npm run serve-schema`` fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "serve_config_schema.py"


def _generator():
    spec = importlib.util.spec_from_file_location("serve_config_schema", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_schema_is_what_the_pinned_ray_generates(tmp_path: Path) -> None:
    generator = _generator()
    fresh = tmp_path / "serve-config.schema.json"
    assert generator.main(["--output", str(fresh)]) == 0
    assert fresh.read_bytes() == generator.OUTPUT.read_bytes(), "run npm run serve-schema and commit the result"


def test_unknown_keys_say_what_ray_does_with_them() -> None:
    schema = _generator().build_schema()
    definitions = schema["definitions"]
    # Ray's LoggingConfig forbids extra keys; DeploymentSchema and AutoscalingConfig drop them.
    assert definitions["LoggingConfig"]["x-ray-extra"] == "forbid"
    assert definitions["DeploymentSchema"]["x-ray-extra"] == "ignore"
    assert definitions["AutoscalingConfig"]["x-ray-extra"] == "ignore"
    models = [node for node in [schema, *definitions.values()] if "x-ray-extra" in node]
    assert all(node["additionalProperties"] is False for node in models)
    assert "target_ongoing_requests" in definitions["AutoscalingConfig"]["properties"]
