import { RayRuntime } from './types';

/** The Ray release every environment runs; the image tags follow it (`<version>-py311[-gpu]`). */
export const RAY_VERSION = '2.52.0';

/**
 * The `ray-workloads` images built from python/Dockerfile, in one registry: CPU and CUDA
 * variants tagged with the Ray version, so image tags and `rayVersion` can't drift apart.
 */
export function rayWorkloadsRuntime(repository: string): RayRuntime {
  return {
    version: RAY_VERSION,
    image: { repository, tag: `${RAY_VERSION}-py311` },
    gpuImage: { repository, tag: `${RAY_VERSION}-py311-gpu` },
  };
}
