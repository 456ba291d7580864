import { join } from 'node:path';
import { Command } from 'commander';
import { ENVIRONMENTS, environmentByName } from '../environments';
import { readSynthesizedTree } from '../k8s/manifests';
import { severityOf } from '../validation/finding';
import { ChartManifests, formatFinding, validateEnvironment } from '../validation/validate';

new Command()
  .name('validate')
  .description('Validate committed dist/<env>/ and argocd/<env>/ (recursively, apps/ too) without synthesizing')
  .argument('[environments...]', 'environments to check (default: all)')
  .option('--root <dir>', 'repository root', join(__dirname, '..', '..'))
  .option('--strict', 'fail on warnings too', false)
  .action((names: string[], options: { root: string; strict: boolean }) => {
    const environments = names.length > 0 ? names.map(environmentByName) : ENVIRONMENTS;
    const tree = readSynthesizedTree(options.root);
    const findings = environments.flatMap((env) => {
      const objects = tree.get(env.name);
      if (!objects) throw new Error(`${join(options.root, 'dist', env.name)} does not exist: run npm run synth`);
      // One pseudo-chart per file, named by its path, so a finding names the real file.
      const byFile = new Map<string, ChartManifests>();
      for (const { file, object } of objects) {
        const chart = file.replace(/\.k8s\.yaml$/, '');
        byFile.set(chart, { chart, objects: [...(byFile.get(chart)?.objects ?? []), object] });
      }
      return validateEnvironment(env, [...byFile.values()]);
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
