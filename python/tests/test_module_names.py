"""No module of ray_workloads shadows the standard library.

A module named like a stdlib one (``tokenize.py``) wins over the stdlib for any Python started
with that folder first on ``sys.path`` (a script run from it, ``python -m`` from inside it), and
breaks whatever imports the stdlib module: ``inspect`` imports ``tokenize``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import ray_workloads

PACKAGE_DIR = Path(ray_workloads.__file__).parent


def test_no_module_is_named_like_a_standard_library_module() -> None:
    modules = [p for p in PACKAGE_DIR.rglob("*.py") if p.stem != "__init__" and p.stem != "__main__"]
    packages = [p for p in PACKAGE_DIR.rglob("*") if p.is_dir() and (p / "__init__.py").exists()]
    clashes = sorted(str(p.relative_to(PACKAGE_DIR)) for p in modules + packages if p.stem in sys.stdlib_module_names)
    assert modules and not clashes


def test_stdlib_inspect_imports_from_inside_every_package_folder() -> None:
    # What the shadowing broke: `python -c "import inspect"` with the folder as sys.path[0].
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for folder in sorted({p.parent for p in PACKAGE_DIR.rglob("__init__.py")}):
        done = subprocess.run([sys.executable, "-c", "import inspect, tokenize; print(tokenize.__file__)"],
                              cwd=folder, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{folder}: {done.stderr[-500:]}"
        assert not done.stdout.startswith(str(PACKAGE_DIR)), f"{folder}: {done.stdout}"
