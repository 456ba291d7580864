import { formatBytes, parseQuantity } from '../../k8s/quantity';
import { Json, podTemplates } from '../../k8s/pod-templates';
import { Policy } from './policy';
import { landablePools } from './scheduling';

type Needs = { cpu: number; memory: number };

function containerNeeds(container: Json): Needs {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  // The scheduler uses requests; Kubernetes defaults requests to limits when only limits are set.
  return {
    cpu: parseQuantity(requests.cpu ?? limits.cpu) ?? 0,
    memory: parseQuantity(requests.memory ?? limits.memory) ?? 0,
  };
}

/**
 * Each pod fits one node of every pool it can land on, after the node's system reserve:
 * otherwise it is Pending forever (or waits for one pool when it was meant to fall back to
 * another) and the cloud's node autoscaler can't help. GPU counts are policy/gpu-placement's.
 */
export const fitsNode: Policy = {
  id: 'policy/fits-node',
  description: 'each pod fits the node shape of every pool it can land on, minus system reserve',
  check(obj, { environment }) {
    return podTemplates(obj).flatMap((pod) => {
      const running = [...pod.containers.filter((c) => !c.init).map((c) => c.container), ...pod.injectedContainers]
        .map(containerNeeds)
        .reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory }), { cpu: 0, memory: 0 });
      const needs = pod.containers
        .filter((c) => c.init)
        .map((c) => containerNeeds(c.container))
        .reduce((a, b) => ({ cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) }), running);
      return landablePools(environment, pod).flatMap((pool) => {
        const shape = pool.shape;
        const cpu = shape.cpu - shape.reservedCpu;
        const memory = (shape.memory.toMebibytes() - shape.reservedMemory.toMebibytes()) * 2 ** 20;
        const where = `a ${pool.instanceType} node of pool '${pool.name}'`;
        const findings = [];
        if (needs.cpu > cpu + 1e-9) {
          findings.push({ rule: this.id, path: `${pod.path}.containers`, message: `pod requests ${needs.cpu} CPU but ${where} has ${cpu} allocatable (${shape.cpu} minus ${shape.reservedCpu} reserved)` });
        }
        if (needs.memory > memory) {
          findings.push({ rule: this.id, path: `${pod.path}.containers`, message: `pod requests ${formatBytes(needs.memory)} memory but ${where} has ${formatBytes(memory)} allocatable (${shape.memory.toGibibytes()}Gi minus ${shape.reservedMemory.toGibibytes()}Gi reserved)` });
        }
        return findings;
      });
    });
  },
};
