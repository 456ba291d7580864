import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { RayEnvironment } from '../environments/types';
import { RayCluster as RayClusterL1 } from '../../imports/raycluster-ray.io';
import { checkRayName } from './names';
import { RayClusterConfig, RayClusterConfigProps } from './ray-cluster-config';

/** What KubeRay does to a running RayCluster when its spec changes. */
export enum RayClusterUpgradeStrategy {
  /** Delete and recreate all pods, so that a synced spec change really reaches the pods. */
  RECREATE = 'Recreate',
  /** Leave running pods alone (KubeRay's default for RayClusters). */
  NONE = 'None',
}

/** A standalone, long-running Ray cluster (interactive work, jobs submitted by selector). */
export interface RayClusterProps extends RayClusterConfigProps {
  /** The environment: Ray version and images, node pools. */
  readonly environment: RayEnvironment;
  /** `metadata.name`; a DNS-1035 label of at most 53 characters. */
  readonly name: string;
  /**
   * Upgrade strategy. GitOps expects a merged change to reach the cluster, so the default recreates pods.
   * @default RayClusterUpgradeStrategy.RECREATE
   */
  readonly upgradeStrategy?: RayClusterUpgradeStrategy;
}

/**
 * A KubeRay RayCluster.
 * @see https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/config.html
 */
export class RayCluster extends Construct {
  public readonly apiObject: ApiObject;
  public readonly config: RayClusterConfig;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: RayClusterProps) {
    super(scope, id);
    checkRayName(this, 'RayCluster', props.name);
    this.name = props.name;
    this.config = new RayClusterConfig(this, props.environment, props);
    const upgradeStrategy = props.upgradeStrategy ?? RayClusterUpgradeStrategy.RECREATE;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...RayClusterL1.GVK,
      metadata: { name: props.name },
      spec: Lazy.any({ produce: () => ({ ...this.config.toSpec(), upgradeStrategy: { type: upgradeStrategy } }) }),
    });
  }
}
