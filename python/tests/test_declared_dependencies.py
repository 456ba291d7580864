"""Every third-party package that ray_workloads imports is declared in pyproject.toml.

An undeclared import works only as long as something else happens to pull the package in; a
``pip install`` of the package into another image (what pyproject.toml is for) then fails at
run time.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import ray_workloads

PACKAGE_DIR = Path(ray_workloads.__file__).parent
PYPROJECT = PACKAGE_DIR.parent / "pyproject.toml"


def imported_top_level_modules() -> set[str]:
    names: set[str] = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"ray_workloads"}


def declared_distributions() -> set[str]:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    requirements = project["dependencies"]
    return {re.split(r"[\[<>=!~ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_imported_package_is_a_declared_dependency() -> None:
    # importlib.metadata maps an import name to the distributions that provide it
    # (tiktoken_ext → tiktoken, yaml → pyyaml, sentence_transformers → sentence-transformers).
    providers = importlib.metadata.packages_distributions()
    declared = declared_distributions()
    undeclared = {
        module: providers.get(module, ["<not installed>"])
        for module in sorted(imported_top_level_modules())
        if not {d.lower().replace("_", "-") for d in providers.get(module, [])} & declared
    }
    assert not undeclared, f"imported but not in pyproject.toml [project].dependencies: {undeclared}"
