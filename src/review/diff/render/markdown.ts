import { describeId } from '../../object-id';
import { ChangedObject, EnvironmentReport, EnvironmentStatus, ReviewReport } from '../report';
import { beforeAfter, extraGpus, fieldLines, objectCounts, statusNote, summaryItems } from './common';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/**
 * The report as a pull-request comment: a table of all environments, then per changed
 * environment its summary and rollout notes, with the field diffs folded away in `<details>`.
 */
export function renderMarkdown(report: ReviewReport): string {
  const changed = report.environments.filter((e) => e.status !== EnvironmentStatus.UNCHANGED);
  const lines = [
    `## Manifest changes against ${code(report.base)}`,
    '',
    '| Environment | Objects | GPUs at max scale | Ray worker pods at max scale | New public endpoints | Extra GPUs while rolling out |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.environments.map((e) => {
      const note = statusNote(e);
      return (
        `| ${e.environment} | ${objectCounts(e)}${note ? ` (${note})` : ''} | ${beforeAfter(e.summary.before.gpus, e.summary.after.gpus)} | ` +
        `${beforeAfter(e.summary.before.rayWorkerPods, e.summary.after.rayWorkerPods)} | ${e.summary.newEndpoints.length} | ${extraGpus(e)} |`
      );
    }),
    ...changed.flatMap(environmentMarkdown),
  ];
  return lines.join('\n') + '\n';
}

function environmentMarkdown(env: EnvironmentReport): string[] {
  const objects = [
    ...env.added.map((o) => `- added ${code(describeId(o.id))} in ${code(o.file)}`),
    ...env.removed.map((o) => `- removed ${code(describeId(o.id))} from ${code(o.file)}`),
    ...env.renamed.map((o) => `- renamed ${code(describeId(o.from))} to ${code(describeId(o.id))} in ${code(o.file)}`),
  ];
  const hasFields = (o: ChangedObject) => o.fields.length > 0;
  const withFields = [...env.renamed, ...env.changed].filter(hasFields);
  const diffs = [
    ...env.renamed.filter(hasFields).flatMap((o) => fieldBlock(`${code(describeId(o.id))} (was ${code(describeId(o.from))})`, o)),
    ...env.changed.filter(hasFields).flatMap((o) => fieldBlock(code(describeId(o.id)), o)),
  ];
  const fieldCount = withFields.reduce((n, o) => n + o.fields.length, 0);
  return [
    '',
    `### ${env.environment}`,
    '',
    ...summaryItems(env, code).map(([label, value]) => `- **${label}:** ${value}`),
    ...(env.summary.rollouts.length > 0
      ? ['- **Rollout:**', ...env.summary.rollouts.map((r) => `  - ${code(describeId(r.object))}: ${r.message}${r.pools ? ` — **pools:** ${r.pools}` : ''}`)]
      : []),
    ...(objects.length > 0 ? ['', ...objects] : []),
    ...(diffs.length > 0
      ? ['', `<details><summary>Field changes (${fieldCount} in ${withFields.length} object${withFields.length === 1 ? '' : 's'})</summary>`, ...diffs, '', '</details>']
      : []),
  ];
}

function fieldBlock(title: string, o: ChangedObject): string[] {
  return ['', `**${title}** (${code(o.file)})`, '', '```diff', ...o.fields.flatMap((f) => fieldLines(f, true)), '```'];
}
