import { formatBytes, parseQuantity } from '../../k8s/quantity';
import { Json, podTemplates } from '../../k8s/pod-templates';
import { Policy } from './policy';
import { podGpus, targetPool } from './scheduling';

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
 * Each pod fits one node of the pool it is meant for, after the node's system reserve:
 * otherwise it is Pending forever and the cloud's node autoscaler can't help.
 */
export const fitsNode: Policy = {
  id: 'policy/fits-node',
  description: 'each pod fits the node shape of its pool, minus system reserve',
  check(obj, { environment }) {
    return podTemplates(obj).flatMap((pod) => {
      const pool = targetPool(environment, pod);
      if (!pool) return [];
      const running = [...pod.containers.filter((c) => !c.init).map((c) => c.container), ...pod.injectedContainers]
        .map(containerNeeds)
        .reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory }), { cpu: 0, memory: 0 });
      const needs = pod.containers
        .filter((c) => c.init)
        .map((c) => containerNeeds(c.container))
        .reduce((a, b) => ({ cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) }), running);
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
      const gpus = podGpus(pod);
      if (gpus > shape.gpus) {
        findings.push({ rule: this.id, path: `${pod.path}.containers`, message: `pod requests ${gpus} GPUs but ${where} has ${shape.gpus}` });
      }
      return findings;
    });
  },
};
