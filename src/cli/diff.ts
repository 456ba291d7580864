import { join } from 'node:path';
import { Command, Option } from 'commander';
import { renderMarkdown } from '../review/diff/render/markdown';
import { renderText } from '../review/diff/render/text';
import { hasChanges } from '../review/diff/report';
import { reviewAgainst } from '../review/diff/review-ref';

/** Exit statuses, like diff(1): 0 no change, 1 changes, 2 trouble. */
export enum DiffExit {
  NO_CHANGES = 0,
  CHANGES = 1,
  ERROR = 2,
}

/** This repository: its node_modules run both synths. */
const ROOT = join(__dirname, '..', '..');

const program = new Command()
  .name('diff')
  .description(
    'Synthesize a base ref and the working tree (each in a temporary git worktree) and report, per environment, ' +
      'what the change does: objects and fields, GPUs, worker pods, public endpoints, rollouts. ' +
      'Exit 0: no change, 1: changes, 2: error.',
  )
  .requiredOption('--base <ref>', 'git ref to compare against, e.g. origin/main')
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown']).default('text'))
  .option('--repo <dir>', 'repository to review (its node_modules are this one\'s)', ROOT)
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : DiffExit.ERROR))
  .action(async (options: { base: string; format: 'text' | 'markdown'; repo: string }) => {
    const report = await reviewAgainst(options.repo, options.base, join(ROOT, 'node_modules'));
    process.stdout.write(options.format === 'markdown' ? renderMarkdown(report) : renderText(report));
    process.exitCode = hasChanges(report) ? DiffExit.CHANGES : DiffExit.NO_CHANGES;
  });

program.parseAsync().catch((error: Error) => {
  console.error(`diff failed: ${error.message}`);
  process.exit(DiffExit.ERROR);
});
