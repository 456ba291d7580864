import { IConstruct } from 'constructs';
import { RayCluster } from '../ray/ray-cluster';
import { RayClusterConfig } from '../ray/ray-cluster-config';
import { RayJob } from '../ray/ray-job';
import { RayService } from '../ray/ray-service';

/** One `spec.ignoreDifferences` entry of an Application: fields of one object Argo CD leaves to others. */
export interface IgnoreDifference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly jsonPointers: readonly string[];
}

/**
 * The fields a controller changes on the live object for the autoscaled worker group at `index`,
 * as JSON pointers, per Ray kind. Pointers select a group by its index in `workerGroupSpecs`
 * (a list, so Argo CD has no key to select by), which is why they are generated from the
 * constructs and move when groups are added, removed or reordered.
 *
 * - RayCluster: the Ray autoscaler writes `replicas` to scale up and `replicas` plus
 *   `scaleStrategy.workersToDelete` to scale down (ray-project/ray#57539; clearing
 *   `workersToDelete` is owned by the autoscaler, ray-project/kuberay#5217). Without ignoring
 *   `replicas`, Argo CD reports drift and self-heal resets the count the autoscaler chose
 *   (ray-project/kuberay#1120, #4149; KubeRay's Argo CD guide ignores
 *   `/spec/workerGroupSpecs/<i>/replicas`). We never set `scaleStrategy`, but a custom resource's
 *   lists are compared whole, so the autoscaler's `workersToDelete` would show as drift too.
 * - RayService and RayJob: nothing. The autoscaler scales the RayCluster KubeRay creates from
 *   them, an object Argo CD shows but does not diff; KubeRay keeps replicas out of the hash that
 *   decides whether a RayService needs a new cluster precisely because the autoscaler owns them
 *   (ray-project/kuberay#2333 review, #1769), and never writes them back into the RayService or
 *   RayJob spec.
 */
const AUTOSCALER_FIELDS: ReadonlyArray<[new (...args: never[]) => IConstruct, (index: number) => string[]]> = [
  [RayCluster, (i) => [`/spec/workerGroupSpecs/${i}/replicas`, `/spec/workerGroupSpecs/${i}/scaleStrategy`]],
  [RayService, () => []],
  [RayJob, () => []],
];

type RayConstruct = RayCluster | RayService | RayJob;

/**
 * The `ignoreDifferences` for every autoscaled worker group of every Ray construct below
 * `scope` (one chart: one Application), one entry per object, in construct order.
 */
export function autoscalerIgnoreDifferences(scope: IConstruct): IgnoreDifference[] {
  return scope.node.findAll().flatMap((c) => {
    const fields = AUTOSCALER_FIELDS.find(([type]) => c instanceof type)?.[1];
    if (!fields) return [];
    const ray = c as RayConstruct;
    const config: RayClusterConfig | undefined = ray.config;
    const jsonPointers = (config?.autoscaledGroups ?? []).flatMap((g) => fields(g.index));
    if (jsonPointers.length === 0) return [];
    const [group] = ray.apiObject.apiVersion.split('/');
    return [{ group, kind: ray.apiObject.kind, name: ray.name, namespace: ray.apiObject.metadata.namespace!, jsonPointers }];
  });
}
