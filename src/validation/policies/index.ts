import { containerResources } from './container-resources';
import { fitsNode } from './fits-node';
import { gpuPlacement } from './gpu-placement';
import { gpuRequestsEqualLimits } from './gpu-requests-equal-limits';
import { noPlaintextSecrets } from './no-plaintext-secrets';
import { pinnedImages, rayImageMatchesVersion } from './pinned-images';
import { Policy } from './policy';
import { referencedObjects } from './referenced-objects';
import { serveCapacity } from './serve-capacity';
import { serviceTargetPorts } from './service-target-ports';
import { sharedVolumeAccessMode } from './shared-volume-access-mode';

export * from './policy';

/** Our policies, run on every object after the schema and KubeRay checks. */
export const POLICIES: readonly Policy[] = [
  containerResources,
  gpuRequestsEqualLimits,
  gpuPlacement,
  pinnedImages,
  rayImageMatchesVersion,
  fitsNode,
  serveCapacity,
  sharedVolumeAccessMode,
  serviceTargetPorts,
  referencedObjects,
  noPlaintextSecrets,
];
