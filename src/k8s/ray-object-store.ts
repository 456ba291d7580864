/** The smallest object store `ray start` accepts (`OBJECT_STORE_MINIMUM_MEMORY_BYTES` in ray/_private/ray_constants.py), in bytes. */
export const OBJECT_STORE_MINIMUM_BYTES = 75 * 2 ** 20;

/** The share of the node's available memory Ray gives the object store by default (`DEFAULT_OBJECT_STORE_MEMORY_PROPORTION`, ray_constants.py). */
export const DEFAULT_OBJECT_STORE_SHARE = 0.3;

/**
 * The least memory a Ray container needs when `object-store-memory` is left to Ray: its default
 * share must reach Ray's minimum, or `ray start` refuses to start (250 MiB), in MiB.
 */
export const RAY_CONTAINER_MINIMUM_MEBIBYTES = Math.ceil(OBJECT_STORE_MINIMUM_BYTES / DEFAULT_OBJECT_STORE_SHARE / 2 ** 20);
