"""Helpers shared by the Serve test modules (plain functions; fixtures live in conftest)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

DeployFn = Callable[[Path], dict[str, Any]]
"""The ``deploy`` fixture: serve-deploys a config file, returns its settled applications."""

# The sentence the textgen test model continues (weights set by hand), and the prompt that must make it continue the sentence.
TEXTGEN_SENTENCE = "the quick brown fox jumps over the lazy dog"
TEXTGEN_PROMPT = "the quick brown"
TEXTGEN_CONTINUATION = "fox jumps over the lazy dog"


def write_serve_config(path: Path, applications: list[dict[str, Any]]) -> Path:
    """Writes a Serve config file (the ``serveConfigV2`` schema) with ``applications``."""
    path.write_text(yaml.safe_dump({"applications": applications}, sort_keys=False))
    return path


def not_running(apps: dict[str, Any]) -> dict[str, Any]:
    """Applications that are not RUNNING, with Serve's message: empty when all run."""
    return {n: a.get("message") for n, a in apps.items() if a["status"] != "RUNNING"}
