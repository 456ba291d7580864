import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { errorReport } from '../error-report';
import { validateArgoCd } from '../synth-argocd';
import { ENVIRONMENTS, UnknownEnvironmentError, environmentByName } from '../environments';
import { EnvironmentError } from '../environments/check-environment';
import { readCharts } from '../synth';
import { severityOf } from '../validation/finding';
import { formatFinding, validateEnvironment } from '../validation/validate';

/** The environment named `name`; a file given instead is told where files are validated. */
function committedEnvironment(name: string) {
  if (existsSync(name) && !ENVIRONMENTS.some((e) => e.name === name)) {
    throw new UnknownEnvironmentError(name, `a file: this checks the committed dist/<env>/ and argocd/<env>/; npx ray-gitops validate ${name} checks a file`);
  }
  return environmentByName(name);
}

new Command()
  .name('validate')
  .description('Validate committed dist/<env>/ and argocd/<env>/ without synthesizing')
  .argument('[environments...]', 'environments to check (default: all)')
  .option('--root <dir>', 'repository root', join(__dirname, '..', '..'))
  .option('--strict', 'fail on warnings too', false)
  .action((names: string[], options: { root: string; strict: boolean }) => {
    const environments = names.length > 0 ? names.map(committedEnvironment) : ENVIRONMENTS;
    const findings = environments.flatMap((env) => {
      const dist = join(options.root, 'dist', env.name);
      if (!existsSync(dist)) throw new EnvironmentError(env.name, [`${dist} does not exist: run npm run synth`]);
      try {
        return [...validateEnvironment(env, readCharts(dist)), ...validateArgoCd(env, dist, join(options.root, 'argocd', env.name))];
      } catch (error) {
        // A file that is no YAML or no Kubernetes object: the reader's message names it.
        throw new EnvironmentError(env.name, [(error as Error).message]);
      }
    });
    if (findings.length > 0) console.error(findings.map(formatFinding).join('\n'));
    const errors = findings.filter((f) => severityOf(f) === 'error').length;
    if (errors > 0 || (options.strict && findings.length > 0)) {
      console.error(`\n${errors} error(s), ${findings.length - errors} warning(s)`);
      process.exit(1);
    }
    console.log(`valid: ${environments.map((e) => e.name).join(', ')}${findings.length > 0 ? ` (${findings.length} warning(s))` : ''}`);
  })
  .parseAsync()
  .catch((error: unknown) => {
    console.error(`validate failed:\n${errorReport(error)}`);
    process.exit(1);
  });
