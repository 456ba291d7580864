import { Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { Accelerator, RayEnvironment, SpotPolicy } from '../../src/environments/types';
import { NodeRequest } from '../../src/k8s/compute-resources';
import { placeOnNodes, wholeNodeFor } from '../../src/placement/node-placement';
import { canLandOn } from '../../src/placement/scheduling';
import { fleetEnvironment } from '../support/fleet-environment';
import { local, withChanges } from '../support/environments';

const place = (request: NodeRequest, env: RayEnvironment = fleetEnvironment()) => placeOnNodes(Testing.chart(), env, request, 'worker');
const names = (request: NodeRequest, env?: RayEnvironment) => place(request, env).pools.map((p) => p.name);
const error = (request: NodeRequest, env: RayEnvironment = fleetEnvironment()): string => {
  try {
    place(request, env);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('placeOnNodes: which pools a request resolves to', () => {
  test('CPU only: the pools without GPUs, the CPU image, no GPU tolerations', () => {
    const placement = place({});
    expect(placement.pools.map((p) => p.name)).toEqual(['cpu']);
    expect(placement.gpus).toBe(0);
    expect(placement.image.tag).toBe('2.52.0-py311');
    expect(placement.nodeSelector).toEqual({ 'eks.amazonaws.com/nodegroup': 'cpu' });
    expect(placement.tolerations).toBeUndefined();
    expect(placement.rayResources).toEqual({});
  });

  test('N GPUs of an accelerator: only that accelerator, on-demand by default', () => {
    expect(names({ gpus: 1, accelerator: Accelerator.NVIDIA_L4 })).toEqual(['l4']);
    expect(names({ gpus: 8, accelerator: Accelerator.NVIDIA_H100_80GB })).toEqual(['h100']);
  });

  test('any GPU: every GPU pool with enough GPUs per node, whatever its accelerator', () => {
    expect(names({ gpus: 1 })).toEqual(['l4', 'h100']);
    expect(names({ gpus: 2 })).toEqual(['h100']);
    expect(place({ gpus: 1 }).accelerator).toBeUndefined();
    expect(place({ gpus: 1 }).rayResources).toEqual({});
  });

  test('spot preferred: spot pools first, on-demand after, as required affinity plus preferred affinity for spot', () => {
    const placement = place({ gpus: 1, accelerator: Accelerator.NVIDIA_L4, spot: SpotPolicy.PREFERRED });
    expect(placement.pools.map((p) => p.name)).toEqual(['l4-spot', 'l4']);
    const affinity = placement.affinity!.nodeAffinity!;
    expect(affinity.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms.map((t) => t.matchExpressions![0].values)).toEqual([['l4-spot'], ['l4']]);
    expect(affinity.preferredDuringSchedulingIgnoredDuringExecution!.map((p) => p.preference.matchExpressions![0].values)).toEqual([['l4-spot']]);
    expect(placement.nodeSelector).toBeUndefined();
    expect(placement.accelerator).toBe(Accelerator.NVIDIA_L4);
    expect(placement.rayResources).toEqual({ 'accelerator_type:L4': '1' });
  });

  test('spot required: the spot pools only', () => {
    const placement = place({ gpus: 1, spot: SpotPolicy.REQUIRED });
    expect(placement.pools.map((p) => p.name)).toEqual(['l4-spot']);
    expect(placement.nodeSelector).toEqual({ 'eks.amazonaws.com/nodegroup': 'l4-spot' });
    expect(placement.affinity).toBeUndefined();
  });

  test('tolerations are exactly the chosen pools\' taints: the spot taint only where spot is allowed', () => {
    const taintKeys = (request: NodeRequest) => (place(request).tolerations ?? []).map((t) => t.key);
    expect(taintKeys({ gpus: 1, accelerator: Accelerator.NVIDIA_L4 })).toEqual(['nvidia.com/gpu']);
    expect(taintKeys({ gpus: 1, accelerator: Accelerator.NVIDIA_L4, spot: SpotPolicy.PREFERRED })).toEqual(['nvidia.com/gpu', 'spot']);
  });

  test('the pod spec lands on exactly the resolved pools and no other', () => {
    const env = fleetEnvironment();
    const requests: NodeRequest[] = [
      {},
      { gpus: 1 },
      { gpus: 1, accelerator: Accelerator.NVIDIA_L4, spot: SpotPolicy.PREFERRED },
      { gpus: 4, accelerator: Accelerator.NVIDIA_H100_80GB },
      { gpus: 1, spot: SpotPolicy.REQUIRED },
    ];
    for (const request of requests) {
      const placement = place(request, env);
      const podSpec = { nodeSelector: placement.nodeSelector, affinity: placement.affinity, tolerations: placement.tolerations };
      expect(env.nodePools.filter((pool) => canLandOn(podSpec, pool))).toEqual(placement.pools);
    }
  });

  test('a single unlabelled pool needs no selector at all', () => {
    const placement = place({}, local());
    expect(placement.nodeSelector).toBeUndefined();
    expect(placement.affinity).toBeUndefined();
  });
});

describe('placeOnNodes: requests no pool offers', () => {
  test('an accelerator no pool offers', () => {
    expect(error({ gpus: 1, accelerator: Accelerator.NVIDIA_A100_80GB })).toBe(
      "test: worker.accelerator: expected an accelerator a node pool of environment 'fleet' offers (nvidia-l4, nvidia-h100-80gb), got 'nvidia-a100-80gb'",
    );
  });

  test('more GPUs per pod than a node of those pools has', () => {
    expect(error({ gpus: 2, accelerator: Accelerator.NVIDIA_L4 })).toBe(
      "test: worker.gpus: expected at most 1, the most GPUs one node has in environment 'fleet' ('l4-spot' (g6.2xlarge, 1), 'l4' (g6.2xlarge, 1)), got 2",
    );
    expect(error({ gpus: 9 })).toMatch(/^test: worker\.gpus: expected at most 8, .*'h100' \(p5\.48xlarge, 8\)\), got 9$/);
  });

  test('CPU or memory beyond what a node of every pool it lands on allocates', () => {
    const sized = (cpu: Cpu, memory: Size) => {
      try {
        placeOnNodes(Testing.chart(), local(), { cpu, memory }, 'worker');
      } catch (e) {
        return (e as Error).message;
      }
      return 'placed';
    };
    expect(sized(Cpu.units(23), Size.gibibytes(61))).toBe('placed');
    expect(sized(Cpu.millis(23001), Size.gibibytes(1))).toBe(
      "test: worker.cpu: expected at most 23 CPU, what a workstation node of pool 'local' allocates (24 minus 1 reserved), got 23.001",
    );
    expect(sized(Cpu.units(1), Size.mebibytes(61 * 1024 + 1))).toBe(
      "test: worker.memory: expected at most 61Gi, what a workstation node of pool 'local' allocates (64Gi minus 3Gi reserved), got 61Gi",
    );
  });

  test('spot-only work where no spot pool offers it', () => {
    expect(error({ gpus: 1, accelerator: Accelerator.NVIDIA_H100_80GB, spot: SpotPolicy.REQUIRED })).toBe(
      "test: worker.spot: expected 'never' or 'preferred': no spot node pool of environment 'fleet' offers 1 nvidia-h100-80gb per pod (on-demand ones do: 'h100'), got 'required'",
    );
  });

  test('on-demand work where only spot pools offer it', () => {
    const env = fleetEnvironment();
    const spotOnly = withChanges(env, { nodePools: env.nodePools.filter((p) => p.name !== 'l4') });
    expect(error({ gpus: 1, accelerator: Accelerator.NVIDIA_L4 }, spotOnly)).toBe(
      "test: worker.spot: expected 'preferred' or 'required': only spot node pools of environment 'fleet' offer 1 nvidia-l4 per pod ('l4-spot'), got 'never'",
    );
  });

  test('GPUs where the environment has none, an accelerator without GPUs, and bad values', () => {
    expect(error({ gpus: 1 }, local())).toBe("test: worker.gpus: expected 0: environment 'local' has no GPU node pool, got 1");
    expect(error({ accelerator: Accelerator.NVIDIA_L4 })).toBe(
      "test: worker.accelerator: expected no accelerator on a pod without GPUs (set gpus >= 1), got 'nvidia-l4'",
    );
    expect(error({ gpus: 0.5 })).toBe('test: worker.gpus: expected a whole number >= 0, got 0.5');
    expect(error({ spot: 'sometimes' as SpotPolicy })).toBe("test: worker.spot: expected one of never, preferred, required, got 'sometimes'");
  });
});

describe('wholeNodeFor', () => {
  test('takes the smallest node of the resolved pools and all its GPUs, keeping the request', () => {
    expect(wholeNodeFor(Testing.chart(), fleetEnvironment(), { accelerator: Accelerator.NVIDIA_H100_80GB }, 'gpu')).toEqual({
      cpu: Cpu.units(190),
      memory: Size.gibibytes(2008),
      gpus: 8,
      accelerator: Accelerator.NVIDIA_H100_80GB,
      spot: undefined,
    });
    const any = wholeNodeFor(Testing.chart(), fleetEnvironment(), { spot: SpotPolicy.PREFERRED }, 'gpu');
    expect([any.cpu.amount, any.memory.toGibibytes(), any.gpus]).toEqual([Cpu.units(7).amount, 28, 1]);
  });
});
