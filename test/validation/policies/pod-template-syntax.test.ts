import { describe, expect, it } from 'vitest';
import { podTemplateSyntax } from '../../../src/validation/policies/pod-template-syntax';
import { Obj, rayCluster as validRayCluster } from '../kuberay/fixtures';

// What the API server rejects in a Pod (kubernetes pkg/apis/core/validation/validation.go) and
// what kubelet cannot pull (InvalidImageName), found in the pod templates that become Pods.

/** KubeRay's fixture cluster with its first worker group's template changed. */
const rayCluster = (worker: { pod?: Obj; meta?: Obj; container?: Obj }): Obj => {
  const cluster = validRayCluster();
  const template = cluster.spec.workerGroupSpecs[0].template;
  if (worker.meta) template.metadata = worker.meta;
  Object.assign(template.spec, worker.pod);
  Object.assign(template.spec.containers[0], worker.container);
  return cluster;
};

const deployment = (pod: Obj, meta?: Obj): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { template: { ...(meta ? { metadata: meta } : {}), spec: { containers: [{ name: 'main', image: 'ghcr.io/mlflow/mlflow:v3.1.0' }], ...pod } } },
});

const paths = (obj: Obj) => podTemplateSyntax.check(obj).map((f) => f.path);

describe('policy/pod-template-syntax', () => {
  it('accepts well-formed pod templates', () => {
    const good = rayCluster({
      meta: { labels: { 'ray.io/group': 'gpu', app: 'x' }, annotations: { 'example.com/note': 'any text at all' } },
      pod: {
        nodeSelector: { 'cloud.google.com/gke-nodepool': 'l4-spot' },
        tolerations: [
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'cloud.google.com/gke-spot', value: 'true' },
          { operator: 'Exists' },
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
        ],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }] }] },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'spot', operator: 'Exists' }] } }],
          },
        },
        initContainers: [{ name: 'init', image: 'localhost:5000/tools/init@sha256:' + 'a'.repeat(64) }],
      },
    });
    expect(podTemplateSyntax.check(good)).toEqual([]);
  });

  it('an image kubelet cannot parse is an error naming the container and what kubelet says', () => {
    expect(podTemplateSyntax.check(deployment({ containers: [{ name: 'mlflow', image: 'MLflow Server!:3.18.0' }] }))).toEqual([
      {
        rule: 'policy/pod-template-syntax',
        path: 'spec.template.spec.containers[0].image',
        message:
          "container 'mlflow' image: expected an image reference kubelet can pull ([host[:port]/]lowercase/path[:tag][@digest]), got \"MLflow Server!:3.18.0\": invalid reference format: repository name must be lowercase (its Pod fails with InvalidImageName)",
      },
    ]);
    for (const image of ['rayproject/ray:2.52.0:latest bad', 'rayproject/ray:', 'Ray/ray:2.52.0', 'a'.repeat(64), `ray:${'t'.repeat(129)}`]) {
      expect(paths(rayCluster({ container: { image } })), image).toEqual(['spec.workerGroupSpecs[0].template.spec.containers[0].image']);
    }
    // A missing or padded image is policy/container-image's finding, not a second one here.
    expect(paths(rayCluster({ container: { image: 'rayproject/ray:2.52.0 ' } }))).toEqual([]);
  });

  it("checks an Argo workflow's templates, its templateDefaults image and its podMetadata", () => {
    const workflow: Obj = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: { name: 'w' },
      spec: {
        workflowSpec: {
          podMetadata: { labels: { 'bad key!': 'x' } },
          templateDefaults: { container: { image: 'Busybox:1.37' } },
          nodeSelector: { pool: 'not a label value' },
          templates: [{ name: 'step', metadata: { annotations: { 'two/slashes/here': 'x' } }, tolerations: [{ key: 'gpu', effect: 'NoScheduled' }], container: { image: 'busybox:1.37' } }],
        },
      },
    };
    expect(paths(workflow)).toEqual([
      'spec.workflowSpec.podMetadata.labels[bad key!]',
      'spec.workflowSpec.nodeSelector.pool',
      'spec.workflowSpec.templates[0].metadata.annotations[two/slashes/here]',
      'spec.workflowSpec.templates[0].tolerations[0].effect',
      'spec.workflowSpec.templateDefaults.container.image',
    ]);
  });

  it('nodeSelector entries and template labels are judged as labels', () => {
    const findings = podTemplateSyntax.check(
      rayCluster({ meta: { labels: { 'ray.io/group!': 'gpu' } }, pod: { nodeSelector: { 'cloud.google.com/gke-nodepool!': 'l4', ok: '-bad-' } } }),
    );
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.workerGroupSpecs[0].template.metadata.labels[ray.io/group!]', expect.stringMatching(/^label key name part must be/)],
      ['spec.workerGroupSpecs[0].template.spec.nodeSelector[cloud.google.com/gke-nodepool!]', expect.stringMatching(/^nodeSelector key name part must be .*got "cloud.google.com\/gke-nodepool!"/)],
      ['spec.workerGroupSpecs[0].template.spec.nodeSelector.ok', expect.stringMatching(/^nodeSelector value must be .*got "-bad-"/)],
    ]);
    // A Deployment's template too (its top-level metadata is the schema layer's).
    expect(paths(deployment({}, { labels: { 'app!': 'x' } }))).toEqual(['spec.template.metadata.labels[app!]']);
  });

  it('tolerations as ValidateTolerations judges them', () => {
    const tolerations = [
      { key: 'bad key', operator: 'Exists' },
      { operator: 'Equal', value: 'x' },
      { key: 'k', operator: 'Matches' },
      { key: 'k', operator: 'Exists', value: 'v' },
      { key: 'k', value: 'not a label value' },
      { key: 'k', operator: 'Exists', effect: 'NoScheduled' },
      { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 },
    ];
    expect(podTemplateSyntax.check(deployment({ tolerations })).map((f) => `${f.path}: ${f.message}`)).toEqual([
      expect.stringMatching(/^spec\.template\.spec\.tolerations\[0\]\.key: toleration key name part must be/),
      'spec.template.spec.tolerations[1].operator: expected Exists when key is empty (it then matches every taint), got "Equal"',
      'spec.template.spec.tolerations[2].operator: expected one of Equal, Exists, got "Matches"',
      'spec.template.spec.tolerations[3].value: expected no value with operator Exists, got "v"',
      expect.stringMatching(/^spec\.template\.spec\.tolerations\[4\]\.value: expected a label value .*got "not a label value"$/),
      'spec.template.spec.tolerations[5].effect: expected one of NoSchedule, PreferNoSchedule, NoExecute (or none: every effect), got "NoScheduled"',
      'spec.template.spec.tolerations[6].effect: expected NoExecute when tolerationSeconds is set, got "NoSchedule"',
    ]);
  });

  it('node affinity requirements: key, operator and how many values', () => {
    const term = (matchExpressions: Obj[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } });
    const at = 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions';
    expect(
      podTemplateSyntax.check(
        deployment({
          affinity: term([
            { key: 'zone', operator: 'In', values: [] },
            { key: 'zone', operator: 'Exists', values: ['a'] },
            { key: 'cpus', operator: 'Gt', values: ['1', '2'] },
            { key: 'zone!', operator: 'Near', values: ['a'] },
          ]),
        }),
      ).map((f) => `${f.path}: ${f.message}`),
    ).toEqual([
      `${at}[0].values: expected at least one value with operator In or NotIn, got 0`,
      `${at}[1].values: expected no values with operator Exists or DoesNotExist, got 1`,
      `${at}[2].values: expected exactly one value with operator Gt or Lt, got 2`,
      expect.stringMatching(new RegExp(`^${at.replace(/[.[\]]/g, '\\$&')}\\[3\\]\\.key: node selector requirement key name part must be`)),
      `${at}[3].operator: expected one of In, NotIn, Exists, DoesNotExist, Gt, Lt, got "Near"`,
    ]);
  });

  it('container names are DNS-1123 labels, unique in the pod with its init containers', () => {
    const pod = { initContainers: [{ name: 'setup', image: 'busybox:1.37' }], containers: [{ name: 'Main', image: 'busybox:1.37' }, { name: 'setup', image: 'busybox:1.37' }] };
    expect(podTemplateSyntax.check(deployment(pod)).map((f) => `${f.path}: ${f.message}`)).toEqual([
      expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.name: expected a DNS-1123 label: .*got "Main"$/),
      'spec.template.spec.containers[1].name: expected a container name unique in the pod (init containers included), got "setup" again',
    ]);
  });

  it('a request above its limit is an error where Kubernetes allows overcommit (cpu, memory, ephemeral-storage), quantities compared by value', () => {
    const resources = (requests: Obj, limits: Obj) => rayCluster({ container: { resources: { requests, limits } } });
    const path = (r: string) => `spec.workerGroupSpecs[0].template.spec.containers[0].resources.requests.${r}`;
    expect(podTemplateSyntax.check(resources({ cpu: '2', memory: '8Gi' }, { cpu: 1, memory: '4Gi' }))).toEqual([
      {
        rule: 'policy/pod-template-syntax',
        path: path('cpu'),
        message: `container 'ray-worker' cpu request: expected at most its limit 1, got 2 (the API server refuses such a Pod: "must be less than or equal to cpu limit")`,
      },
      {
        rule: 'policy/pod-template-syntax',
        path: path('memory'),
        message: `container 'ray-worker' memory request: expected at most its limit 4Gi, got 8Gi (the API server refuses such a Pod: "must be less than or equal to memory limit")`,
      },
    ]);
    expect(paths(resources({ 'ephemeral-storage': '20Gi' }, { 'ephemeral-storage': '10G' }))).toEqual([path('ephemeral-storage')]);
    // Equal by value though written differently, below the limit, a request without a limit, a limit without a request.
    expect(paths(resources({ cpu: '1000m', memory: '4096Mi' }, { cpu: '1', memory: '4Gi' }))).toEqual([]);
    expect(paths(resources({ cpu: '500m', memory: '1Gi' }, { cpu: 2 }))).toEqual([]);
    expect(paths(resources({}, { cpu: 2, memory: '1Gi' }))).toEqual([]);
    // Extended resources must equal their limits (policy/gpu-requests-equal-limits); a quantity that does not parse is the schema's.
    expect(paths(resources({ 'nvidia.com/gpu': 2, cpu: 'lots' }, { 'nvidia.com/gpu': 1, cpu: 1 }))).toEqual([]);
    // Init containers and Deployments too.
    const init = deployment({ initContainers: [{ name: 'fetch', image: 'busybox:1.36', resources: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } } }] });
    expect(paths(init)).toEqual(['spec.template.spec.initContainers[0].resources.requests.memory']);
  });

  it('Secrets and ConfigMaps that env, envFrom and volumes name, as the API server checks them', () => {
    const pod = deployment({
      containers: [
        {
          name: 'main',
          image: 'ghcr.io/mlflow/mlflow:v3.1.0',
          env: [
            { name: 'OK', valueFrom: { secretKeyRef: { name: 'mlflow-db', key: 'password' } } },
            { name: 'CASE', valueFrom: { secretKeyRef: { name: 'MLflow_DB', key: 'password' } } },
            { name: 'KEY', valueFrom: { configMapKeyRef: { name: 'settings', key: 'a key' } } },
            { name: 'NONAME', valueFrom: { secretKeyRef: { key: 'password' } } },
            { name: 'TWO', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } },
            { name: 'PLAIN', value: 'x' },
          ],
          envFrom: [{ secretRef: { name: 'aws-credentials' } }, { configMapRef: { name: 'Bad.Name' } }],
        },
      ],
      volumes: [{ name: 'certs', secret: { secretName: 'tls_certs' } }, { name: 'conf', configMap: { name: 'ray-conf' } }, { name: 'none', configMap: {} }],
    });
    const c = 'spec.template.spec.containers[0]';
    expect(paths(pod)).toEqual([
      'spec.template.spec.volumes[0].secret.secretName',
      'spec.template.spec.volumes[2].configMap.name',
      `${c}.env[1].valueFrom.secretKeyRef.name`,
      `${c}.env[2].valueFrom.configMapKeyRef.key`,
      `${c}.env[3].valueFrom.secretKeyRef.name`,
      `${c}.env[4].valueFrom`,
      `${c}.envFrom[1].configMapRef.name`,
    ]);
    const messages = podTemplateSyntax.check(pod).map((f) => f.message);
    expect(messages[2]).toBe(`container 'main': expected a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253), got the string "MLflow_DB" (the API server refuses such a Pod)`);
    expect(messages[4]).toBe(`container 'main': expected the name of a Secret, got nothing (the API server refuses such a Pod)`);
    expect(messages[5]).toBe(`container 'main': expected exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef, fileKeyRef, got fieldRef and secretKeyRef (the API server refuses such a Pod)`);
  });
});


