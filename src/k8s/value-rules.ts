import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describeValue } from './describe-value';
import { isDns1123Subdomain } from './names';

/**
 * Range and format rules for values that reach a manifest, as `expected …, got …` messages
 * (undefined when the value is fine). Constructs throw them as ConfigErrors naming the prop;
 * the environment check reports them naming the field.
 */

/** A CPU quantity Kubernetes accepts for a container: whole or decimal cores, or whole millicores; > 0. */
export function cpuProblem(cpu: Cpu): string | undefined {
  const amount = cpu.amount;
  const cores = /^\d+(\.\d+)?$/.test(amount) ? Number(amount) : /^\d+m$/.test(amount) ? Number(amount.slice(0, -1)) / 1000 : NaN;
  return cores > 0 ? undefined : `expected a CPU amount > 0 (Cpu.units(2), Cpu.millis(500); whole millicores), got '${amount}'`;
}

/**
 * A key of a Secret or ConfigMap as the API server accepts it (k8s.io/apimachinery
 * `IsConfigMapKey`): 1 to 253 letters, digits, `-`, `_` and `.`, neither `.` nor `..` nor
 * starting with `..`.
 */
export function isConfigMapKey(key: string): boolean {
  return /^[-._a-zA-Z0-9]{1,253}$/.test(key) && key !== '.' && !key.startsWith('..');
}

/** Memory > 0 in whole MiB (what the manifests write). */
export function memoryProblem(memory: Size): string | undefined {
  let mebibytes: number;
  try {
    mebibytes = memory.toMebibytes();
  } catch {
    return `expected a whole number of MiB, got ${memory.toKibibytes({ rounding: SizeRoundingBehavior.NONE })} KiB`;
  }
  return mebibytes > 0 ? undefined : `expected more than 0 MiB, got ${mebibytes} MiB`;
}

/**
 * An environment variable name as the API server's classic validation accepts it
 * (k8s.io/apimachinery `IsEnvVarName`: letters, digits, `_`, `-`, `.`, not starting with a digit).
 */
export function envVarNameProblem(name: string): string | undefined {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)
    ? undefined
    : `expected an environment variable name (letters, digits, '_', '-', '.', not starting with a digit), got ${describeValue(name)}`;
}

/** A TCP port number, 1–65535. */
export function portProblem(port: number | string): string | undefined {
  const n = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : `expected a port 1-65535, got ${describeValue(port)}`;
}

/** A DNS-1123 subdomain (storage class, secret and other object names). */
export function subdomainProblem(name: string): string | undefined {
  return isDns1123Subdomain(name)
    ? undefined
    : `expected a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253), got ${describeValue(name)}`;
}

/** A Git repository URL as Argo CD clones it: `https://`, `http://`, `ssh://`, `git://` or scp-like `git@host:path`. */
export function repoUrlProblem(url: string): string | undefined {
  if (/^git@[^\s:]+:\S+$/.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    if (['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol) && parsed.hostname !== '') return undefined;
  } catch {
    // not a URL: reported below
  }
  return `expected a Git repository URL (https://host/org/repo.git or git@host:org/repo.git), got ${describeValue(url)}`;
}

/** A branch, tag or commit as `git check-ref-format` allows it (and `HEAD`). */
export function gitRevisionProblem(revision: string): string | undefined {
  const bad = revision === '' || /[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|^[/.]|[/.]$|\.lock$|\/\/|^@$/.test(revision);
  return bad ? `expected a branch, tag or commit (git check-ref-format), got ${describeValue(revision)}` : undefined;
}

/** An http(s) URL (an API server, a download). */
export function httpUrlProblem(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '') return undefined;
  } catch {
    // reported below
  }
  return `expected an http(s) URL, got ${describeValue(url)}`;
}
