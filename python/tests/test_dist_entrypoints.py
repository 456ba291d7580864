"""Cross-check with the TypeScript side: what dist/ starts must exist in python/.

Every RayJob ``spec.entrypoint`` (top-level objects, and RayJobs embedded as ``manifest``
strings in Argo workflow templates) must be ``python -m <module> ...`` with a module from this
package, and when the module (a package's ``__main__``) has a ``parse_args`` its flags must parse. Every Serve
``import_path`` in a RayService ``serveConfigV2`` must name an existing attribute.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

PYTHON_DIR = Path(__file__).resolve().parents[1]
DIST = PYTHON_DIR.parent / "dist"
ARGO_PARAMETER = re.compile(r"\{\{[^}]+\}\}")


def objects(node: Any, source: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every Kubernetes object in a YAML tree, including those inside ``manifest`` strings."""
    if isinstance(node, dict):
        if "kind" in node and "apiVersion" in node:
            yield source, node
        for key, value in node.items():
            if key == "manifest" and isinstance(value, str):
                for doc in yaml.safe_load_all(value):
                    yield from objects(doc, f"{source} (embedded manifest)")
            else:
                yield from objects(value, source)
    elif isinstance(node, list):
        for item in node:
            yield from objects(item, source)


def dist_objects(kind: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(DIST.glob("**/*.k8s.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            found += [(s, o) for s, o in objects(doc, str(path.relative_to(DIST))) if o["kind"] == kind]
    return found


def entrypoint_problem(entrypoint: str) -> str | None:
    """Why ``entrypoint`` does not run against python/, or None when it does."""
    argv = shlex.split(ARGO_PARAMETER.sub("0", entrypoint))
    if argv[:2] != ["python", "-m"] or len(argv) < 3:
        return "expected 'python -m <module> [args]'"
    spec = importlib.util.find_spec(argv[2]) if argv[2].split(".")[0] == "ray_workloads" else None
    if spec is None or spec.origin is None or PYTHON_DIR not in Path(spec.origin).resolve().parents:
        return f"module {argv[2]!r} is not in {PYTHON_DIR}"
    # `python -m <package>` runs the package's __main__ (guarded, so importing it runs nothing).
    main_module = f"{argv[2]}.__main__" if spec.submodule_search_locations is not None else argv[2]
    module = importlib.import_module(main_module)
    if hasattr(module, "parse_args"):
        try:
            module.parse_args(argv[3:])
        except SystemExit:
            return f"{argv[2]} rejects the arguments {argv[3:]}"
    return None


def import_path_problem(import_path: str) -> str | None:
    module_name, _, attribute = import_path.partition(":")
    if not attribute:
        return "expected 'module:attribute'"
    if importlib.util.find_spec(module_name) is None:
        return f"module {module_name!r} not found"
    if not hasattr(importlib.import_module(module_name), attribute):
        return f"module {module_name!r} has no attribute {attribute!r}"
    return None


def test_every_rayjob_entrypoint_resolves_to_a_module_in_python() -> None:
    jobs = dist_objects("RayJob")
    problems = [
        f"{source}: RayJob {job['metadata'].get('name') or job['metadata'].get('generateName')}: "
        f"{job['spec']['entrypoint']!r}: {problem}"
        for source, job in jobs
        if (problem := entrypoint_problem(job["spec"].get("entrypoint", ""))) is not None
    ]
    assert not problems, "\n".join(problems)
    if DIST.exists() and jobs:
        assert all(job["spec"].get("entrypoint") for _, job in jobs)


def test_every_serve_import_path_resolves_to_an_attribute_in_python() -> None:
    services = dist_objects("RayService")
    problems = []
    checked = 0
    for source, service in services:
        config = yaml.safe_load(service["spec"]["serveConfigV2"])
        for app in config.get("applications", []):
            checked += 1
            if (problem := import_path_problem(app.get("import_path", ""))) is not None:
                problems.append(f"{source}: RayService {service['metadata']['name']} app {app.get('name')}: {problem}")
    assert not problems, "\n".join(problems)
    assert checked >= len(services), "a RayService without applications"
