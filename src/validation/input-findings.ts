import { RayEnvironment } from '../environments/types';
import { Json } from '../k8s/pod-templates';
import { Finding, Severity, severityOf } from './finding';
import { InputDocument, isKubernetesObject } from './input-manifests';
import { FeatureGates } from './kuberay';
import { checkServeApplication, checkServeConfig } from './ray-serve/serve-config';
import { validateManifests } from './validate';

/** One finding about YAML given on the command line: the record `--format json` prints. */
export interface InputFinding {
  /** The file as given on the command line (`-` for stdin). */
  readonly file: string;
  /**
   * 1-based line of the finding's field in the file (the deepest part of its path the file has;
   * the document's first line for a finding about the whole object). Not in the JSON record.
   */
  readonly line: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Field path in kubectl's notation, `` for the whole object. */
  readonly path: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
}

/** A mapping without `kind` that has `key`: a Serve config file rather than a Kubernetes object. */
function isServeFile(value: unknown, key: string): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && key in value && !('kind' in value);
}

/**
 * The Serve check of a Serve config file: multi-application (Ray's `ServeDeploySchema`, a mapping
 * with `applications`) or single-application (`ServeApplicationSchema`, with `import_path`).
 */
function serveCheckOf(value: unknown): ((config: unknown) => Finding[]) | undefined {
  if (isServeFile(value, 'applications')) return checkServeConfig;
  if (isServeFile(value, 'import_path')) return checkServeApplication;
  return undefined;
}

/**
 * Validates documents read from the command line: every Kubernetes object against its schema,
 * KubeRay v1.7.0's rules (with `featureGates`) and the object policies; with an `environment`,
 * the policies that need its pools and other objects too (all documents count as that
 * environment's objects). A Serve config file (what `serve run`/`serve deploy` read, as synth
 * writes to `dist/<env>/serve-configs/`, or a single application with `import_path`) is checked
 * against Ray's Serve schema. Any other
 * document is a warning.
 */
export function validateInputs(
  documents: readonly InputDocument[],
  options: { readonly environment?: RayEnvironment; readonly featureGates?: Partial<FeatureGates> },
): InputFinding[] {
  const objects = documents.filter((d) => isKubernetesObject(d.value)).map((d) => d.value as Json);
  return documents.flatMap((doc) => {
    const unnamed = { file: doc.file, line: doc.line, apiVersion: '', kind: '', namespace: '', name: '' };
    const serveCheck = serveCheckOf(doc.value);
    if (serveCheck) {
      return serveCheck(doc.value).map((f) => ({ ...unnamed, line: f.path ? doc.lineOf(f.path) : doc.line, path: f.path, rule: f.rule, severity: severityOf(f), message: f.message }));
    }
    if (!isKubernetesObject(doc.value)) {
      return [
        {
          ...unnamed, path: '', rule: 'manifest',
          severity: 'warning' as const,
          message: 'neither a Kubernetes object (a mapping with apiVersion and kind) nor a Serve config (a mapping with applications, or a single application with import_path); skipped',
        },
      ];
    }
    const obj = doc.value;
    return validateManifests([obj], options.environment, objects, { featureGates: options.featureGates }).map((f) => ({
      file: doc.file,
      line: f.path ? doc.lineOf(f.path) : doc.line,
      apiVersion: String(obj.apiVersion ?? ''),
      kind: String(obj.kind ?? ''),
      namespace: String(obj.metadata?.namespace ?? ''),
      name: f.name,
      path: f.path,
      rule: f.rule,
      severity: severityOf(f),
      message: f.message,
    }));
  });
}

/** `--format text`: `file:line: severity: Kind/name path: message (rule)`, one per line. */
export function formatText(findings: readonly InputFinding[]): string {
  return findings
    .map((f) => `${f.file}:${f.line}: ${f.severity}: ${f.kind ? `${f.kind}/${f.name} ` : ''}${f.path ? `${f.path}: ` : ''}${f.message} (${f.rule})`)
    .join('\n');
}

/** `--format json`: one JSON array of `{file, apiVersion, kind, namespace, name, path, rule, severity, message}`. */
export function formatJson(findings: readonly InputFinding[]): string {
  const records = findings.map(({ file, apiVersion, kind, namespace, name, path, rule, severity, message }) => ({
    file, apiVersion, kind, namespace, name, path, rule, severity, message,
  }));
  return JSON.stringify(records, null, 2);
}

/**
 * `--format github`: GitHub Actions workflow commands (`::error file=...,line=...,title=...::...`),
 * which annotate the pull request at the object's document.
 * @see https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
 */
export function formatGithub(findings: readonly InputFinding[]): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return findings
    .map((f) => {
      const where = f.kind ? `${f.kind}/${f.name} ${f.path}`.trim() : '';
      return `::${f.severity} file=${escapeProperty(f.file)},line=${f.line},title=${escapeProperty(f.rule)}::${escapeData(where ? `${where}: ${f.message}` : f.message)}`;
    })
    .join('\n');
}
