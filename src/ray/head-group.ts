import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ComputeResources } from '../k8s/compute-resources';

/** The Ray head pod: GCS, dashboard, Jobs API, Serve proxy and (with autoscaling) the autoscaler. */
export interface HeadGroupProps {
  /**
   * CPU and memory of the head's Ray container (the head never gets GPUs).
   * @default - 2 CPU, 8 GiB
   */
  readonly resources?: Omit<ComputeResources, 'gpus'>;
  /**
   * Let Ray schedule tasks and actors on the head. Off by default so that a busy head (GCS,
   * Serve proxy, dashboard) is not starved by workloads, which then run on workers only.
   * @default false
   */
  readonly schedulable?: boolean;
  /**
   * Extra `ray start` parameters of the head.
   * @default {}
   */
  readonly rayStartParams?: Record<string, string>;
  /**
   * Environment variables of the head's Ray container.
   * @default {}
   */
  readonly env?: Record<string, string>;
}

/** Head resources when none are given. */
export const DEFAULT_HEAD_RESOURCES: ComputeResources = { cpu: Cpu.units(2), memory: Size.gibibytes(8) };

/**
 * Head resources of the serving charts and the sandbox when none are given: 1 CPU, 4 GiB, the
 * least `policy/head-memory` accepts (a head runs the GCS, the dashboard and, for a RayService,
 * the Serve controller and proxy; KubeRay's samples' heads were OOM-killed below 4 GiB,
 * kuberay#4089 and #4287).
 */
export const SMALL_HEAD_RESOURCES: ComputeResources = { cpu: Cpu.units(1), memory: Size.gibibytes(4) };
