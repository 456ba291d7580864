import { join } from 'node:path';
import { App, Names } from 'cdk8s';
import { toYamlDocuments } from './yaml-writer';

/** A file's path and the text to write into it. */
export interface FileText {
  readonly path: string;
  readonly text: string;
}

/**
 * The files `App.synth()` would write, rendered by the project's YAML writer: one per chart,
 * named as cdk8s names it (`<chart>.k8s.yaml` in the app's `outdir`), objects in cdk8s's order.
 * `chart.toJson()` runs the constructs' validations as `App.synth()` does. Writes nothing.
 */
export function appFiles(app: App): FileText[] {
  return app.charts.map((chart) => ({
    path: join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`),
    text: toYamlDocuments(chart.toJson()),
  }));
}
