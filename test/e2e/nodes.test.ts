import { describe, expect, test } from 'vitest';
import { environmentByName } from '../../src/environments';
import { NodeKind, simulatedNodes } from '../../e2e/nodes';

describe('simulatedNodes', () => {
  test('GPU pool nodes copy labels and taints; allocatable is the shape minus the reservation', () => {
    const gke = environmentByName('gke');
    const gpu = simulatedNodes(gke).filter((n) => n.kind === NodeKind.GPU_POOL);

    expect(gpu).toHaveLength(gke.gpuPool!.maxNodes);
    const [first] = gpu;
    expect(first.manifest.metadata.labels).toMatchObject(gke.gpuPool!.labels);
    expect(first.manifest.spec.taints).toEqual(gke.gpuPool!.taints.map((t) => ({ ...t })));
    const { shape } = gke.gpuPool!;
    const gpus = String(shape.gpus);
    expect(first.manifest.status.capacity).toMatchObject({ cpu: `${shape.cpu * 1000}m`, memory: `${shape.memory.toMebibytes()}Mi`, 'nvidia.com/gpu': gpus });
    expect(first.manifest.status.allocatable).toMatchObject({
      cpu: `${(shape.cpu - shape.reservedCpu) * 1000}m`,
      memory: `${shape.memory.toMebibytes() - shape.reservedMemory.toMebibytes()}Mi`,
      'nvidia.com/gpu': gpus,
    });
  });

  test('a single-node environment gets exactly its one node, no plain nodes to spill onto', () => {
    const local = environmentByName('local');
    const { shape } = local.cpuPool;
    const nodes = simulatedNodes(local);

    expect(nodes.map((n) => n.kind)).toEqual([NodeKind.CPU_POOL]);
    expect(nodes[0].manifest.status.allocatable).toMatchObject({
      cpu: `${(shape.cpu - shape.reservedCpu) * 1000}m`,
      memory: `${shape.memory.toMebibytes() - shape.reservedMemory.toMebibytes()}Mi`,
    });
  });

  test('multi-node environments get plain nodes without pool labels or taints', () => {
    const plain = simulatedNodes(environmentByName('eks')).filter((n) => n.kind === NodeKind.PLAIN);

    expect(plain.length).toBeGreaterThan(0);
    expect(plain[0].manifest.spec.taints).toEqual([]);
    expect(Object.keys(plain[0].manifest.metadata.labels)).not.toContain('eks.amazonaws.com/nodegroup');
  });
});
