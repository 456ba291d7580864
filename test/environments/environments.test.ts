import { Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { ENVIRONMENTS, environmentByName } from '../../src/environments';
import { checkEnvironment } from '../../src/environments/check-environment';
import { gke, local, withChanges } from '../support/environments';

describe('environments', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s is valid', (_, env) => {
    expect(() => checkEnvironment(env)).not.toThrow();
  });

  test('local is the CPU-only, single-node default', () => {
    const env = local();
    expect(ENVIRONMENTS[0]).toBe(env);
    expect(env.gpuPool).toBeUndefined();
    expect(env.singleNode).toBe(true);
    expect(env.storage.readWriteManyClass).toBeUndefined();
  });

  test.each(ENVIRONMENTS.filter((e) => !e.singleNode).map((e) => [e.name, e] as const))(
    '%s (several nodes) has a ReadWriteMany storage class',
    (_, env) => {
      expect(env.storage.readWriteManyClass).toEqual(expect.any(String));
    },
  );

  test.each(ENVIRONMENTS.filter((e) => e.gpuPool).map((e) => [e.name, e.gpuPool!] as const))(
    "%s: the GPU pool is tainted, and selected by a subset of its own labels",
    (_, pool) => {
      expect(pool.taints.length).toBeGreaterThan(0);
      expect(pool.labels).toMatchObject(pool.nodeSelector);
    },
  );

  test('unknown names list the known ones', () => {
    expect(() => environmentByName('no-such-environment')).toThrow(
      `Unknown environment 'no-such-environment' (known: ${ENVIRONMENTS.map((e) => e.name).join(', ')})`,
    );
  });

  test('bad data names the environment, the field and what was expected', () => {
    const env = gke();
    const broken = withChanges(env, {
      namespace: 'Ray_NS',
      storage: {},
      gpuPool: {
        ...env.gpuPool!,
        nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-a100' },
        shape: { ...env.gpuPool!.shape, gpus: 0, reservedMemory: Size.gibibytes(env.gpuPool!.shape.memory.toGibibytes() + 4) },
      },
    });
    let message = '';
    try {
      checkEnvironment(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      "environment 'gke': namespace: 'Ray_NS' must be a DNS label",
      `environment 'gke': gpuPool.shape.reservedMemory: expected less than memory (${env.gpuPool!.shape.memory.toGibibytes()}Gi)`,
      "environment 'gke': gpuPool.shape.gpus: expected a whole number >= 1 on a GPU pool, got 0",
      `environment 'gke': gpuPool.nodeSelector.cloud.google.com/gke-accelerator: 'nvidia-a100' must be one of the pool's labels (labels.cloud.google.com/gke-accelerator is '${env.gpuPool!.labels['cloud.google.com/gke-accelerator']}')`,
      "environment 'gke': storage.readWriteManyClass: required on multi-node clusters (volumes shared by pods on several nodes need ReadWriteMany)",
    ]);
  });
});
