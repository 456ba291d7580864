import { join, relative } from 'node:path';
import { Command } from 'commander';
import { errorReport } from '../error-report';
import { TypeCheckError, startTypeCheck } from './type-check';

/**
 * `npm run synth`: type-checks the app in a child process while it synthesizes and validates in
 * memory, and writes only when both pass. Environment modules load inside the error
 * handling, so a value that throws while an environment file loads (`Size.gibibytes(-1)`) is
 * reported like every other bad input: one message, no stack trace, exit 1, output untouched.
 */
async function synth(typeCheck: Promise<string[]>): Promise<void> {
  const { ENVIRONMENTS, environmentByName } = await import('../environments');
  const { publish, synthesize } = await import('../synth');
  const { formatFinding } = await import('../validation/validate');
  await new Command()
    .name('synth')
    .description('Synthesize and validate environments into dist/<env>/ and argocd/<env>/ (all environments when none is named)')
    .argument('[environments...]', `environments to synthesize (${ENVIRONMENTS.map((e) => e.name).join(', ')})`)
    .option('--out <dir>', 'output folder', join(__dirname, '..', '..', 'dist'))
    .option('--argocd-out <dir>', 'output folder of the Argo CD objects', join(__dirname, '..', '..', 'argocd'))
    .option('--strict', 'fail on warnings too', false)
    .action(async (names: string[], options: { out: string; argocdOut: string; strict: boolean }) => {
      const environments = names.length > 0 ? names.map(environmentByName) : ENVIRONMENTS;
      const started = Date.now();
      const synthesized = synthesize(environments, options.out, options.argocdOut);
      const diagnostics = await typeCheck;
      if (diagnostics.length > 0) throw new TypeCheckError(diagnostics);
      const { warnings, removed } = publish(synthesized, options.out, names.length === 0, options.argocdOut, options.strict);
      if (warnings.length > 0) console.error(`${warnings.map(formatFinding).join('\n')}\n${warnings.length} warning(s), written anyway (--strict fails on warnings)`);
      if (removed.length > 0) console.log(`removed what synth no longer writes: ${removed.map((path) => relative(process.cwd(), path)).join(', ')}`);
      const ms = Date.now() - started;
      console.log(`synthesized, type-checked and validated ${environments.map((e) => e.name).join(', ')} into ${options.out} and ${options.argocdOut} (${ms} ms)`);
    })
    .parseAsync();
}

const typeCheck = startTypeCheck();
process.on('exit', () => typeCheck.stop());
synth(typeCheck.result).catch(async (error: unknown) => {
  const reports = [errorReport(error)];
  if (!(error instanceof TypeCheckError)) {
    const diagnostics = await typeCheck.result.catch(() => []);
    if (diagnostics.length > 0) reports.push(new TypeCheckError(diagnostics).message);
  }
  console.error(`synth failed, output left as it was:\n${reports.join('\n')}`);
  process.exit(1);
});
