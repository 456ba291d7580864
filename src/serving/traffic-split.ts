import { IConstruct } from 'constructs';
import { ConfigError } from '../ray/config-error';
import { ServeApplication, ServeDeployment } from '../ray/serve-config';
import { isDns1123Label } from '../k8s/names';

/** Import path of the splitter application (see python/ray_workloads/serve/traffic_split.py). */
export const TRAFFIC_SPLITTER_IMPORT_PATH = 'ray_workloads.serve.traffic_split:build_app';

/** One version of a model and the share of requests it gets. */
export interface WeightedVersion {
  /** Version label: the application is `<name>-<version>`; passed to the app as `args.version`. */
  readonly version: string;
  /** Percent of requests, a whole number 0..100; the weights of a split sum to 100. */
  readonly weight: number;
  /**
   * Builder args of this version on top of the split's `args` (e.g. another `model`).
   * @default {}
   */
  readonly args?: Record<string, unknown>;
}

/**
 * A weighted split of one route between versions of a model, written once: the versioned
 * Serve applications and the splitter's routes are both generated from it, so the two can't
 * disagree.
 */
export interface TrafficSplit {
  /** Base name: the splitter application's name; versions are `<name>-<version>`. */
  readonly name: string;
  /** HTTP route of the splitter; the versions get none (reachable through handles only). */
  readonly routePrefix: string;
  /** Import path of every version (the same builder, different args). */
  readonly importPath: string;
  /**
   * Builder args shared by every version.
   * @default {}
   */
  readonly args?: Record<string, unknown>;
  /**
   * Deployment overrides shared by every version (replicas, resources).
   * @default []
   */
  readonly deployments?: ServeDeployment[];
  /** The versions and their weights. */
  readonly versions: WeightedVersion[];
  /**
   * Scaling of the splitter's `TrafficSplitter` deployment.
   * @default - one replica with 0.25 CPU (routing is one handle call per request)
   */
  readonly splitter?: Omit<ServeDeployment, 'name'>;
}

/**
 * Throws a ConfigError naming `<versionsPath>[i].weight` (or `.version`) unless every weight is
 * a whole percent, versions are unique and the weights sum to 100.
 */
export function checkTrafficSplit(scope: IConstruct, versionsPath: string, split: TrafficSplit): void {
  if (split.versions.length === 0) throw new ConfigError(scope, versionsPath, 'at least one version is required');
  const seen = new Set<string>();
  split.versions.forEach((v, i) => {
    const at = `${versionsPath}[${i}]`;
    if (!isDns1123Label(v.version)) throw new ConfigError(scope, `${at}.version`, `expected a DNS-1123 label (at most 63 lowercase letters, digits and '-'), got '${v.version}'`);
    if (seen.has(v.version)) throw new ConfigError(scope, `${at}.version`, `'${v.version}' is used twice`);
    seen.add(v.version);
    if (!Number.isInteger(v.weight) || v.weight < 0 || v.weight > 100) {
      throw new ConfigError(scope, `${at}.weight`, `expected a whole number 0..100, got ${v.weight}`);
    }
  });
  const total = split.versions.reduce((sum, v) => sum + v.weight, 0);
  if (total !== 100) {
    const terms = split.versions.map((v) => `${v.version}=${v.weight}`).join(' + ');
    throw new ConfigError(scope, versionsPath, `weights must sum to 100, got ${terms} = ${total}`);
  }
}

/** Name of the application that serves one version. */
export function versionApplicationName(split: TrafficSplit, version: WeightedVersion): string {
  return `${split.name}-${version.version}`;
}

/**
 * The Serve applications of a split: one per version without an HTTP route, and the splitter
 * on `routePrefix` whose `routes` name those applications with their weights.
 */
export function trafficSplitApplications(scope: IConstruct, versionsPath: string, split: TrafficSplit): ServeApplication[] {
  checkTrafficSplit(scope, versionsPath, split);
  const versions: ServeApplication[] = split.versions.map((v) => ({
    name: versionApplicationName(split, v),
    importPath: split.importPath,
    routePrefix: null,
    args: { ...split.args, ...v.args, version: v.version },
    deployments: split.deployments,
  }));
  const splitter: ServeApplication = {
    name: split.name,
    importPath: TRAFFIC_SPLITTER_IMPORT_PATH,
    routePrefix: split.routePrefix,
    args: { routes: split.versions.map((v) => ({ application: versionApplicationName(split, v), weight: v.weight })) },
    deployments: [{ name: 'TrafficSplitter', ...(split.splitter ?? { numReplicas: 1, rayActorOptions: { numCpus: 0.25 } }) }],
  };
  return [...versions, splitter];
}
