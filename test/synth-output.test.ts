import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ENVIRONMENTS } from '../src/environments';
import { readManifestFiles } from '../src/k8s/manifests';
import { renderEnvironment } from '../src/synth';
import { SynthOutput } from '../src/synth-output';

describe('SynthOutput', () => {
  test('its reader reads what readManifestFiles reads from the folders once written', () => {
    // GIVEN every environment rendered, not yet written
    const root = mkdtempSync(join(tmpdir(), 'synth-output-'));
    const output = new SynthOutput();
    for (const env of ENVIRONMENTS) renderEnvironment(env, join(root, 'dist'), join(root, 'argocd'), output);
    const read = output.reader();
    const folders = ENVIRONMENTS.flatMap((env) => [join(root, 'dist', env.name), join(root, 'argocd', env.name), join(root, 'argocd', env.name, 'apps')]);
    const before = folders.flatMap((dir) => [read(dir, true), read(dir, false)]);
    expect(folders.every((dir) => output.holds(dir))).toBe(true);

    // WHEN written
    output.write();

    // THEN the files on disk read the same, sub-folders and all, with and without recursion
    expect(before).toEqual(folders.flatMap((dir) => [readManifestFiles(dir, true), readManifestFiles(dir, false)]));
    expect(before.flat().length).toBeGreaterThan(ENVIRONMENTS.length * 4);
    expect(output.holds(join(root, 'dist'))).toBe(false);
    expect(read(join(root, 'elsewhere'))).toEqual([]);
  });

  test('refuses a file outside its folder and two files at one path', () => {
    const output = new SynthOutput();
    expect(() => output.addFile('/out/dist/gke', '/out/dist/local/a.k8s.yaml', '')).toThrow('/out/dist/local/a.k8s.yaml is not inside /out/dist/gke');
    output.addFile('/out/dist/gke', '/out/dist/gke/a.k8s.yaml', '');
    expect(() => output.addFile('/out/dist/gke', '/out/dist/gke/./a.k8s.yaml', '')).toThrow('two files would be written to /out/dist/gke/./a.k8s.yaml');
  });
});
