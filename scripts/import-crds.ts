/**
 * Regenerates `imports/` from the CRDs in ../shared/crds (or $RAY_GITOPS_CRDS_DIR).
 *
 * cdk8s.yaml names the same CRDs by their upstream URLs for users with the internet; this
 * script is the offline path. It keeps only the storage version of each CRD (KubeRay also
 * serves the deprecated v1alpha1, which would double the generated code) and imports one
 * file per kind, because the CLI imports only the first of several file arguments.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { CRD_SOURCES, crdsDir } from '../src/validation/crd-sources';

const repoRoot = join(__dirname, '..');
const outDir = join(repoRoot, 'imports');
const work = mkdtempSync(join(tmpdir(), 'ray-gitops-import-'));
const staged = join(work, 'imports');
mkdirSync(staged);

for (const source of CRD_SOURCES) {
  const [doc] = parseAllDocuments(readFileSync(join(crdsDir(), source.file), 'utf8')).map((d) => d.toJS());
  doc.spec.versions = doc.spec.versions.filter((v: { storage: boolean }) => v.storage);
  const trimmed = join(work, `${source.prefix}.yaml`);
  writeFileSync(trimmed, stringify(doc));
  execFileSync(
    join(repoRoot, 'node_modules', '.bin', 'cdk8s'),
    ['import', '--no-check-upgrade', '--language', 'typescript', '--output', staged, `${source.prefix}:=${trimmed}`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

// Swap in the new imports only when every kind imported.
rmSync(outDir, { recursive: true, force: true });
renameSync(staged, outDir);
rmSync(work, { recursive: true, force: true });
console.log(readdirSync(outDir).sort().join('\n'));
