/**
 * Prints what validation costs on top of plain cdk8s synth, in one run on one machine:
 * all environments, and charts of 10 and 100 generated RayJobs. Each figure is the median of
 * several runs; the ratio is against plain synth of the same objects measured here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Size, YamlOutputType } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { environmentApp } from '../src/app';
import { EnvironmentChart } from '../src/charts/environment-chart';
import { ENVIRONMENTS, environmentByName } from '../src/environments';
import { RayJob } from '../src/ray/ray-job';
import { readCharts, synthesize } from '../src/synth';
import { SchemaValidator } from '../src/validation/schema';
import { validateEnvironment } from '../src/validation/validate';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function timed(fn: () => void): number {
  return median(Array.from({ length: RUNS }, () => time(fn)));
}

function jobsApp(count: number, outdir: string): App {
  const environment = environmentByName('gke');
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new EnvironmentChart(app, 'bench-jobs', { environment });
  for (let i = 0; i < count; i++) {
    new RayJob(chart, `Job${i}`, {
      environment,
      name: `bench-job-${i}`,
      entrypoint: `python -m ray_workloads.pipeline --input /data/dumps --output /data/out --shard ${i}/${count}`,
      cluster: {
        workerGroups: [
          { groupName: 'cpu', resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) }, minReplicas: 1, maxReplicas: 4 },
          { groupName: 'gpu', resources: { cpu: Cpu.units(3), memory: Size.gibibytes(12), gpus: 1 }, maxReplicas: 2 },
        ],
      },
    });
  }
  return app;
}

function row(label: string, plain: number, validated: number): void {
  console.log(`${label.padEnd(34)} ${plain.toFixed(0).padStart(8)} ms ${validated.toFixed(0).padStart(10)} ms ${(validated / plain).toFixed(2).padStart(7)}x`);
}

const work = mkdtempSync(join(tmpdir(), 'ray-gitops-bench-'));
try {
  console.log(`machine: ${cpus().length} x ${cpus()[0].model}, node ${process.version}; median of ${RUNS} runs`);
  const compile = time(() => {
    const schema = SchemaValidator.shared();
    for (const kind of ['RayCluster', 'RayJob', 'RayService']) schema.validate({ apiVersion: 'ray.io/v1', kind, metadata: { name: 'x' }, spec: {} });
  });
  console.log(`one-time schema compile (ray.io kinds): ${compile.toFixed(0)} ms (not included below)\n`);
  console.log(`${'workload'.padEnd(34)} ${'cdk8s synth'.padStart(11)} ${'synth+validate'.padStart(13)} ${'ratio'.padStart(8)}`);

  const plainAll = timed(() => ENVIRONMENTS.forEach((env) => environmentApp(env, join(work, 'plain', env.name)).synth()));
  const validatedAll = timed(() => rmSync(synthesize(ENVIRONMENTS, join(work, 'dist')).stagingDir, { recursive: true }));
  row(`all ${ENVIRONMENTS.length} environments`, plainAll, validatedAll);

  for (const count of [10, 100]) {
    const env = environmentByName('gke');
    const plain = timed(() => jobsApp(count, join(work, `plain-${count}`)).synth());
    const validated = timed(() => {
      const dir = join(work, `validated-${count}`);
      jobsApp(count, dir).synth();
      const findings = validateEnvironment(env, readCharts(dir));
      if (findings.length > 0) throw new Error(`bench objects are invalid: ${findings[0].message}`);
    });
    row(`${count} RayJobs (gke, own clusters)`, plain, validated);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
