import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS, environmentByName } from '../environments';
import { readCharts } from '../synth';
import { ChartManifests, formatFinding, validateEnvironment } from '../validation/validate';

/** The Argo CD objects of an environment (`argocd/<env>/*.yaml`), as one pseudo-chart. */
function readArgoCd(dir: string): ChartManifests[] {
  if (!existsSync(dir)) return [];
  const objects = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS()))
    .filter((o) => o !== null && typeof o === 'object' && 'kind' in o);
  return objects.length > 0 ? [{ chart: 'argocd', objects }] : [];
}

new Command()
  .name('validate')
  .description('Validate committed dist/<env>/ and argocd/<env>/ without synthesizing')
  .argument('[environments...]', 'environments to check (default: all)')
  .option('--root <dir>', 'repository root', join(__dirname, '..', '..'))
  .action((names: string[], options: { root: string }) => {
    const environments = names.length > 0 ? names.map(environmentByName) : ENVIRONMENTS;
    const findings = environments.flatMap((env) => {
      const dist = join(options.root, 'dist', env.name);
      if (!existsSync(dist)) throw new Error(`${dist} does not exist: run npm run synth`);
      return validateEnvironment(env, [...readCharts(dist), ...readArgoCd(join(options.root, 'argocd', env.name))]);
    });
    if (findings.length > 0) {
      console.error(findings.map(formatFinding).join('\n'));
      console.error(`\n${findings.length} problem(s)`);
      process.exit(1);
    }
    console.log(`valid: ${environments.map((e) => e.name).join(', ')}`);
  })
  .parse();
