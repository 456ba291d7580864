import { describeId } from '../../object-id';
import { EnvironmentReport, EnvironmentStatus, ReviewReport } from '../report';
import { fieldLines, objectCounts, statusNote, summaryItems } from './common';

const INDENT = '  ';

/** The report for a terminal: one block per environment, unchanged ones on one line. */
export function renderText(report: ReviewReport): string {
  const blocks = report.environments.map(environmentText);
  return [`Changes against ${report.base}`, '', ...blocks].join('\n').replace(/\n+$/, '') + '\n';
}

function environmentText(env: EnvironmentReport): string {
  const note = statusNote(env);
  const head = `${env.environment}: ${objectCounts(env)}${note ? ` (${note})` : ''}`;
  if (env.status === EnvironmentStatus.UNCHANGED) return head;
  const lines = [head];
  for (const [label, value] of summaryItems(env, (s) => s)) lines.push(`${INDENT}${label}: ${value}`);
  if (env.summary.rollouts.length > 0) {
    lines.push(`${INDENT}Rollout:`);
    for (const r of env.summary.rollouts) {
      lines.push(`${INDENT.repeat(2)}${describeId(r.object)}: ${r.message}`);
      if (r.pools) lines.push(`${INDENT.repeat(3)}pools: ${r.pools}`);
    }
  }
  lines.push(`${INDENT}Objects:`);
  for (const o of env.added) lines.push(`${INDENT.repeat(2)}+ ${describeId(o.id)} (${o.file})`);
  for (const o of env.removed) lines.push(`${INDENT.repeat(2)}- ${describeId(o.id)} (${o.file})`);
  for (const o of env.renamed) {
    lines.push(`${INDENT.repeat(2)}> ${describeId(o.from)} renamed to ${describeId(o.id)} (${o.file})`);
    lines.push(...o.fields.flatMap((f) => fieldLines(f, false)).map((l) => `${INDENT.repeat(3)}${l}`));
  }
  for (const o of env.changed) {
    lines.push(`${INDENT.repeat(2)}~ ${describeId(o.id)} (${o.file})`);
    lines.push(...o.fields.flatMap((f) => fieldLines(f, false)).map((l) => `${INDENT.repeat(3)}${l}`));
  }
  return lines.join('\n') + '\n';
}
