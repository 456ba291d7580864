import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { ENVIRONMENTS, environmentByName } from './environments';
import { publish, synthesize } from './synth';
import { formatFinding } from './validation/validate';

const program = new Command()
  .name('synth')
  .description('Synthesize and validate environments into dist/<env>/ (all environments when none is named)')
  .argument('[environments...]', `environments to synthesize (${ENVIRONMENTS.map((e) => e.name).join(', ')})`)
  .option('--out <dir>', 'output folder', join(__dirname, '..', 'dist'))
  .action((names: string[], options: { out: string }) => {
    const environments = names.length > 0 ? names.map(environmentByName) : ENVIRONMENTS;
    const started = Date.now();
    const { stagingDir, findings } = synthesize(environments, options.out);
    if (findings.length > 0) {
      rmSync(stagingDir, { recursive: true, force: true });
      console.error(findings.map(formatFinding).join('\n'));
      console.error(`\nsynth failed: ${findings.length} problem(s); ${options.out} was left as it was`);
      process.exit(1);
    }
    publish(stagingDir, options.out, names.length === 0);
    const ms = Date.now() - started;
    console.log(`synthesized and validated ${environments.map((e) => e.name).join(', ')} into ${options.out} (${ms} ms)`);
  });

try {
  program.parse();
} catch (error) {
  console.error(`synth failed, output left as it was:\n${(error as Error).message}`);
  process.exit(1);
}
