import { describe, expect, test } from 'vitest';
import { RayEnvironment } from '../../../src/environments/types';
import { Json } from '../../../src/k8s/pod-templates';
import { POLICIES } from '../../../src/validation/policies';
import { sharedVolumeAccessMode } from '../../../src/validation/policies/shared-volume-access-mode';
import { gke, local } from '../../support/environments';
import { synthPipeline } from '../../pipeline/pipeline-fixture';

const claim = (name: string, accessModes: string[]): Json => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'ray' },
  spec: { accessModes, resources: { requests: { storage: '1Gi' } } },
});

const deployment = (replicas: number, readOnly = false): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'reader', namespace: 'ray' },
  spec: {
    replicas,
    template: {
      spec: {
        containers: [{ name: 'app', image: 'app:1.0.0', volumeMounts: [{ name: 'data', mountPath: '/data', readOnly }] }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      },
    },
  },
});

const rayCluster = (maxReplicas: number): Json => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayCluster',
  metadata: { name: 'c', namespace: 'ray' },
  spec: {
    headGroupSpec: { template: { spec: { containers: [{ name: 'ray-head' }] } } },
    workerGroupSpecs: [
      {
        groupName: 'w',
        maxReplicas,
        template: { spec: { containers: [{ name: 'ray-worker' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } },
      },
    ],
  },
});

function findings(env: RayEnvironment, target: Json, ...others: Json[]): string[] {
  return sharedVolumeAccessMode.check(target, { environment: env, objects: [target, ...others] }).map((f) => `${f.path}: ${f.message}`);
}

describe('policy/shared-volume-access-mode', () => {
  test('is registered', () => {
    expect(POLICIES).toContain(sharedVolumeAccessMode);
  });

  test("the pipeline's claims, made ReadWriteOnce on a multi-node cluster, are flagged with the pods that share them", () => {
    // GIVEN the gke pipeline with its claims switched to ReadWriteOnce
    const { objects } = synthPipeline(gke());
    const rwo = objects.map((o) => (o.kind === 'PersistentVolumeClaim' ? { ...o, spec: { ...o.spec, accessModes: ['ReadWriteOnce'] } } : o));
    const claims = rwo.filter((o) => o.kind === 'PersistentVolumeClaim');
    // THEN both are flagged, naming the download step and the RayJobs the templates create
    for (const c of claims) {
      const [finding, ...rest] = findings(gke(), c, ...rwo.filter((o) => o !== c));
      expect(rest).toEqual([]);
      expect(finding).toMatch(new RegExp(`^spec.accessModes: claim '${c.metadata.name}' is attached by more than one pod`));
      expect(finding).toContain('WorkflowTemplate/wikipedia spec.templates[');
      expect(finding).toContain('.resource.manifest(RayJob) spec.rayClusterSpec.headGroupSpec.template.spec');
      expect(finding).toMatch(/expected ReadWriteMany/);
    }
    // AND as synthesized (ReadWriteMany) they pass
    const rwx = objects.find((o) => o.kind === 'PersistentVolumeClaim');
    expect(findings(gke(), rwx, ...objects.filter((o) => o !== rwx))).toEqual([]);
  });

  test('ReadWriteOnce is fine on a single-node environment (local)', () => {
    const { objects } = synthPipeline(local(), { cpuOnly: true });
    for (const c of objects.filter((o) => o.kind === 'PersistentVolumeClaim')) {
      expect(c.spec.accessModes).toEqual(['ReadWriteOnce']);
      expect(findings(local(), c, ...objects)).toEqual([]);
    }
  });

  test('one pod is fine, replicas are several pods', () => {
    expect(findings(gke(), claim('data', ['ReadWriteOnce']), deployment(1))).toEqual([]);
    expect(findings(gke(), claim('data', ['ReadWriteOnce']), deployment(3))).toEqual([
      expect.stringContaining('Deployment/reader spec.template.spec (several replicas)'),
    ]);
    expect(findings(gke(), claim('data', ['ReadWriteOnce']), rayCluster(1))).toEqual([]);
    expect(findings(gke(), claim('data', ['ReadWriteOnce']), rayCluster(4))).toHaveLength(1);
    expect(findings(gke(), claim('other', ['ReadWriteOnce']), deployment(3))).toEqual([]);
  });

  test('ReadOnlyMany when every mount is read-only', () => {
    expect(findings(gke(), claim('data', ['ReadOnlyMany']), deployment(3, true))).toEqual([]);
    expect(findings(gke(), claim('data', ['ReadOnlyMany']), deployment(3, false))).toHaveLength(1);
  });
});
