import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ENVIRONMENTS, environmentByName } from '../environments';
import { RayEnvironment } from '../environments/types';
import { formatGithub, formatJson, formatText, validateInputs } from '../validation/input-findings';
import { InputError, readInputDocuments } from '../validation/input-manifests';
import { FeatureGate, FeatureGates, KUBERAY_FEATURE_GATE_DEFAULTS } from '../validation/kuberay';

/**
 * `npx ray-gitops validate [--environment NAME] [--feature-gates Name=true,...]
 * [--format text|json|github] [--strict] PATH...`: validates YAML we did not generate
 * (hand-written manifests, `helm template` output). Exit status: 0 no errors, 1 errors (or
 * warnings under `--strict`), 2 usage or I/O errors.
 */

const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

function parseFeatureGates(text: string): Partial<FeatureGates> {
  const gates: Partial<Record<FeatureGate, boolean>> = {};
  for (const item of text.split(',').filter((s) => s.trim() !== '')) {
    const match = /^\s*([A-Za-z0-9]+)=(true|false)\s*$/.exec(item);
    if (!match) throw new InvalidArgumentError(`expected Name=true|false, got '${item}'`);
    if (!(match[1] in KUBERAY_FEATURE_GATE_DEFAULTS)) {
      throw new InvalidArgumentError(`unknown KubeRay v1.7.0 feature gate '${match[1]}' (known: ${Object.keys(KUBERAY_FEATURE_GATE_DEFAULTS).join(', ')})`);
    }
    gates[match[1] as FeatureGate] = match[2] === 'true';
  }
  return gates;
}

function parseEnvironment(name: string): RayEnvironment {
  try {
    return environmentByName(name);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

interface ValidateOptions {
  readonly environment?: RayEnvironment;
  readonly featureGates?: Partial<FeatureGates>;
  readonly format: 'text' | 'json' | 'github';
  readonly strict: boolean;
}

function validateCommand(paths: string[], options: ValidateOptions): number {
  const documents = readInputDocuments(paths, () => readFileSync(0, 'utf8'));
  const findings = validateInputs(documents, options);
  const format = { text: formatText, json: formatJson, github: formatGithub }[options.format];
  const report = format(findings);
  if (report !== '' || options.format === 'json') console.log(report);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (options.format === 'text') {
    const objects = documents.length;
    console.error(`${objects} document(s) checked: ${errors} error(s), ${warnings} warning(s)${options.environment ? '' : ' (no --environment: node-pool policies skipped)'}`);
  }
  return errors > 0 || (options.strict && warnings > 0) ? EXIT_FINDINGS : 0;
}

const program = new Command()
  .name('ray-gitops')
  .description('ray-gitops tools')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

program
  .command('validate')
  .description('Validate Kubernetes YAML (KubeRay, Argo, core kinds) as the API server, KubeRay v1.7.0 and our policies would judge it')
  .argument('<paths...>', "files, folders (read recursively: *.yaml, *.yml) or '-' for stdin")
  .option('--environment <name>', `apply the policies of this environment's node pools (${ENVIRONMENTS.map((e) => e.name).join(', ')}); without it they are skipped`, parseEnvironment)
  .option('--feature-gates <gates>', 'KubeRay operator feature gates, e.g. RayCronJob=true,RayClusterMTLS=true (default: v1.7.0 defaults)', parseFeatureGates)
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
  .option('--strict', 'exit 1 on warnings too', false)
  .action((paths: string[], options: ValidateOptions) => {
    process.exitCode = validateCommand(paths, options);
  });

try {
  program.parse();
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (error instanceof InputError) {
    console.error(`ray-gitops: ${error.message}`);
    process.exitCode = EXIT_USAGE;
  } else {
    throw error;
  }
}
