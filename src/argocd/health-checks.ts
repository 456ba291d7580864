import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DNS_1123_LABEL_FORM, isDns1123Label } from '../k8s/names';

/**
 * The ray.io kinds we give Argo CD health checks for; Argo CD v3.5.1 ships none, so without
 * them every RayCluster, RayJob and RayService shows Healthy as soon as it exists.
 */
export enum RayHealthKind {
  RAY_CLUSTER = 'RayCluster',
  RAY_JOB = 'RayJob',
  RAY_SERVICE = 'RayService',
}

/** The argocd-cm key of a custom health check: `resource.customizations.health.<group>_<Kind>`. */
export type RayHealthCheckKey = `resource.customizations.health.ray.io_${RayHealthKind}`;

/** The `data` of the argocd-cm patch: one Lua health check per ray.io kind. */
export type RayHealthCheckData = Record<RayHealthCheckKey, string>;

/**
 * A merge patch for Argo CD's `argocd-cm` ConfigMap. Apply it with `kubectl patch --type merge`
 * or server-side apply: both keep the other argocd-cm entries.
 */
export interface ArgocdCmPatch {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: {
    readonly name: 'argocd-cm';
    readonly namespace: string;
    /** The labels Argo CD's own manifests give argocd-cm, in case the patch creates it. */
    readonly labels: Readonly<Record<string, string>>;
  };
  readonly data: RayHealthCheckData;
}

/** Options of {@link argocdCmPatch}. */
export interface ArgocdCmPatchProps {
  /**
   * Namespace Argo CD is installed in.
   * @default 'argocd'
   */
  readonly namespace?: string;
}

const HEALTH_DIR = join(__dirname, 'health');
const KINDS = Object.values(RayHealthKind);

/** The argocd-cm key that holds the health check of `kind`. */
export function rayHealthCheckKey(kind: RayHealthKind): RayHealthCheckKey {
  assertKind(kind);
  return `resource.customizations.health.ray.io_${kind}`;
}

/**
 * The Lua source Argo CD runs for `kind`: `health/common.lua` followed by the kind's script,
 * one self-contained chunk, since argocd-cm gives each kind a single script.
 */
export function rayHealthCheckScript(kind: RayHealthKind): string {
  assertKind(kind);
  return [readScript('common.lua'), readScript(`${kind.toLowerCase()}.lua`)].join('\n');
}

/** The argocd-cm entries for all ray.io health checks, keyed as Argo CD looks them up. */
export function rayHealthCheckData(): RayHealthCheckData {
  const data = {} as Record<RayHealthCheckKey, string>;
  for (const kind of KINDS) {
    data[rayHealthCheckKey(kind)] = rayHealthCheckScript(kind);
  }
  return data;
}

/** The argocd-cm patch the bootstrap applies so that Argo CD judges ray.io objects by their status. */
export function argocdCmPatch(props: ArgocdCmPatchProps = {}): ArgocdCmPatch {
  const namespace = props.namespace ?? 'argocd';
  if (!isDns1123Label(namespace)) {
    throw new Error(
      `argocdCmPatch: namespace '${namespace}' is not a valid namespace name (expected ${DNS_1123_LABEL_FORM})`,
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'argocd-cm',
      namespace,
      labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
    },
    data: rayHealthCheckData(),
  };
}

function assertKind(kind: string): void {
  if (!(KINDS as string[]).includes(kind)) {
    throw new Error(`Unknown ray.io kind '${kind}' for a health check (expected one of ${KINDS.join(', ')})`);
  }
}

function readScript(file: string): string {
  return readFileSync(join(HEALTH_DIR, file), 'utf8');
}
