import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Chart, Names } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { environmentApp } from '../../src/app';
import { argocdApps } from '../../src/argocd/environment-argocd';
import { ENVIRONMENTS } from '../../src/environments';
import { RayService } from '../../src/ray/ray-service';
import { readsAsNonString, toYaml } from '../../src/yaml/yaml-writer';

const repo = join(__dirname, '..', '..');
const VERSIONS = ['1.1', '1.2'] as const;

/** Strings YAML 1.1 (PyYAML, go-yaml v2) or 1.2 read as something else when written plain. */
const TRICKY = [
  'on', 'off', 'yes', 'no', 'y', 'n', 'Y', 'True', 'FALSE', 'ON', '~', 'null', 'Null', '',
  '0x10', '012', '0o12', '0b101', '1e3', '1_000', '1:20', '190:20:30', '.5', '+1', '-1', '.inf', '-.Inf', '.nan',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=',
];
/** Look-alikes that every reader keeps as strings. */
const PLAIN = ['abc', 'NaN', 'version-1', 'gs://bucket/path', 'ray_workloads.serve.embedding:build_app', '1.2.3', '2.52.0-py311'];

function documents(file: string, version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { version })
    .map((d) => d.toJS())
    .filter((o) => o !== null);
}

/** Every string under `value` at a key whose value is YAML the operator or Argo parses again. */
function embeddedYaml(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => embeddedYaml(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (['serveConfigV2', 'runtimeEnvYAML', 'manifest'].includes(key) && typeof child === 'string') found.push(child);
      else embeddedYaml(child, found);
    }
  }
  return found;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => join(e.parentPath, e.name));
}

/** The objects of every chart of `apps`, by the file the chart is written to, relative to `root`. */
function chartObjects(apps: readonly App[], root: string): Map<string, unknown[]> {
  const byFile = new Map<string, unknown[]>();
  for (const app of apps) {
    for (const chart of app.charts as Chart[]) {
      byFile.set(relative(root, join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`)), chart.toJson());
    }
  }
  return byFile;
}

describe('toYaml', () => {
  test.each(TRICKY)('%j is quoted and reads back as the same string under YAML 1.1 and 1.2', (text) => {
    expect(readsAsNonString(text)).toBe(true);
    const value = { [text]: text, list: [text], nested: { [text]: { key: text } } };
    const written = toYaml(value);
    for (const version of VERSIONS) expect(parse(written, { version }), `YAML ${version}:\n${written}`).toEqual(value);
  });

  test.each(PLAIN)('%j stays plain', (text) => {
    expect(readsAsNonString(text)).toBe(false);
    expect(toYaml({ key: text })).toBe(`key: ${text}\n`);
  });

  test('keys __proto__ and constructor are written as keys', () => {
    const value = JSON.parse('{"__proto__": "p", "constructor": "c"}') as object;
    for (const version of VERSIONS) expect(Object.entries(parse(toYaml(value), { version }) as object)).toEqual(Object.entries(value));
  });

  test('several lines are a block scalar, read back unchanged', () => {
    const text = '-- a Lua comment\nlocal hs = {}\n  on\n';
    for (const version of VERSIONS) expect(parse(toYaml({ text }), { version })).toEqual({ text });
  });
});

describe('every file of dist/ and argocd/', () => {
  const apps = ENVIRONMENTS.flatMap((env) => {
    const work = mkdtempSync(join(tmpdir(), 'yaml-writer-'));
    const app = environmentApp(env, join(work, 'dist', env.name));
    return [{ env: env.name, work, apps: [app, ...argocdApps(env, app, join(work, 'argocd', env.name))] }];
  });

  test.each(apps.map((a) => [a.env, a] as const))('%s: reads under YAML 1.1 as the synthesized objects, and the same under 1.2', (env, { work, apps: envApps }) => {
    const expected = chartObjects(envApps, work);
    const files = [...yamlFiles(join(repo, 'dist', env)), ...yamlFiles(join(repo, 'argocd', env))];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const objects = documents(file, '1.1');
      expect(documents(file, '1.2'), `${file} reads differently under YAML 1.2`).toEqual(objects);
      const key = relative(repo, file);
      if (key.includes('/serve-configs/')) continue; // compared with serveConfigV2 below
      expect(expected.has(key), `${key} is written by no chart`).toBe(true);
      expect(objects, `${key} differs from the synthesized objects`).toEqual(JSON.parse(JSON.stringify(expected.get(key))));
      for (const text of embeddedYaml(objects)) {
        expect(parse(text, { version: '1.2' }), `embedded YAML in ${key} reads differently under 1.2:\n${text}`).toEqual(parse(text, { version: '1.1' }));
      }
    }
  });

  test.each(apps.map((a) => [a.env, a] as const))('%s: each Serve config file is its RayService serveConfigV2 under YAML 1.1', (env, { apps: envApps }) => {
    for (const service of envApps[0].node.findAll().filter((c): c is RayService => c instanceof RayService)) {
      const file = join(repo, 'dist', env, 'serve-configs', `${service.name}.yaml`);
      expect(existsSync(file), file).toBe(true);
      const config = parse(service.serveConfigYaml(), { version: '1.1' });
      expect(parse(readFileSync(file, 'utf8'), { version: '1.1' })).toEqual(config);
      expect(parse(readFileSync(file, 'utf8'), { version: '1.2' })).toEqual(config);
    }
  });
});
