import type { EnvironmentDefinition } from '../../src/app';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentApp } from '../../src/app';

import { ChartManifests } from '../../src/validation/validate';
import { Json } from '../../src/k8s/pod-templates';

/** Every chart of an environment as JSON, synthesized in memory the way `npm run synth` builds them. */
export function environmentCharts(env: EnvironmentDefinition): ChartManifests[] {
  const app = environmentApp(env, mkdtempSync(join(tmpdir(), 'serving-test-')));
  return app.charts.map((chart) => ({ chart: chart.node.id, objects: chart.toJson() as Json[] }));
}

/** The objects of one chart of an environment. */
export function chartObjects(env: EnvironmentDefinition, chart: string): Json[] {
  const found = environmentCharts(env).find((c) => c.chart === chart);
  if (!found) throw new Error(`environment '${env.name}' has no chart '${chart}'`);
  return [...found.objects];
}

/** The first object of a kind (and name) in a list of objects. */
export function objectOf(objects: readonly Json[], kind: string, name?: string): Json {
  const obj = objects.find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (!obj) throw new Error(`no ${kind}${name ? `/${name}` : ''} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return obj;
}
