#!/usr/bin/env bash
# Installs node_modules from package-lock.json when they are missing or were installed from a
# different lock, so that every `npm run` command works as the first command on a fresh clone
# (each script in package.json starts with this). The lock's sha256 is recorded in node_modules
# after a successful install (file times are unreliable: git and copies reset them), or after a
# plain `npm ci` once npm's own record of it matches the lock (node-deps-match-lock.mjs). One install
# at a time per clone: a second command started meanwhile waits for it instead of racing it.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.ray-gitops-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
stale() { [ ! -f node_modules/.package-lock.json ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; }
stale || exit 0
# Installed by a plain `npm ci` (no stamp yet): npm's own record says whether it matches the lock.
if [ -f node_modules/.package-lock.json ] && node scripts/node-deps-match-lock.mjs; then
  echo "$want" > "$stamp"
  exit 0
fi
exec 9>"${TMPDIR:-/tmp}/ray-gitops-npm-ci-$(pwd | sha256sum | cut -c1-12).lock"
flock 9
if stale; then
  echo "installing node_modules (npm ci)" >&2
  npm ci --no-audit --no-fund --prefer-offline >&2
  echo "$want" > "$stamp"
fi
