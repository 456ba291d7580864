import { ApiObject, Lazy, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { RayEnvironment } from '../environments/types';
import { RayService as RayServiceL1 } from '../../imports/rayservice-ray.io';
import { checkRayName } from './names';
import { ConfigError } from './config-error';
import { DEFAULT_HEAD_RESOURCES } from './head-group';
import { memoryProblem } from '../k8s/value-rules';
import { RayClusterConfig, RayClusterConfigProps } from './ray-cluster-config';
import { ServeApplication, checkServeApplications, serveConfig } from './serve-config';
import { toYaml } from '../yaml/yaml-writer';

import { RayServiceUpgradeStrategy } from '../k8s/ray-service-upgrade';

export { RayServiceUpgradeStrategy };

/** A Ray Serve service: a Ray cluster plus the Serve applications KubeRay keeps deployed on it. */
export interface RayServiceProps {
  /** The environment: Ray version and images, node pools. */
  readonly environment: RayEnvironment;
  /** `metadata.name`; a DNS-1035 label of at most 47 characters. */
  readonly name: string;
  /** The cluster the applications run on. */
  readonly cluster: RayClusterConfigProps;
  /** Serve applications, serialized into `serveConfigV2`. */
  readonly applications: ServeApplication[];
  /**
   * Upgrade strategy for cluster config changes.
   * @default - the environment's choice (`environment.gitops.rayServiceUpgradeStrategy`)
   */
  readonly upgradeStrategy?: RayServiceUpgradeStrategy;
}

/**
 * A KubeRay RayService.
 * @see https://docs.ray.io/en/latest/serve/production-guide/kubernetes.html
 */
export class RayService extends Construct {
  public readonly apiObject: ApiObject;
  public readonly config: RayClusterConfig;
  public readonly name: string;
  public readonly applications: readonly ServeApplication[];
  public readonly upgradeStrategy: RayServiceUpgradeStrategy;

  constructor(scope: Construct, id: string, props: RayServiceProps) {
    super(scope, id);
    checkRayName(this, 'RayService', props.name);
    checkServeApplications(this, props.applications);
    this.name = props.name;
    this.applications = props.applications;
    this.config = new RayClusterConfig(this, props.environment, props.cluster);
    this.upgradeStrategy = props.upgradeStrategy ?? props.environment.gitops.rayServiceUpgradeStrategy;
    this.checkReplicaMemory(props.cluster.head?.schedulable ? [props.cluster.head.resources ?? DEFAULT_HEAD_RESOURCES] : []);
    this.apiObject = new ApiObject(this, 'Resource', {
      ...RayServiceL1.GVK,
      metadata: { name: props.name },
      spec: Lazy.any({
        produce: () => ({
          upgradeStrategy: { type: this.upgradeStrategy },
          serveConfigV2: this.serveConfigYaml(),
          rayClusterConfig: this.config.toSpec(),
        }),
      }),
    });
  }

  /**
   * A replica that asks Ray for more memory than any Ray pod has never starts (Ray keeps it
   * pending): `rayActorOptions.memory` must fit the largest worker (or a schedulable head).
   */
  private checkReplicaMemory(schedulableHeads: readonly { readonly memory: Size }[]): void {
    const pods = [...this.config.workerGroups.map((g) => g.resources.memory), ...schedulableHeads.map((h) => h.memory)];
    const largest = Math.max(0, ...pods.map((m) => m.toMebibytes()));
    this.applications.forEach((app, i) =>
      (app.deployments ?? []).forEach((d, j) => {
        const memory = d.rayActorOptions?.memory;
        if (memory === undefined) return;
        const at = `applications[${i}].deployments[${j}].rayActorOptions.memory`;
        const problem = memoryProblem(memory);
        if (problem) throw new ConfigError(this, at, problem);
        if (memory.toMebibytes() > largest) {
          throw new ConfigError(this, at, `expected at most the largest Ray pod's memory (${largest} MiB), got ${memory.toMebibytes()} MiB`);
        }
      }),
    );
  }

  /** The Serve config as YAML: the `serveConfigV2` string and the file `serve run` reads locally. */
  public serveConfigYaml(): string {
    // Written twice per synth (into the manifest and as a file); the applications never change.
    this.serveYaml ??= toYaml(serveConfig(this.applications));
    return this.serveYaml;
  }

  private serveYaml: string | undefined;
}
