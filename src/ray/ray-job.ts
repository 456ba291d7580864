import { ApiObject, Duration, Lazy, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RayEnvironment } from '../environments/types';
import { RayJob as RayJobL1 } from '../../imports/rayjob-ray.io';
import { ComputeResources, containerResources } from '../k8s/compute-resources';
import { RESTRICTED_WRITABLE_CONTAINER, restrictedPod } from '../k8s/pod-security';
import { RAY_UID } from './ray-pod-template';
import { ConfigError } from './config-error';
import { checkRayName } from './names';
import { placeOnNodes } from '../placement/node-placement';
import { RayClusterConfig, RayClusterConfigProps } from './ray-cluster-config';
import { toYaml } from '../yaml/yaml-writer';

/** The label KubeRay puts on a RayCluster's pods with the cluster's name, and reads from a RayJob's `clusterSelector`. */
const RAY_CLUSTER_LABEL = 'ray.io/cluster';

/** A Ray job: KubeRay starts a cluster (or uses an existing one), submits the entrypoint and tracks it. */
export interface RayJobProps {
  /** The environment: Ray version and images, node pools. */
  readonly environment: RayEnvironment;
  /** `metadata.name`; a DNS-1035 label of at most 47 characters. */
  readonly name: string;
  /** Shell command the submitter runs on the cluster, e.g. `python -m ray_workloads.pipeline ...`. */
  readonly entrypoint: string;
  /** The cluster KubeRay creates for this job; mutually exclusive with `clusterSelector`. */
  readonly cluster?: RayClusterConfigProps;
  /**
   * Labels selecting an existing RayCluster to submit to instead of creating one (KubeRay's
   * `spec.clusterSelector`). KubeRay v1.7.0 finds the cluster by the `ray.io/cluster` key alone,
   * so it must hold the RayCluster's name: `{ 'ray.io/cluster': 'sandbox' }`.
   * @default - the job gets its own cluster (`cluster` is then required)
   */
  readonly clusterSelector?: Readonly<Record<string, string>>;
  /**
   * Ray runtime environment (`runtimeEnvYAML`).
   * @default - none (the code is baked into the image)
   */
  readonly runtimeEnv?: Record<string, unknown>;
  /**
   * Delete the job's cluster when the job finishes (after `ttlAfterFinished`).
   * @default true with an own cluster
   */
  readonly shutdownAfterJobFinishes?: boolean;
  /**
   * How long a finished job's cluster is kept (for logs) before it is deleted.
   * @default Duration.minutes(10)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Deadline for the whole job; past it KubeRay marks the job Failed and stops it.
   * @default Duration.hours(24)
   */
  readonly activeDeadline?: Duration;
  /**
   * How many times KubeRay retries a failed job with a new cluster.
   * @default 0 (retries belong to one layer only; Argo Workflows retries steps)
   */
  readonly backoffLimit?: number;
  /**
   * Resources of the submitter pod (`ray job submit`).
   * @default - 500m CPU, 512 MiB
   */
  readonly submitterResources?: Omit<ComputeResources, 'gpus'>;
}

const DEFAULT_SUBMITTER: ComputeResources = { cpu: Cpu.millis(500), memory: Size.mebibytes(512) };

/**
 * A KubeRay RayJob.
 * @see https://docs.ray.io/en/latest/cluster/kubernetes/getting-started/rayjob-quick-start.html
 */
export class RayJob extends Construct {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  /** The job's own cluster, if it has one. */
  public readonly config?: RayClusterConfig;

  constructor(scope: Construct, id: string, props: RayJobProps) {
    super(scope, id);
    checkRayName(this, 'RayJob', props.name);
    if ((props.cluster === undefined) === (props.clusterSelector === undefined)) {
      throw new ConfigError(this, 'cluster', 'set exactly one of cluster (own cluster) or clusterSelector (existing cluster)');
    }
    const selected = props.clusterSelector?.[RAY_CLUSTER_LABEL];
    if (props.clusterSelector !== undefined && !selected) {
      throw new ConfigError(this, 'clusterSelector', `KubeRay finds the cluster by the '${RAY_CLUSTER_LABEL}' label; expected { '${RAY_CLUSTER_LABEL}': '<RayCluster name>' }, got ${JSON.stringify(props.clusterSelector)}`);
    }
    const backoffLimit = props.backoffLimit ?? 0;
    if (!Number.isInteger(backoffLimit) || backoffLimit < 0) {
      throw new ConfigError(this, 'backoffLimit', `expected a whole number >= 0, got ${backoffLimit}`);
    }
    if (props.clusterSelector !== undefined && backoffLimit > 0) {
      throw new ConfigError(this, 'backoffLimit', 'KubeRay retries only jobs with their own cluster; use 0 with clusterSelector');
    }
    this.name = props.name;
    this.config = props.cluster && new RayClusterConfig(this, props.environment, props.cluster);
    const shutdown = props.shutdownAfterJobFinishes ?? props.cluster !== undefined;
    const activeDeadline = (props.activeDeadline ?? Duration.hours(24)).toSeconds();
    if (activeDeadline <= 0) throw new ConfigError(this, 'activeDeadline', `expected > 0, got ${activeDeadline}s`);
    const submitter = props.submitterResources ?? DEFAULT_SUBMITTER;

    this.apiObject = new ApiObject(this, 'Resource', {
      ...RayJobL1.GVK,
      metadata: { name: props.name },
      spec: Lazy.any({
        produce: () => ({
          entrypoint: props.entrypoint,
          runtimeEnvYAML: props.runtimeEnv && toYaml(props.runtimeEnv),
          shutdownAfterJobFinishes: shutdown,
          ttlSecondsAfterFinished: shutdown ? (props.ttlAfterFinished ?? Duration.minutes(10)).toSeconds() : undefined,
          activeDeadlineSeconds: activeDeadline,
          backoffLimit,
          clusterSelector: props.clusterSelector && { ...props.clusterSelector },
          rayClusterSpec: this.config?.toSpec(),
          submitterPodTemplate: this.submitterTemplate(props.environment, submitter),
        }),
      }),
    });
  }

  private submitterTemplate(env: RayEnvironment, resources: ComputeResources): Record<string, unknown> {
    const placement = placeOnNodes(this, env, resources, 'submitter');
    // No command: KubeRay fills in `ray job submit` with the dashboard address and submission id.
    return k8s.toJson_PodTemplateSpec({
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        nodeSelector: placement.nodeSelector,
        affinity: placement.affinity,
        tolerations: placement.tolerations,
        securityContext: restrictedPod({ uid: RAY_UID }),
        containers: [
          {
            name: 'ray-job-submitter',
            image: `${placement.image.repository}:${placement.image.tag}`,
            resources: containerResources(resources),
            securityContext: RESTRICTED_WRITABLE_CONTAINER,
          },
        ],
      },
    })!;
  }
}
