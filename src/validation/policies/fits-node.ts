import { formatBytes } from '../../k8s/quantity';
import { podTemplates } from '../../k8s/pod-templates';
import { nodeAllocatable, reserveNote } from '../../placement/node-capacity';
import { Policy } from './policy';
import { landablePools, podRequests } from '../../placement/scheduling';

// Source: https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/ (a pod that
// fits no node stays Pending) and
// https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources/ (node
// allocatable after system reserves).

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
      const needs = podRequests(pod);
      return landablePools(environment, pod).flatMap((pool) => {
        const { cpu, memory } = nodeAllocatable(pool);
        const where = `a ${pool.instanceType} node of pool '${pool.name}'`;
        const findings = [];
        if (needs.cpu > cpu + 1e-9) {
          findings.push({ rule: this.id, path: `${pod.path}.containers`, message: `pod requests ${needs.cpu} CPU but ${where} has ${cpu} allocatable (${reserveNote(pool, 'cpu')})` });
        }
        if (needs.memory > memory) {
          findings.push({ rule: this.id, path: `${pod.path}.containers`, message: `pod requests ${formatBytes(needs.memory)} memory but ${where} has ${formatBytes(memory)} allocatable (${reserveNote(pool, 'memory')})` });
        }
        return findings;
      });
    });
  },
};
