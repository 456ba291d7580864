#!/usr/bin/env bash
# The README's test command: type-check, every vitest suite, every pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh
echo "== tsc"
npx tsc --noEmit -p .
echo "== vitest"
npx vitest run
echo "== pytest"
bash python/run-tests.sh
