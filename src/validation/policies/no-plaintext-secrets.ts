import { yamlField } from '../../k8s/yaml-documents';
import { Segment, formatPath } from '../../k8s/field-path';
import { Finding } from '../finding';
import { Json } from '../../k8s/pod-templates';
import { ObjectPolicy } from './policy';

// Source: https://kubernetes.io/docs/concepts/security/secrets-good-practices/ and
// https://argo-cd.readthedocs.io/en/stable/operator-manual/secret-management/ (what a GitOps
// repository holds is readable by everyone who can read the repository).

/** Names of fields and variables that hold credentials. */
const SECRET_NAME = /(password|passwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials?)$/i;
/** A kubelet `$(VAR)` reference: the value comes from elsewhere at run time. */
const VAR_REFERENCE = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;
/** `scheme://user:password@host`. */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:([^\s/@]+)@/gi;

/**
 * What every pattern below needs in the text (`://` for URL_CREDENTIALS, then each shape's fixed
 * part): most values have none of it, so one test per string skips them all.
 */
const MAYBE_SECRET = /:\/\/|-----BEGIN |AKIA|ASIA|gh[pousr]_|xox[abpors]-/;

/**
 * Credentials recognisable by their shape wherever they appear. `hints`: text every match
 * contains, searched for first (a plain search is much cheaper than the pattern on long values).
 */
const SECRET_SHAPES: readonly { readonly what: string; readonly hints: readonly string[]; readonly pattern: RegExp }[] = [
  { what: 'a PEM private key', hints: ['-----BEGIN '], pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'an AWS access key id', hints: ['AKIA', 'ASIA'], pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: 'a Slack token', hints: ['xox'], pattern: /\bxox[abpors]-[A-Za-z0-9-]{10,}\b/ },
];

function literal(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !VAR_REFERENCE.test(value);
}

/** Reports a finding at a path given as segments, formatted only when there is a finding. */
type Report = (path: readonly Segment[], message: string) => void;

function scanString(value: string, path: readonly Segment[], report: Report): void {
  if (!MAYBE_SECRET.test(value)) return;
  // A password in a URL comes before an `@`.
  if (value.includes('@')) {
    for (const match of value.matchAll(URL_CREDENTIALS)) {
      if (!VAR_REFERENCE.test(match[1])) report(path, 'a URL carries a literal password; expected $(VAR) from a Secret-backed env var');
    }
  }
  for (const shape of SECRET_SHAPES) {
    if (shape.hints.some((hint) => value.includes(hint)) && shape.pattern.test(value)) report(path, `the value looks like ${shape.what}`);
  }
}

/**
 * Fields holding YAML that the operator decodes: a RayService's Serve config (whose
 * applications' `runtime_env.env_vars` become process environment variables) and a RayJob's
 * runtime environment. Their contents are scanned like the rest of the object.
 */
const EMBEDDED_YAML = new Set(['serveConfigV2', 'runtimeEnvYAML']);


/**
 * One walk over `value`; `path` is the stack of segments to it (pushed and popped in place, so
 * a path string is built only for a finding). The hot path of the policy (it visits every
 * field of every object): a key's name is tested only when its value could be a credential.
 */
function scan(value: unknown, path: Segment[], report: Report): void {
  if (typeof value === 'string') return scanString(value, path, report);
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      scan(value[i], path, report);
      path.pop();
    }
    return;
  }
  const obj = value as Json;
  // {name: DB_PASSWORD, value: "..."} (env vars, Argo parameters)
  if (literal(obj.value) && typeof obj.name === 'string' && SECRET_NAME.test(obj.name)) {
    report([...path, 'value'], `'${obj.name}' has a literal value; expected valueFrom.secretKeyRef`);
  }
  for (const key of Object.keys(obj)) {
    const child = obj[key];
    path.push(key);
    // redis-password: "..." (start params) or redisPassword: {value: "..."} (KubeRay)
    if (mayHoldLiteral(child) && SECRET_NAME.test(key) && (literal(child) || literal((child as Json).value))) {
      report(path, `'${key}' holds a literal credential; expected a reference to a Secret`);
    }
    // Not YAML (the schema and KubeRay rules report it), or a scalar: scanned as a string.
    const parsed = EMBEDDED_YAML.has(key) ? yamlField(obj, key)?.value : undefined;
    scan(parsed !== null && typeof parsed === 'object' ? parsed : child, path, report);
    path.pop();
  }
}

/** A non-empty string, or an object with a `value`: what `literal` may accept, without a regex. */
function mayHoldLiteral(child: unknown): boolean {
  return typeof child === 'string' ? child !== '' : typeof child === 'object' && child !== null && typeof (child as Json).value === 'string';
}

/**
 * No credential appears in any object: the manifests live in Git, readable by everyone who can
 * read the repository, and in Argo CD's UI. Secrets with data, literal values of
 * password/token-like env vars and fields, passwords inside URLs, and values shaped like
 * private keys or cloud tokens are findings; references to Secrets are the way.
 */
export const noPlaintextSecrets: ObjectPolicy = {
  id: 'policy/no-plaintext-secrets',
  description: 'no credential values in manifests; only references to Secrets',
  severity: 'warning',
  check(obj) {
    const findings: Finding[] = [];
    const report: Report = (path, message) => findings.push({ rule: this.id, path: formatPath(path), message });
    if (obj.kind === 'Secret') {
      for (const field of ['data', 'stringData']) {
        if (Object.keys(obj[field] ?? {}).length > 0) report([field], `a Secret with ${field} puts its values in Git; create it outside Git and declare it in the environment's externalPrerequisites`);
      }
    }
    scan(obj, [], report);
    return findings;
  },
};
