import { describe, expect, it } from 'vitest';
import { kubernetesModelsSource, SchemaValidator } from '../../../src/validation/schema';
import { deployment, pvc, role, service } from './objects';

// Core kinds only: no CRDs are compiled in this file.
const validator = new SchemaValidator([kubernetesModelsSource()]);

function problems(obj: Record<string, unknown>): string[] {
  return validator.validate(obj).map((f) => `${f.path}: ${f.message}`);
}

describe('core kinds through kubernetes-models', () => {
  it.each([
    ['PersistentVolumeClaim', pvc],
    ['Service', service],
    ['Role', role],
    ['Deployment', deployment],
  ])('a valid %s passes', (_name, build) => {
    expect(problems(build())).toEqual([]);
  });

  it('dispatches any kind kubernetes-models knows (batch/v1 Job, policy/v1 PodDisruptionBudget)', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } };
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: 1, selector: { matchLabels: { a: 'b' } } } };
    expect(problems(job)).toEqual([]);
    expect(problems(pdb)).toEqual([]);
  });

  it('rejects a misspelled spec.storageSize on a PVC, which .validate() alone accepts', () => {
    const obj = pvc();
    obj.spec.storageSize = '10Gi';
    expect(problems(obj)).toEqual([
      'spec.storageSize: unknown field "storageSize" (allowed: accessModes, dataSource, dataSourceRef, resources, selector, storageClassName, volumeAttributesClassName, volumeMode, volumeName)',
    ]);
  });

  it('rejects an unknown field inside a Deployment pod template container', () => {
    const obj = deployment();
    obj.spec.template.spec.containers[0].imagePolicy = 'Always';
    expect(problems(obj)).toEqual([expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.imagePolicy: unknown field "imagePolicy" \(allowed: args, /)]);
  });

  it('rejects a malformed quantity in a Deployment container, once, with its path', () => {
    const obj = deployment();
    obj.spec.template.spec.containers[0].resources.requests.cpu = '2x';
    expect(problems(obj)).toEqual([
      'spec.template.spec.containers[0].resources.requests.cpu: must be a Kubernetes quantity such as 500m, 2 or 2Gi (got "2x")',
    ]);
  });

  it('rejects a quantity suffix Kubernetes lacks even where kubernetes-models accepts it', () => {
    const obj = pvc();
    obj.spec.resources.requests.storage = '10h';
    expect(problems(obj)).toEqual(['spec.resources.requests.storage: must be a Kubernetes quantity such as 500m, 2 or 2Gi (got "10h")']);
  });

  it('rejects a wrong type and an enum violation', () => {
    const obj = service();
    obj.spec.ports[0].port = '8000';
    obj.spec.type = 'Internal';
    expect(problems(obj)).toEqual([
      'spec.ports[0].port: must be integer (got "8000")',
      'spec.type: must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort" (got "Internal")',
    ]);
  });

  it('rejects a missing required field', () => {
    const obj = role();
    delete obj.rules[0].verbs;
    expect(problems(obj)).toEqual(['rules[0].verbs: required field is missing']);
  });

  it('rejects an invalid label value and a name that breaks the kind\'s rule', () => {
    const obj = service();
    obj.metadata.name = '1-serve';
    obj.metadata.labels = { team: '-ray' };
    expect(problems(obj)).toEqual([
      expect.stringMatching(/^metadata\.name: must be a DNS-1035 label: .* \(got "1-serve"\)$/),
      expect.stringMatching(/^metadata\.labels\.team: label value must be at most 63 .* \(got "-ray"\)$/),
    ]);
  });
});

// The API server decodes core kinds with Go's encoding/json into typed structs.
describe('core kinds as Go decodes them', () => {
  it("a Secret's data is Go base64: wrapped at 76 columns is valid, other characters are not", () => {
    const data = Buffer.from('-----BEGIN CERTIFICATE-----\n'.repeat(6)).toString('base64').replace(/.{76}/g, '$&\n');
    const secret = (value: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ca-tls' }, data: { 'ca.crt': value } });
    expect(problems(secret(data))).toEqual([]);
    expect(problems(secret('LS0t*'))).toEqual(['data[ca.crt]: must be a valid byte (got "LS0t*")']);
  });

  it('a null field is as if absent (a pod template with `metadata:` left empty)', () => {
    const obj = deployment();
    obj.spec.template.metadata = null;
    obj.spec.template.spec.nodeSelector = null;
    expect(problems(obj)).toEqual([]);
  });
});

describe('kinds without a schema', () => {
  it('warns about a kind no source knows instead of passing it silently', () => {
    const obj = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'ray' } };
    expect(validator.validate(obj)).toEqual([
      { rule: 'schema', path: '', severity: 'warning', message: 'no schema known for monitoring.coreos.com/v1/PodMonitor, not validated (searched: kubernetes-models)' },
    ]);
  });

  it('reports an object without apiVersion or kind', () => {
    expect(problems({ metadata: { name: 'x' } })).toEqual([': an object needs a non-empty string apiVersion and kind']);
  });

  it('validates a kind once a source for it is registered (prometheus-operator PodMonitor)', () => {
    const own = new SchemaValidator([kubernetesModelsSource()]);
    const podMonitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'ray-workers', namespace: 'ray' },
      spec: { selector: { matchLabels: { 'ray.io/node-type': 'worker' } }, podMetricsEndpoints: [{ port: 'metrics', interval: '15s' }] },
    };
    expect(own.validate(podMonitor)).toHaveLength(1);
    own.registerSource(kubernetesModelsSource('@kubernetes-models/prometheus-operator'));
    expect(own.validate(podMonitor)).toEqual([]);
    podMonitor.spec.podMetricsEndpoints[0] = { port: 'metrics', intervall: '15s' } as never;
    expect(own.validate(podMonitor).map((f) => f.path)).toEqual(['spec.podMetricsEndpoints[0].intervall']);
  });
});
