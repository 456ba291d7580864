import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { validateArgoCd } from '../argocd/synth-argocd';
import { ENVIRONMENTS, environmentByName } from '../environments';
import { readCharts } from '../synth';
import { severityOf } from '../validation/finding';
import { formatFinding, validateEnvironment } from '../validation/validate';

new Command()
  .name('validate')
  .description('Validate committed dist/<env>/ and argocd/<env>/ without synthesizing')
  .argument('[environments...]', 'environments to check (default: all)')
  .option('--root <dir>', 'repository root', join(__dirname, '..', '..'))
  .option('--strict', 'fail on warnings too', false)
  .action((names: string[], options: { root: string; strict: boolean }) => {
    const environments = names.length > 0 ? names.map(environmentByName) : ENVIRONMENTS;
    const findings = environments.flatMap((env) => {
      const dist = join(options.root, 'dist', env.name);
      if (!existsSync(dist)) throw new Error(`${dist} does not exist: run npm run synth`);
      return [...validateEnvironment(env, readCharts(dist)), ...validateArgoCd(env, dist, join(options.root, 'argocd', env.name))];
    });
    if (findings.length > 0) console.error(findings.map(formatFinding).join('\n'));
    const errors = findings.filter((f) => severityOf(f) === 'error').length;
    if (errors > 0 || (options.strict && findings.length > 0)) {
      console.error(`\n${errors} error(s), ${findings.length - errors} warning(s)`);
      process.exit(1);
    }
    console.log(`valid: ${environments.map((e) => e.name).join(', ')}${findings.length > 0 ? ` (${findings.length} warning(s))` : ''}`);
  })
  .parse();
