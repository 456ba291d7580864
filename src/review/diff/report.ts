import { RayEnvironment } from '../../environments/types';
import { Json } from '../../k8s/pod-templates';
import { RayServiceUpgradeStrategy, rayServiceUpgradeType } from '../../k8s/ray-service-upgrade';
import { upgradeStallMessage } from '../../validation/policies/pool-capacity';
import { AcceleratorGpus, gpusByAccelerator } from '../../capacity/accelerator-gpus';
import { PoolDemand, newClusterShortfalls } from '../../capacity/pool-demand';
import { Scale, totalScale } from '../../capacity/scale';
import { EnvironmentObjects, SourcedObject } from '../../k8s/manifests';
import { ObjectId, compareIds, compareStrings, objectId } from '../object-id';
import { publicEndpoints } from './endpoints';
import { FieldChange, fieldChanges } from './field-diff';
import { matchObjects, withoutIdentity } from './match';
import { Rollout, rollout } from './rollout';

/** An added or removed object. */
export interface ObjectEntry {
  readonly id: ObjectId;
  /** The file it is in: `dist/gke/ray-sandbox.k8s.yaml`. */
  readonly file: string;
}

/** A changed object with its changed fields. */
export interface ChangedObject extends ObjectEntry {
  readonly fields: readonly FieldChange[];
}

/** A renamed object: identity before, and the field changes apart from the name. */
export interface RenamedObject extends ChangedObject {
  readonly from: ObjectId;
}

/** The figures a reviewer reads first. */
export interface Summary {
  readonly before: Scale;
  readonly after: Scale;
  readonly newEndpoints: readonly string[];
  readonly removedEndpoints: readonly string[];
  /** Changed objects whose pods are affected, with what happens to them. */
  readonly rollouts: readonly Rollout[];
  /**
   * GPUs at max scale per accelerator against the GPUs of its pools.
   * @default - not compared: the environment's node pools are not known (it was removed)
   */
  readonly gpusByAccelerator?: readonly AcceleratorGpus[];
}

export enum EnvironmentStatus {
  ADDED = 'added',
  REMOVED = 'removed',
  CHANGED = 'changed',
  UNCHANGED = 'unchanged',
}

/** What a change does to one environment. */
export interface EnvironmentReport {
  readonly environment: string;
  readonly status: EnvironmentStatus;
  readonly added: readonly ObjectEntry[];
  readonly removed: readonly ObjectEntry[];
  readonly renamed: readonly RenamedObject[];
  readonly changed: readonly ChangedObject[];
  readonly summary: Summary;
}

/** The review of a change: every environment on either side, by name. */
export interface ReviewReport {
  /** What the new version is compared against, as the user named it (`origin/main`). */
  readonly base: string;
  readonly environments: readonly EnvironmentReport[];
}

export function hasChanges(report: ReviewReport): boolean {
  return report.environments.some((e) => e.status !== EnvironmentStatus.UNCHANGED);
}

/**
 * Compares the synthesized objects of two versions, environment by environment. With the
 * environments of the new version (`environments`, by name), GPUs are also counted per
 * accelerator against the pools, and each NewCluster RayService upgrade's peak is compared
 * with what the pools have free.
 */
export function reviewChange(
  base: string,
  before: EnvironmentObjects,
  after: EnvironmentObjects,
  environments: ReadonlyMap<string, RayEnvironment> = new Map(),
): ReviewReport {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings);
  return { base, environments: names.map((name) => environmentReport(name, before.get(name), after.get(name), environments.get(name))) };
}

/**
 * A NewCluster RayService upgrade's peak (old and new cluster at once) against the pools' free
 * capacity with every workload of the environment at max scale (`newClusterShortfalls`).
 */
function withPoolCheck(r: Rollout | undefined, obj: Json, env: RayEnvironment | undefined, demand: () => PoolDemand): Rollout | undefined {
  if (!r || !env || !r.replacesPods || obj.kind !== 'RayService' || rayServiceUpgradeType(obj) !== RayServiceUpgradeStrategy.NEW_CLUSTER) return r;
  const shortfalls = newClusterShortfalls(demand(), obj);
  const pools =
    shortfalls.length > 0
      ? shortfalls.map((s) => upgradeStallMessage(env, s)).join('; ')
      : `environment '${env.name}': the node pools have room for the new cluster beside every workload at max scale`;
  return { ...r, pools };
}

function entry(o: SourcedObject): ObjectEntry {
  return { id: objectId(o.object), file: o.file };
}

function environmentReport(
  environment: string,
  before: readonly SourcedObject[] | undefined,
  after: readonly SourcedObject[] | undefined,
  env: RayEnvironment | undefined,
): EnvironmentReport {
  const afterObjects = (after ?? []).map((o) => o.object);
  let poolDemand: PoolDemand | undefined;
  const demand = () => (poolDemand ??= new PoolDemand(env!, afterObjects));
  const m = matchObjects(before ?? [], after ?? []);
  const changed = m.kept
    .map((p) => ({ ...entry(p.after), fields: fieldChanges(p.before.object, p.after.object) }))
    .filter((c) => c.fields.length > 0);
  const renamed = m.renamed.map((p) => ({
    ...entry(p.after),
    from: objectId(p.before.object),
    fields: fieldChanges(withoutIdentity(p.before.object), withoutIdentity(p.after.object)),
  }));
  const rollouts = [
    ...m.kept.map((p) => withPoolCheck(rollout(p.before.object, p.after.object, false), p.after.object, env, demand)),
    ...m.renamed.map((p) => rollout(p.before.object, p.after.object, true)),
  ]
    .filter((r): r is Rollout => r !== undefined)
    .sort((a, b) => compareIds(a.object, b.object));
  const endpoints = (objects: readonly SourcedObject[] | undefined) => new Set((objects ?? []).flatMap((o) => publicEndpoints(o.object)));
  const oldEndpoints = endpoints(before);
  const newEndpoints = endpoints(after);
  const status =
    before === undefined
      ? EnvironmentStatus.ADDED
      : after === undefined
        ? EnvironmentStatus.REMOVED
        : m.added.length + m.removed.length + renamed.length + changed.length > 0
          ? EnvironmentStatus.CHANGED
          : EnvironmentStatus.UNCHANGED;
  return {
    environment,
    status,
    added: m.added.map(entry),
    removed: m.removed.map(entry),
    renamed,
    changed,
    summary: {
      before: totalScale((before ?? []).map((o) => o.object)),
      after: totalScale((after ?? []).map((o) => o.object)),
      newEndpoints: [...newEndpoints].filter((e) => !oldEndpoints.has(e)).sort(compareStrings),
      removedEndpoints: [...oldEndpoints].filter((e) => !newEndpoints.has(e)).sort(compareStrings),
      rollouts,
      gpusByAccelerator: env && after ? gpusByAccelerator(env, (before ?? []).map((o) => o.object), afterObjects) : undefined,
    },
  };
}
