import { describe, expect, test } from 'vitest';
import { environmentByName } from '../../src/environments';
import { NodeKind, simulatedNodes } from '../../e2e/nodes';
import { fleetEnvironment } from '../support/fleet-environment';

describe('simulatedNodes', () => {
  test('every pool gets maxNodes nodes with its labels, taints and GPUs; allocatable is the shape minus the reservation', () => {
    const env = fleetEnvironment();
    const nodes = simulatedNodes(env);

    for (const pool of env.nodePools) {
      const ofPool = nodes.filter((n) => n.pool === pool);
      expect(ofPool).toHaveLength(pool.maxNodes);
      expect(ofPool[0].kind).toBe(pool.gpus ? NodeKind.GPU_POOL : NodeKind.CPU_POOL);
      expect(ofPool[0].manifest.metadata.labels).toMatchObject(pool.labels);
      expect(ofPool[0].manifest.spec.taints).toEqual(pool.taints.map((t) => ({ ...t })));
    }
    const h100 = nodes.find((n) => n.pool?.name === 'h100')!;
    expect(h100.manifest.status.capacity).toMatchObject({ cpu: '192000m', memory: '2097152Mi', 'nvidia.com/gpu': '8' });
    expect(h100.manifest.status.allocatable).toMatchObject({ cpu: '190000m', memory: '2056192Mi', 'nvidia.com/gpu': '8' });
    expect(nodes.find((n) => n.pool?.name === 'cpu')!.manifest.status.capacity['nvidia.com/gpu']).toBeUndefined();
  });

  test('a single-node environment gets exactly its one node, no plain nodes to spill onto', () => {
    const local = environmentByName('local');
    const [pool] = local.nodePools;
    const nodes = simulatedNodes(local);

    expect(nodes.map((n) => n.kind)).toEqual([NodeKind.CPU_POOL]);
    expect(nodes[0].manifest.status.allocatable).toMatchObject({
      cpu: `${(pool.shape.cpu - pool.shape.reservedCpu) * 1000}m`,
      memory: `${pool.shape.memory.toMebibytes() - pool.shape.reservedMemory.toMebibytes()}Mi`,
    });
  });

  test('multi-node environments get plain nodes without pool labels or taints', () => {
    const plain = simulatedNodes(fleetEnvironment()).filter((n) => n.kind === NodeKind.PLAIN);

    expect(plain.length).toBeGreaterThan(0);
    expect(plain[0].pool).toBeUndefined();
    expect(plain[0].manifest.spec.taints).toEqual([]);
    expect(Object.keys(plain[0].manifest.metadata.labels)).not.toContain('eks.amazonaws.com/nodegroup');
  });
});
