/**
 * The sentence-transformers model the embedding service, the model gateway, the sandbox and the
 * Wikipedia pipeline use when none is given: all-MiniLM-L6-v2 (384 dimensions), the model
 * python/Dockerfile bakes into the ray-workloads image and `ray_workloads.embedder.DEFAULT_MODEL`
 * defaults to (test/pinned-copies.test.ts keeps those copies equal to this one).
 */
export const DEFAULT_EMBEDDING_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';
