import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Names } from 'cdk8s';
import { toYamlDocuments } from './yaml-writer';

/**
 * `App.synth()` with the project's YAML writer: one file per chart, named as cdk8s names it
 * (`<chart>.k8s.yaml` in the app's `outdir`), objects in cdk8s's order. `chart.toJson()` runs the
 * constructs' validations as `App.synth()` does.
 */
export function writeApp(app: App): void {
  mkdirSync(app.outdir, { recursive: true });
  for (const chart of app.charts) {
    writeFileSync(join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`), toYamlDocuments(chart.toJson()));
  }
}
