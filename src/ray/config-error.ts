import { IConstruct } from 'constructs';

/**
 * Bad construct props: names the construct (its path in the app, which starts with the
 * environment's chart), the prop path and what was expected. Thrown from constructors so
 * synth stops before anything is written. Charts re-aim it at the option the user wrote
 * (`aimAt`), the app at the environment's workload key.
 */
export class ConfigError extends Error {
  /** Path of the construct in the app, e.g. `ray-sandbox/Cluster`. */
  public readonly constructPath: string;
  /** The field as the user wrote it, once known, e.g. `workloads.sandbox.maxCpuWorkers`. */
  public userField?: string;

  constructor(
    scope: IConstruct,
    /** The construct's prop path, e.g. `workerGroups[0].maxReplicas`. */
    public readonly propPath: string,
    /** What was expected, and what was given. */
    public readonly expected: string,
  ) {
    super(`${scope.node.path}: ${propPath}: ${expected}`);
    this.name = 'ConfigError';
    this.constructPath = scope.node.path;
  }

  /** Names the user's field; the construct's path and prop stay in the message, in brackets. */
  aimAt(userField: string): void {
    this.userField = userField;
    this.message = `${userField}: ${this.expected} (${this.constructPath}: ${this.propPath})`;
  }
}

/**
 * What `path` adds to `prefix` when it is `prefix` or lies inside it (`a.b[0].c` inside `a.b[0]`
 * and `a`, not inside `a.b[1]` or `a.bc`); `''` is the prefix of every path.
 */
function suffixInside(path: string, prefix: string): string | undefined {
  if (prefix === '') return path.startsWith('[') ? path : `.${path}`;
  if (path === prefix) return '';
  return path.startsWith(prefix) && /^[.[]/.test(path.slice(prefix.length)) ? path.slice(prefix.length) : undefined;
}

/**
 * Builds constructs from a chart's options and re-aims a ConfigError about a prop the chart
 * filled from an option at that option: with `{ 'workerGroups[0].maxReplicas': 'maxCpuWorkers' }`
 * an error about `workerGroups[0].maxReplicas` names `maxCpuWorkers`, one about
 * `workerGroups[0].resources.cpu` under `{ 'workerGroups[0].resources': 'cpuWorker' }` names
 * `cpuWorker.cpu`; `{ '': 'mlflow' }` puts every prop under `mlflow`, `{ '': '' }` keeps the
 * props' names (options passed through as props). The longest matching prop path wins; other
 * errors pass unchanged.
 */
export function fromOptions<T>(fields: Readonly<Record<string, string>>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigError && error.userField === undefined) {
      const match = Object.keys(fields)
        .sort((a, b) => b.length - a.length)
        .map((prop) => ({ option: fields[prop], rest: suffixInside(error.propPath, prop) }))
        .find((m) => m.rest !== undefined);
      if (match) error.aimAt(match.option === '' ? match.rest!.replace(/^\./, '') : `${match.option}${match.rest}`);
    }
    throw error;
  }
}
