// Exits 0 when node_modules holds what package-lock.json pins, judged by npm's own record of
// the install (node_modules/.package-lock.json, written by every npm install and npm ci): each
// installed package has the lock's entry exactly, and every package the lock does not mark
// optional is installed (optional ones, such as other platforms' binaries, may be absent).
// Exits 1 otherwise. Lets ensure-node-deps.sh accept a plain `npm ci` run by hand or by CI.
import { readFileSync } from 'node:fs';

const packages = (file) => JSON.parse(readFileSync(file, 'utf8')).packages ?? {};
try {
  const locked = packages('package-lock.json');
  const installed = packages('node_modules/.package-lock.json');
  const same = Object.entries(installed).every(([path, entry]) => JSON.stringify(locked[path]) === JSON.stringify(entry));
  const complete = Object.entries(locked).every(([path, entry]) => path === '' || entry.optional || entry.devOptional || path in installed);
  process.exit(same && complete ? 0 : 1);
} catch {
  process.exit(1);
}
