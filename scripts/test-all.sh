#!/usr/bin/env bash
# The README's test command: type-check, every vitest suite, every pytest suite.
# vitest and pytest run at the same time (pytest spends much of its wall time waiting for Ray,
# Serve and model start-up, which vitest's CPU work fills); each line is prefixed with its suite,
# and the command fails when either suite fails. RAY_GITOPS_TEST_SERIAL=1 runs them one after the
# other instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh
echo "== tsc"
node node_modules/typescript-7/bin/tsc -p .
if [[ ${RAY_GITOPS_TEST_SERIAL:-} == 1 ]]; then
  echo "== vitest"
  npx vitest run
  echo "== pytest"
  exec bash python/run-tests.sh
fi
echo "== vitest and pytest"
prefixed() { # label command...
  local label=$1
  shift
  "$@" 2>&1 | sed -u "s/^/[$label] /"
  return "${PIPESTATUS[0]}"
}
start=$SECONDS
prefixed vitest npx vitest run &
vitest=$!
prefixed pytest bash python/run-tests.sh &
pytest=$!
status=0
wait "$vitest" || { status=1; echo "== vitest FAILED"; }
echo "== vitest done at $((SECONDS - start)) s"
wait "$pytest" || { status=1; echo "== pytest FAILED"; }
echo "== pytest done at $((SECONDS - start)) s"
exit "$status"
