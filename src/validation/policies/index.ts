import { argoKubeRayConditions } from './argo-kuberay-conditions';
import { containerResources } from './container-resources';
import { cronSchedules } from './cron-schedules';
import { fitsNode } from './fits-node';
import { gpuPlacement } from './gpu-placement';
import { gpuRequestsEqualLimits } from './gpu-requests-equal-limits';
import { headMemory } from './head-memory';
import { noPlaintextSecrets } from './no-plaintext-secrets';
import { poolCapacity } from './pool-capacity';
import { containerImages, pinnedImages, rayImageMatchesVersion } from './pinned-images';
import { podTemplateSyntax } from './pod-template-syntax';
import { ObjectPolicy, Policy } from './policy';
import { objectStoreFitsMemory, rayAdvertisesCpus, rayGpusMatchLimit, rayStartParamsShellSafe, rayStartParamsWholeNumbers } from './ray-start-params';
import { rayJobEntrypoint } from './rayjob-entrypoint';
import { rayJobSubmissionMode } from './rayjob-submission-mode';
import { redisAddress } from './redis-address';
import { referencedObjects } from './referenced-objects';
import { replicasWithinBounds } from './replicas-within-bounds';
import { rwxStorageClass } from './rwx-storage-class';
import { serveCapacity } from './serve-capacity';
import { serviceTargetPorts } from './service-target-ports';
import { sharedVolumeAccessMode } from './shared-volume-access-mode';

export * from './policy';

/** Policies that judge one object on its own: they run on any YAML, with or without an environment. */
export const OBJECT_POLICIES: readonly ObjectPolicy[] = [
  containerResources,
  gpuRequestsEqualLimits,
  containerImages,
  podTemplateSyntax,
  pinnedImages,
  rayImageMatchesVersion,
  serveCapacity,
  noPlaintextSecrets,
  replicasWithinBounds,
  rayJobSubmissionMode,
  rayJobEntrypoint,
  rayAdvertisesCpus,
  rayGpusMatchLimit,
  objectStoreFitsMemory,
  rayStartParamsShellSafe,
  rayStartParamsWholeNumbers,
  headMemory,
  rwxStorageClass,
  argoKubeRayConditions,
  cronSchedules,
  redisAddress,
];

/** Policies that need an environment (its node pools, prerequisites, other objects); skipped without one. */
export const ENVIRONMENT_POLICIES: readonly Policy[] = [
  gpuPlacement,
  fitsNode,
  poolCapacity,
  sharedVolumeAccessMode,
  serviceTargetPorts,
  referencedObjects,
];

/** Every policy, run on every object after the schema and KubeRay checks. */
export const POLICIES: readonly Policy[] = [...OBJECT_POLICIES, ...ENVIRONMENT_POLICIES];
