import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The standalone CLI as a user runs it in a clone: `npx ray-gitops validate ...` (bin/ray-gitops.js).
const root = join(__dirname, '..', '..');
const fixtures = join('test', 'cli', 'fixtures', 'validate');

function cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'ray-gitops.js'), 'validate', ...args], { cwd: root, input, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npx ray-gitops validate', () => {
  it('reads a folder recursively and prints one JSON array with each file as given; errors exit 1', () => {
    const run = cli(['--format', 'json', fixtures]);
    expect(run.status).toBe(1);
    const records = JSON.parse(run.stdout);
    expect(records).toContainEqual({
      file: join(fixtures, 'nested', 'broken.yml'),
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      namespace: '',
      name: 'broken',
      path: 'spec.suspend',
      rule: 'kuberay/rayjob-suspend-requires-shutdown',
      severity: 'error',
      message: expect.stringContaining('shutdownAfterJobFinishes'),
    });
    expect(records).toContainEqual(expect.objectContaining({ kind: 'Widget', rule: 'schema', severity: 'warning' }));
    // KubeRay accepts a worker group without min/maxReplicas and a null template metadata (CRD defaults, null pruning).
    expect(records.filter((r: { file: string }) => r.file.endsWith('raycluster-defaults.yaml'))).toEqual([]);
    expect(Object.keys(records[0])).toEqual(['file', 'apiVersion', 'kind', 'namespace', 'name', 'path', 'rule', 'severity', 'message']);
  });

  it('exits 0 for valid YAML on stdin, and 1 for a warning under --strict', () => {
    const widget = 'apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w}\n';
    expect(cli(['-'], widget).status).toBe(0);
    const strict = cli(['--strict', '--format', 'github', '-'], widget);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/^::warning file=-,line=1,title=schema::Widget\/w: no schema known for example\.org\/v1\/Widget/);
  });

  it('exits 2 on usage and I/O errors, naming the problem', () => {
    const missing = cli(['no/such/file.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no/such/file.yaml: no such file or folder');
    const gate = cli(['--feature-gates', 'RayCronjob=true', fixtures]);
    expect(gate.status).toBe(2);
    expect(gate.stderr).toContain("unknown KubeRay v1.7.0 feature gate 'RayCronjob'");
    const yaml = cli(['-'], 'kind: [unclosed\n');
    expect(yaml.status).toBe(2);
    expect(yaml.stderr).toMatch(/^ray-gitops: -:\d+:\d+: not valid YAML: [^\n]*[^:\n]\n$/);
    expect(cli(['--format', 'xml', fixtures]).status).toBe(2);
  });

  it("checks a RayService's serveConfigV2 and Serve config files against Ray's Serve schema", () => {
    const serveConfig = (deployment: string) =>
      `applications:\n  - name: app\n    import_path: m:app\n    deployments:\n      - name: D\n        ${deployment}\n`;
    const service = `apiVersion: ray.io/v1\nkind: RayService\nmetadata: {name: hand-written}\nspec:\n  serveConfigV2: |\n${serveConfig('max_concurrent_queries: 8')
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n')}\n`;
    const run = cli(['--format', 'json', '-'], [service, serveConfig('num_replica: 2'), serveConfig('num_replicas: 2')].join('---\n'));
    expect(run.status).toBe(1);
    const serve = JSON.parse(run.stdout).filter((r: { rule: string }) => r.rule === 'policy/serve-config-keys' || r.rule.startsWith('ray-serve/'));
    expect(serve).toEqual([
      expect.objectContaining({ kind: 'RayService', name: 'hand-written', path: 'spec.serveConfigV2.applications[0].deployments[0].max_concurrent_queries', severity: 'error', message: expect.stringContaining('use max_ongoing_requests') }),
      expect.objectContaining({ kind: '', path: 'applications[0].deployments[0].num_replica', severity: 'error', message: expect.stringContaining('use num_replicas') }),
    ]);
    // A valid Serve config file is checked, not skipped with a warning.
    expect(cli(['--strict', '-'], serveConfig('num_replicas: 2')).status).toBe(0);
    // So is a single-application file (import_path at the top), with paths from its root.
    const single = (deployment: string) => `import_path: m:app\ndeployments:\n  - name: D\n    ${deployment}\n`;
    const one = cli(['--format', 'json', '-'], single('max_concurrent_queries: 8'));
    expect(one.status).toBe(1);
    expect(JSON.parse(one.stdout)).toEqual([
      expect.objectContaining({ kind: '', path: 'deployments[0].max_concurrent_queries', message: expect.stringContaining('use max_ongoing_requests') }),
    ]);
    expect(cli(['--strict', '-'], single('num_replicas: 2')).status).toBe(0);
    expect(JSON.parse(cli(['--format', 'json', '-'], single('num_replicas: -1')).stdout)).toEqual([
      expect.objectContaining({ rule: 'ray-serve/schema', path: 'deployments[0].num_replicas' }),
    ]);
  });

  it("points each finding at its field's line, not the document's first line", () => {
    const lines = [
      '---', // line 1: a second document starts at line 2
      'apiVersion: ray.io/v1',
      'kind: RayCluster',
      'metadata: {name: lines}',
      'spec:',
      '  headGroupSpec:',
      '    template:',
      '      spec:',
      "        containers: [{name: ray-head, image: 'rayproject/ray:2.52.0', resources: {requests: {cpu: '1', memory: 4Gi}, limits: {cpu: '1', memory: 4Gi}}}]",
      '  workerGroupSpecs:',
      '    - groupName: gpu',
      '      minReplicas: 0',
      '      maxReplicas: 2',
      '      rayStartParams:',
      "        num-gpus: '2'", // line 15
      '      template:',
      '        spec:',
      "          containers: [{name: ray-worker, image: 'rayproject/ray:2.52.0', resources: {requests: {cpu: '2', memory: 8Gi, nvidia.com/gpu: '1'}, limits: {cpu: '2', memory: 8Gi, nvidia.com/gpu: '1'}}}]",
    ];
    const run = cli(['--format', 'github', '-'], `${lines.join('\n')}\n`);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error file=-,line=15,title=policy/ray-gpus-match-limit::RayCluster/lines spec.workerGroupSpecs[0].rayStartParams.num-gpus:');
    // Inside YAML embedded in a block scalar (serveConfigV2: |), the embedded field's own line.
    const service = [
      'apiVersion: ray.io/v1',
      'kind: RayService',
      'metadata: {name: embedded}',
      'spec:',
      '  serveConfigV2: |',
      '    applications:',
      '      - name: app',
      '        import_path: m:app',
      '        deployments:',
      '          - name: D',
      '            max_concurrent_queries: 8', // line 11
    ];
    const embedded = cli(['-'], `${service.join('\n')}\n`);
    expect(embedded.stdout).toMatch(/^-:11: error: RayService\/embedded spec\.serveConfigV2\.applications\[0\]\.deployments\[0\]\.max_concurrent_queries:/m);
  });

  it('a folder without YAML files is a usage error, not a pass', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-yaml-'));
    const run = cli([empty]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no *.yaml or *.yml file in this folder or below it');
  });

  it('feature gates change the verdict: networkPolicy needs RayClusterNetworkPolicy', () => {
    const cluster = `apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: np}
spec:
  networkPolicy: {mode: DenyAllIngress}
  headGroupSpec:
    template:
      spec:
        containers: [{name: ray-head, image: 'rayproject/ray:2.52.0', resources: {requests: {cpu: '1', memory: 2Gi}, limits: {cpu: '1', memory: 2Gi}}}]
`;
    expect(cli(['-'], cluster).status).toBe(1);
    expect(cli(['--feature-gates', 'RayClusterNetworkPolicy=true', '-'], cluster).status).toBe(0);
  });
});
