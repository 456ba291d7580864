import { Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { ENVIRONMENTS, environmentByName } from '../../src/environments';
import { checkEnvironment } from '../../src/environments/check-environment';
import { fleetEnvironment } from '../support/fleet-environment';
import { local, withChanges } from '../support/environments';

describe('environments', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s is valid', (_, env) => {
    expect(() => checkEnvironment(env)).not.toThrow();
  });

  test('local is the CPU-only, single-node default', () => {
    const env = local();
    expect(ENVIRONMENTS[0]).toBe(env);
    expect(env.nodePools).toHaveLength(1);
    expect(env.nodePools[0].gpus).toBeUndefined();
    expect(env.singleNode).toBe(true);
    expect(env.storage.readWriteManyClass).toBeUndefined();
  });

  test.each(ENVIRONMENTS.filter((e) => !e.singleNode).map((e) => [e.name, e] as const))(
    '%s (several nodes) has a ReadWriteMany storage class',
    (_, env) => {
      expect(env.storage.readWriteManyClass).toEqual(expect.any(String));
    },
  );

  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: every GPU pool is tainted and selected by its own labels, and by no other pool\'s', (_, env) => {
    for (const pool of env.nodePools.filter((p) => p.gpus)) {
      expect(pool.taints.length).toBeGreaterThan(0);
      const selected = env.nodePools.filter((p) => Object.entries(pool.nodeSelector).every(([k, v]) => p.labels[k] === v));
      expect(selected).toEqual([pool]);
    }
  });

  test('unknown names list the known ones', () => {
    expect(() => environmentByName('no-such-environment')).toThrow(
      `environment: expected one of ${ENVIRONMENTS.map((e) => e.name).join(', ')}, got 'no-such-environment'`,
    );
  });

  test('bad data names the environment, the field and what was expected', () => {
    const env = fleetEnvironment();
    const [cpu, spot, onDemand, h100] = env.nodePools;
    const broken = withChanges(env, {
      namespace: 'Ray_NS',
      storage: {},
      nodePools: [
        cpu,
        { ...spot, nodeSelector: { 'eks.amazonaws.com/capacityType': 'ON_DEMAND' }, shape: { ...spot.shape, reservedMemory: Size.gibibytes(40) } },
        { ...onDemand, name: 'l4-spot', gpus: { accelerator: onDemand.gpus!.accelerator, perNode: 0 } },
        { ...h100, nodeSelector: {} },
      ],
    });
    let message = '';
    try {
      checkEnvironment(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      `environment 'fleet': namespace: expected a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, got 'Ray_NS'`,
      "environment 'fleet': nodePools[1].shape.reservedMemory: expected at most memory minus 1Gi (31Gi), so that a node allocates at least 1Gi, got 40Gi",
      "environment 'fleet': nodePools[1].nodeSelector.eks.amazonaws.com/capacityType: expected one of the pool's labels (the pool has eks.amazonaws.com/capacityType=SPOT), got 'ON_DEMAND'",
      "environment 'fleet': nodePools[1].nodeSelector: expected labels that select pool 'l4-spot' only, got {\"eks.amazonaws.com/capacityType\":\"ON_DEMAND\"} which also selects 'cpu', 'l4-spot', 'h100'",
      "environment 'fleet': nodePools[2].gpus.perNode: expected a whole number >= 1, got 0",
      "environment 'fleet': nodePools[2].name: expected a name no other pool has, got 'l4-spot' (also nodePools[1])",
      "environment 'fleet': nodePools[3].nodeSelector: expected labels that select this pool among 4 pools, got none",
      "environment 'fleet': nodePools[2].labels: expected the label EKS puts on every node, eks.amazonaws.com/nodegroup=l4-spot, got eks.amazonaws.com/nodegroup=l4",
      "environment 'fleet': storage.readWriteManyClass: expected a storage class that provides ReadWriteMany volumes (on a multi-node cluster, volumes shared by pods on several nodes need one), got none",
    ]);
  });

  test('images and pool labels the cluster would refuse are bad data, named by field', () => {
    const env = fleetEnvironment();
    const [cpu, ...rest] = env.nodePools;
    const broken = withChanges(env, {
      ray: { version: env.ray.version, image: { repository: 'Ray Workloads!', tag: env.ray.image.tag }, gpuImage: { repository: env.ray.gpuImage.repository, tag: `${env.ray.version}-gpu bad` } },
      nodePools: [{ ...cpu, labels: { ...cpu.labels, 'team!': 'ml', tier: 'not a label value' } }, ...rest],
    });
    expect(() => checkEnvironment(broken)).toThrow(
      [
        `environment 'fleet': nodePools[0].labels: expected keys of the form [prefix/]name (prefix a DNS-1123 subdomain; name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit), got 'team!'`,
        `environment 'fleet': nodePools[0].labels.tier: expected a label value (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit), got 'not a label value'`,
        `environment 'fleet': ray.image: expected an image reference kubelet can pull ([host[:port]/]lowercase/path[:tag][@digest]), got 'Ray Workloads!:${env.ray.image.tag}': invalid reference format: repository name must be lowercase`,
        `environment 'fleet': ray.gpuImage: expected an image reference kubelet can pull ([host[:port]/]lowercase/path[:tag][@digest]), got '${env.ray.gpuImage.repository}:${env.ray.version}-gpu bad': invalid reference format`,
      ].join('\n'),
    );
  });

  test("labels and taints the cloud puts on every node of a pool must be in the pool's labels and taints as the cloud spells them", () => {
    // A misspelt key is well-formed, and selectors built from it select no node: GKE, AKS and EKS each.
    const gke = environmentByName('gke');
    const [gkeCpu, gkeSpot, ...gkeRest] = gke.nodePools;
    const { 'cloud.google.com/gke-accelerator': accelerator, ...spotLabels } = gkeSpot.labels;
    expect(accelerator).toBe('nvidia-l4');
    expect(() => checkEnvironment(withChanges(gke, { nodePools: [gkeCpu, { ...gkeSpot, labels: { ...spotLabels, 'cloud.google.com/gke-acclerator': 'nvidia-l4' } }, ...gkeRest] }))).toThrow(
      "environment 'gke': nodePools[1].labels: expected the label GKE puts on every node of a GPU pool, cloud.google.com/gke-accelerator=nvidia-l4, got none (is cloud.google.com/gke-acclerator=nvidia-l4 a misspelling of it?)",
    );
    const aks = environmentByName('aks');
    const [aksCpu, aksSpot] = aks.nodePools;
    const { 'kubernetes.azure.com/scalesetpriority': priority, ...aksLabels } = aksSpot.labels;
    expect(priority).toBe('spot');
    expect(() => checkEnvironment(withChanges(aks, { nodePools: [aksCpu, { ...aksSpot, labels: aksLabels }] }))).toThrow(
      "environment 'aks': nodePools[1].labels: expected the label AKS puts on every node of a spot pool, kubernetes.azure.com/scalesetpriority=spot, got none",
    );
    expect(() => checkEnvironment(withChanges(aks, { nodePools: [aksCpu, { ...aksSpot, taints: aksSpot.taints.filter((t) => t.key === 'sku') }] }))).toThrow(
      "environment 'aks': nodePools[1].taints: expected the taint AKS puts on every spot node pool, kubernetes.azure.com/scalesetpriority=spot:NoSchedule, got sku=gpu:NoSchedule",
    );
    const eks = environmentByName('eks');
    const [eksCpu, eksGpu] = eks.nodePools;
    expect(() => checkEnvironment(withChanges(eks, { nodePools: [{ ...eksCpu, instanceType: 'm6i.4xlarge' }, { ...eksGpu, spot: false }] }))).toThrow(
      [
        "environment 'eks': nodePools[0].labels: expected the label EKS puts on every node, node.kubernetes.io/instance-type=m6i.4xlarge, got node.kubernetes.io/instance-type=m6i.2xlarge",
        "environment 'eks': nodePools[1].labels: expected the label EKS puts on every node, eks.amazonaws.com/capacityType=ON_DEMAND, got eks.amazonaws.com/capacityType=SPOT",
      ].join('\n'),
    );
  });

  test('a pool list without a CPU pool is refused', () => {
    const env = fleetEnvironment();
    expect(() => checkEnvironment(withChanges(env, { nodePools: env.nodePools.filter((p) => p.gpus) }))).toThrow(
      "environment 'fleet': nodePools: expected at least one pool without GPUs (for Ray heads, submitters and other CPU pods), got only GPU pools",
    );
  });
});
