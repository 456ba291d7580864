"""Writes the JSON Schema of a Ray Serve config, generated from the installed Ray's own models.

Usage: bash python/venv.sh python/scripts/serve_config_schema.py   (``npm run serve-schema``)

Output: ``src/validation/ray-serve/serve-config.schema.json`` (committed; regenerate when the Ray
pin in python/requirements.txt moves), the schema of ``ray.serve.schema.ServeDeploySchema``: what
KubeRay sends to Serve's ``PUT /api/serve/applications/`` from a RayService's ``serveConfigV2``
and what ``serve run``/``serve deploy`` read from a file. Ray's models are pydantic v1 models
(``ray._common.pydantic_compat``), so their ``.schema()`` is the source, with these changes:

- ``autoscaling_config``: ``DeploymentSchema`` types it as a plain dict, which Ray then parses as
  ``ray.serve.config.AutoscalingConfig`` when it builds the deployment's ``DeploymentConfig``; the
  schema uses ``AutoscalingConfig``'s model so its keys are checked too.
- A field pydantic accepts ``None`` for (``Optional`` or ``default=None``) also admits ``null``.
- Defaults that are Ray's ``DEFAULT.VALUE`` sentinel ("the value set in code") are dropped:
  pydantic renders the sentinel as ``1``, which is not the default.
- A ``Union[str, Callable]`` field (an autoscaling policy, a request router class), which
  pydantic leaves out of the schema, is a string: the import path a config file gives.
- Every object that is one of Ray's models has ``additionalProperties: false``, and
  ``x-ray-extra`` records what Ray itself does with an unknown key there: ``forbid`` (Ray rejects
  the config) or ``ignore`` (Ray drops the key without a word: a misspelt or removed key then
  silently has no effect). Validators that are Python code (``@validator``/``@root_validator``,
  e.g. ``num_replicas`` versus ``autoscaling_config``) are not in the schema: they are
  ``src/validation/ray-serve/serve-validators.ts``, and the values they accept are here as
  ``x-ray-validator-facts`` (runtime_env URI protocols, log encodings, log levels, log record
  attributes), so a Ray bump updates them with the schema.
"""

from __future__ import annotations

import argparse
import collections.abc
import copy
import json
import logging
import sys
import warnings
from pathlib import Path
from typing import Any

import ray
from ray._common.pydantic_compat import BaseModel, Extra
from ray._private.runtime_env.protocol import Protocol
from ray.serve._private.utils import DEFAULT
from ray.serve.config import AutoscalingConfig
from ray.serve.schema import LOGRECORD_STANDARD_ATTRS, DeploymentSchema, EncodingType, ServeDeploySchema

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "src" / "validation" / "ray-serve" / "serve-config.schema.json"
REF = "#/definitions/{model}"


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every pydantic model reachable from ``root``'s fields, by class name."""
    found: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in found:
            return
        found[model.__name__] = model
        for field in model.__fields__.values():
            for sub in [field, *(field.sub_fields or [])]:
                candidates = [sub.type_, *getattr(sub.type_, "__args__", ())]
                for candidate in candidates:
                    if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                        visit(candidate)

    visit(root)
    return found


def _callable_field(model: type[BaseModel], name: str, field: Any) -> dict[str, Any]:
    """A ``Union[str, Callable]`` field, which pydantic leaves out: in a config it is the string."""
    args = getattr(field.outer_type_, "__args__", ())
    if not args or any(a is not str and not _is_callable_type(a) for a in args):
        raise SystemExit(f"{model.__name__}.{name}: a field pydantic cannot express that is not Union[str, Callable]")
    return {"title": field.field_info.title or name.replace("_", " ").title(), "type": "string"}


def _is_callable_type(annotation: Any) -> bool:
    return getattr(annotation, "__origin__", annotation) is collections.abc.Callable


def _adjust(node: dict[str, Any], model: type[BaseModel]) -> None:
    """Applies the module docstring's changes to the schema ``node`` of ``model``."""
    extra = model.__config__.extra
    node["additionalProperties"] = False
    node["x-ray-extra"] = "forbid" if extra == Extra.forbid else "ignore"
    for name, field in model.__fields__.items():
        prop = node.get("properties", {}).get(name)
        if prop is None:
            prop = node.setdefault("properties", {})[name] = _callable_field(model, name, field)
        if field.default is DEFAULT.VALUE:
            prop.pop("default", None)
        if field.allow_none:
            keep = {k: prop.pop(k) for k in ("title", "description", "default") if k in prop}
            branch = dict(prop)
            prop.clear()
            prop.update(keep)
            prop["anyOf"] = [*branch.get("anyOf", [branch]), {"type": "null"}]


def validator_facts() -> dict[str, Any]:
    """The values Ray's Python validators of these models accept, for serve-validators.ts."""
    return {
        # parse_uri (runtime_env working_dir/py_modules): the URI's scheme must be a Protocol.
        "runtime_env_uri_protocols": sorted(p.value for p in Protocol),
        # LoggingConfig: encoding, log_level (a name or a number of the logging module), additional_log_standard_attrs.
        "log_encodings": [e.value for e in EncodingType],
        "log_level_names": list(logging._nameToLevel),
        "log_level_numbers": sorted(logging._levelToName),
        "log_record_attributes": sorted(LOGRECORD_STANDARD_ATTRS),
    }


def build_schema() -> dict[str, Any]:
    """The Serve config schema of the installed Ray, as a JSON-serializable dict."""
    with warnings.catch_warnings():
        # request_router_class is a Callable, which JSON Schema cannot express.
        warnings.simplefilter("ignore", UserWarning)
        # Deep copies: pydantic caches the schema it returns, and it is changed below.
        schema = copy.deepcopy(ServeDeploySchema.schema(ref_template=REF))
        autoscaling = copy.deepcopy(AutoscalingConfig.schema(ref_template=REF))
    definitions = schema.pop("definitions")
    definitions.update(autoscaling.pop("definitions", {}))
    definitions["AutoscalingConfig"] = autoscaling
    prop = definitions["DeploymentSchema"]["properties"]["autoscaling_config"]
    for key in ("type", "allOf", "anyOf"):
        prop.pop(key, None)
    prop["allOf"] = [{"$ref": REF.format(model="AutoscalingConfig")}]

    models = {**_models(ServeDeploySchema), **_models(AutoscalingConfig)}
    assert DeploymentSchema.__name__ in models
    _adjust(schema, ServeDeploySchema)
    for name, node in definitions.items():
        if name in models and node.get("type") == "object":
            _adjust(node, models[name])
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$comment": (
            "Generated by python/scripts/serve_config_schema.py from Ray's models "
            "(ray.serve.schema.ServeDeploySchema); do not edit. Regenerate with npm run serve-schema."
        ),
        "x-ray-version": ray.__version__,
        "x-ray-validator-facts": validator_facts(),
        **schema,
        "definitions": dict(sorted(definitions.items())),
    }


def render(schema: dict[str, Any]) -> str:
    """The file's text: 2-space JSON, one trailing newline (stable across runs)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write (default: %(default)s)")
    args = parser.parse_args(argv)
    args.output.write_text(render(build_schema()))
    print(f"wrote {args.output} (Ray {ray.__version__})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
