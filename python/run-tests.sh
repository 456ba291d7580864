#!/usr/bin/env bash
# Runs the Python tests of ray_workloads in the pinned virtualenv (created by python/venv.sh
# when missing; see there for where it lives and what it costs).
#
# Usage: python/run-tests.sh [pytest args...]   (default: all of python/tests)
#
# Without arguments the suite runs as two pytest processes side by side, each line prefixed
# with its group (conftest.py's --group): [serve] (the tests that use the local Ray + Serve,
# which lives in that process only) and [pipeline] (every other test). One pytest process mostly keeps one core busy (starting Ray
# workers, loading models, waiting for replicas), so the second one fills the other core and the
# suite takes about as long as its longer half instead of their sum.
# RAY_GITOPS_TEST_SERIAL=1 runs the whole suite as one pytest process instead.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

run_pytest() { # pytest-args...
  local status=0
  bash "$here/venv.sh" -m pytest "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    # pytest's "no tests collected": a wrong path or -k filter, never a pass.
    echo "run-tests: pytest collected no tests for: $*" >&2
  fi
  return "$status"
}

if [ "$#" -gt 0 ] || [ "${RAY_GITOPS_TEST_SERIAL:-}" = 1 ]; then
  status=0
  run_pytest "${@:-tests}" || status=$?
  exit "$status"
fi

# Every test is in exactly one group: each process deselects the other group's tests.
prefixed() { # label pytest-args...
  local label=$1
  shift
  run_pytest "$@" 2>&1 | sed -u "s/^/[$label] /"
  return "${PIPESTATUS[0]}"
}
prefixed serve tests --group=serve &
serve=$!
prefixed pipeline tests --group=pipeline &
pipeline=$!
status=0
wait "$serve" || status=1
wait "$pipeline" || status=1
[ "$status" -eq 0 ] || echo "run-tests: a pytest group FAILED (see the [serve] and [pipeline] lines above)" >&2
exit "$status"
