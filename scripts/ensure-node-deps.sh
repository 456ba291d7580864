#!/usr/bin/env bash
# Installs node_modules from package-lock.json when they are missing or older than the lock, so
# that every `npm run` command works as the first command on a fresh clone (each script in
# package.json starts with this). One install at a time per clone: a second command started
# meanwhile waits for it instead of racing it.
set -euo pipefail
cd "$(dirname "$0")/.."
stale() { [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }
stale || exit 0
exec 9>"${TMPDIR:-/tmp}/ray-gitops-npm-ci-$(pwd | sha256sum | cut -c1-12).lock"
flock 9
if stale; then
  echo "installing node_modules (npm ci)" >&2
  npm ci --no-audit --no-fund --prefer-offline >&2
fi
