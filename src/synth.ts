import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'cdk8s';
import { EnvironmentDefinition, environmentApp } from './app';
import { ARGOCD_DIR } from './argocd/layout';
import { synthesizeArgoCd } from './synth-argocd';
import { checkEnvironment, EnvironmentError } from './environments/check-environment';
import { thrownAt } from './error-report';
import { ManifestReader, chartOf, onceManifestReader, readManifestFiles } from './k8s/manifests';
import { ConfigError } from './ray/config-error';
import { RayEnvironment } from './environments/types';
import { RayService } from './ray/ray-service';
import { writeApp } from './yaml/write-app';
import { severityOf } from './validation/finding';
import { ChartManifests, LocatedFinding, formatFinding, validateEnvironment } from './validation/validate';

/** The result of synthesizing environments into a staging folder. */
export interface SynthResult {
  /** Staging folder holding `<env>/` for every environment. */
  readonly stagingDir: string;
  /** Staging folder holding the Argo CD objects, `<env>/`, of every environment. */
  readonly argocdStagingDir: string;
  /** Findings of the validators; empty when the output may be committed. */
  readonly findings: LocatedFinding[];
}

/** The charts of a synthesized environment folder (`dist/<env>/`), one per `*.k8s.yaml` file. */
export function readCharts(envDir: string, read: ManifestReader = readManifestFiles): ChartManifests[] {
  return read(envDir).map((f) => ({ chart: chartOf(f.file), objects: f.objects }));
}

/**
 * Synthesizes and validates environments into fresh staging folders next to `distDir` and
 * `argocdDir` (same file system, so the swap is a rename). Throws on bad environment data or props.
 */
export function synthesize(
  environments: readonly EnvironmentDefinition[],
  distDir: string,
  argocdDir: string = join(dirname(distDir), ARGOCD_DIR),
): SynthResult {
  mkdirSync(dirname(distDir), { recursive: true });
  mkdirSync(dirname(argocdDir), { recursive: true });
  const stagingDir = mkdtempSync(join(dirname(distDir), '.synth-'));
  const argocdStagingDir = mkdtempSync(join(dirname(argocdDir), '.synth-argocd-'));
  try {
    const findings = environments.flatMap((env) => {
      try {
        checkEnvironment(env);
        const envDir = join(stagingDir, env.name);
        const app = environmentApp(env, envDir);
        writeApp(app);
        writeServeConfigs(app, envDir);
        // Each written file is read and parsed once; every check sees the objects of its bytes.
        const read = onceManifestReader();
        return [
          ...validateEnvironment(env, readCharts(envDir, read)),
          ...synthesizeArgoCd(env, app, envDir, join(argocdStagingDir, env.name), read),
        ];
      } catch (error) {
        throw inEnvironment(env, error);
      }
    });
    return { stagingDir, argocdStagingDir, findings };
  } catch (error) {
    rmSync(stagingDir, { recursive: true, force: true });
    rmSync(argocdStagingDir, { recursive: true, force: true });
    throw error;
  }
}

/** Any error while an environment is built, as an EnvironmentError naming it. */
function inEnvironment(env: RayEnvironment, error: unknown): unknown {
  if (error instanceof EnvironmentError || !(error instanceof Error)) return error;
  if (error instanceof ConfigError) return new EnvironmentError(env.name, [error.message]);
  const at = thrownAt(error);
  return new EnvironmentError(env.name, [`${at ? `${at}: ` : ''}${error.message}`]);
}

/**
 * Writes the Serve config of every RayService in `app` as `<envDir>/serve-configs/<name>.yaml`, a
 * file that `serve run`/`serve deploy` read, so the same applications run locally. Not a
 * Kubernetes manifest: Argo CD Applications include `*.k8s.yaml` only. Part of synth's output
 * (the bench's plain-synth baseline writes them too), not of its validation.
 */
export function writeServeConfigs(app: App, envDir: string): void {
  const services = app.node.findAll().filter((c): c is RayService => c instanceof RayService);
  if (services.length === 0) return;
  const dir = join(envDir, 'serve-configs');
  mkdirSync(dir, { recursive: true });
  for (const service of services) writeFileSync(join(dir, `${service.name}.yaml`), service.serveConfigYaml());
}

/**
 * Moves staged environments into `distDir`. With `replaceAll`, environment folders that are
 * no longer synthesized are removed too. Each folder is swapped by rename.
 */
export function publish(stagingDir: string, distDir: string, replaceAll: boolean): void {
  const trash = join(stagingDir, '.previous');
  mkdirSync(trash);
  mkdirSync(distDir, { recursive: true });
  const staged = readdirSync(stagingDir).filter((d) => d !== '.previous');
  const stale = replaceAll ? readdirSync(distDir).filter((d) => !staged.includes(d)) : [];
  for (const name of [...staged, ...stale]) {
    if (existsSync(join(distDir, name))) renameSync(join(distDir, name), join(trash, name));
  }
  for (const name of staged) renameSync(join(stagingDir, name), join(distDir, name));
  rmSync(stagingDir, { recursive: true, force: true });
}

/** Synth found problems; nothing was written. */
export class SynthError extends Error {
  constructor(public readonly findings: readonly LocatedFinding[]) {
    const errors = findings.filter((f) => severityOf(f) === 'error').length;
    super(`${findings.map(formatFinding).join('\n')}\n${errors} error(s), ${findings.length - errors} warning(s) found`);
    this.name = 'SynthError';
  }
}

/**
 * Publishes a staged synth into `distDir` and `argocdDir`, or, when the validators found errors
 * (or, with `strict`, warnings), discards it and throws SynthError, leaving both exactly as they
 * were. Returns the warnings, for the caller to print.
 */
export function publishStaged(staged: SynthResult, distDir: string, replaceAll: boolean, argocdDir: string, strict = false): LocatedFinding[] {
  if (staged.findings.some((f) => strict || severityOf(f) === 'error')) {
    discardStaged(staged);
    throw new SynthError(staged.findings);
  }
  publish(staged.stagingDir, distDir, replaceAll);
  publish(staged.argocdStagingDir, argocdDir, replaceAll);
  return staged.findings;
}

/** Removes a staged synth that will not be published. */
export function discardStaged(staged: SynthResult): void {
  rmSync(staged.stagingDir, { recursive: true, force: true });
  rmSync(staged.argocdStagingDir, { recursive: true, force: true });
}

/**
 * Synthesizes, validates and publishes environments into `distDir` and their Argo CD objects
 * into `argocdDir`, or throws (SynthError, EnvironmentError) leaving both exactly as they were.
 * Returns the warnings; with `strict` they throw too.
 */
export function synthToDist(
  environments: readonly EnvironmentDefinition[],
  distDir: string,
  replaceAll: boolean,
  argocdDir: string = join(dirname(distDir), ARGOCD_DIR),
  strict: boolean = false,
): LocatedFinding[] {
  return publishStaged(synthesize(environments, distDir, argocdDir), distDir, replaceAll, argocdDir, strict);
}
