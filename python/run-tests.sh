#!/usr/bin/env bash
# Runs the Python tests of ray_workloads in the pinned virtualenv (created by python/venv.sh
# when missing; see there for where it lives and what it costs).
#
# Usage: python/run-tests.sh [pytest args...]   (default: all of python/tests)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
status=0
bash "$here/venv.sh" -m pytest "${@:-tests}" || status=$?
if [ "$status" -eq 5 ]; then
  # pytest's "no tests collected": a wrong path or -k filter, never a pass.
  echo "run-tests: pytest collected no tests for: ${*:-tests}" >&2
fi
exit "$status"
