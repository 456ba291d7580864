import { join } from 'node:path';
import { Command } from 'commander';
import { errorReport } from './error-report';

/**
 * `npm run synth`. Environment modules load inside the error handling, so a value that throws
 * while an environment file loads (`Size.gibibytes(-1)`) is reported like every other bad input.
 */
async function main(): Promise<void> {
  const { ENVIRONMENTS, environmentByName } = await import('./environments');
  const { synthToDist } = await import('./synth');
  await new Command()
    .name('synth')
    .description('Synthesize and validate environments into dist/<env>/ and argocd/<env>/ (all environments when none is named)')
    .argument('[environments...]', `environments to synthesize (${ENVIRONMENTS.map((e) => e.name).join(', ')})`)
    .option('--out <dir>', 'output folder', join(__dirname, '..', 'dist'))
    .option('--argocd-out <dir>', 'output folder of the Argo CD objects', join(__dirname, '..', 'argocd'))
    .action((names: string[], options: { out: string; argocdOut: string }) => {
      const environments = names.length > 0 ? names.map(environmentByName) : ENVIRONMENTS;
      const started = Date.now();
      synthToDist(environments, options.out, names.length === 0, options.argocdOut);
      const ms = Date.now() - started;
      console.log(`synthesized and validated ${environments.map((e) => e.name).join(', ')} into ${options.out} and ${options.argocdOut} (${ms} ms)`);
    })
    .parseAsync();
}

main().catch((error: unknown) => {
  console.error(`synth failed, output left as it was:\n${errorReport(error)}`);
  process.exit(1);
});
