#!/usr/bin/env bash
# Installs node_modules from package-lock.json when they are missing or older than the lock,
# so that `npm run synth` and `npm test` work as the first commands on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
