import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { checkArgoCd } from '../../../src/validation/argocd/check-argocd';
import { ENVIRONMENTS } from '../../../src/environments';
import { Json } from '../../../src/k8s/pod-templates';
import { formatFinding } from '../../../src/validation/validate';
import { local } from '../../support/environments';
import { synthesizedRoot } from '../../support/synthesized';

let synthesized: string;

beforeAll(() => {
  synthesized = synthesizedRoot();
});

/** A copy of the synthesized repository folders to break. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-argocd-case-'));
  cpSync(synthesized, dir, { recursive: true });
  return dir;
}

function edit(root: string, file: string, change: (objects: Json[]) => void): void {
  const path = join(root, file);
  const objects = parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as Json);
  change(objects);
  writeFileSync(path, objects.map((o) => stringify(o)).join('---\n'));
}

function findings(root: string): string[] {
  return checkArgoCd(local(), (p) => (existsSync(join(root, p)) ? join(root, p) : undefined)).map(formatFinding);
}

const byKind = (objects: Json[], kind: string): Json => objects.find((o) => o.kind === kind)!;

describe('checkArgoCd', () => {
  test('passes the synthesized Argo CD objects of every environment', () => {
    for (const env of ENVIRONMENTS) expect(checkArgoCd(env, (p) => join(synthesized, p)).map(formatFinding)).toEqual([]);
  });

  test("an Application's source must be a folder of its environment that exists", () => {
    const root = copy();
    edit(root, 'argocd/local/apps/ray-sandbox.k8s.yaml', ([app]) => (app.spec.source.path = 'dist/gke'));
    expect(findings(root)).toContainEqual(expect.stringMatching(/Application\/local-ray-sandbox spec\.source\.path: 'dist\/gke' is not a folder of environment 'local'/));
    const missing = copy();
    rmSync(join(missing, 'dist', 'local'), { recursive: true });
    expect(findings(missing)).toContainEqual(expect.stringMatching(/Application\/local-ray-sandbox spec\.source\.path: 'dist\/local' does not exist in the repository/));
  });

  test('an include that selects no file, and the objects it leaves unmanaged', () => {
    const root = copy();
    edit(root, 'argocd/local/apps/ray-sandbox.k8s.yaml', ([app]) => (app.spec.source.directory.include = 'sandbox.k8s.yaml'));
    expect(findings(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Application\/local-ray-sandbox spec\.source\.directory\.include: selects no manifest file in 'dist\/local'/),
        expect.stringMatching(/^\[local\] dist\/local\/ray-sandbox\.k8s\.yaml RayCluster\/sandbox <object>: no Application manages this object/),
      ]),
    );
  });

  test('manifests labelled for another environment', () => {
    const root = copy();
    edit(root, 'dist/local/ray-sandbox.k8s.yaml', (objects) => (byKind(objects, 'RayJob').metadata.labels['ray-gitops.io/environment'] = 'gke'));
    expect(findings(root)).toEqual([expect.stringMatching(/RayJob\/sandbox-cluster-check metadata\.labels: selected by Application 'local-ray-sandbox' of environment 'local' but labelled for environment 'gke'/)]);
  });

  test('no object may have two Applications, and every manifest needs one', () => {
    const root = copy();
    const twin = readFileSync(join(root, 'argocd/local/apps/ray-sandbox.k8s.yaml'), 'utf8').replace('name: local-ray-sandbox', 'name: local-ray-sandbox-twin');
    writeFileSync(join(root, 'argocd/local/apps/twin.k8s.yaml'), twin);
    writeFileSync(join(root, 'dist/local/orphan.k8s.yaml'), stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'orphan', namespace: 'ray' } }));
    expect(findings(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/RayCluster\/sandbox <object>: managed by 2 Applications \(local-ray-sandbox, local-ray-sandbox-twin\)/),
        expect.stringMatching(/dist\/local\/orphan\.k8s\.yaml ConfigMap\/orphan <object>: no Application manages this object/),
      ]),
    );
  });

  test('waves: objects by kind, Applications by their objects, CRDs before their custom resources', () => {
    const root = copy();
    edit(root, 'dist/local/ray-sandbox.k8s.yaml', (objects) => (byKind(objects, 'RayCluster').metadata.annotations['argocd.argoproj.io/sync-wave'] = '0'));
    edit(root, 'argocd/local/apps/kuberay-operator.k8s.yaml', ([app]) => (app.metadata.annotations['argocd.argoproj.io/sync-wave'] = '2'));
    const result = findings(root);
    expect(result).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/RayCluster\/sandbox metadata\.annotations\.argocd\.argoproj\.io\/sync-wave: expected wave 2 \(WORKLOADS\) for a RayCluster, got 0/),
        expect.stringMatching(/Application\/local-kuberay-operator .*expected wave 0 \(PLATFORM\).*got 2/),
        expect.stringMatching(/RayService\/text-service .*no earlier wave installs the CRD of ray\.io\/RayService/),
      ]),
    );
  });

  test('a namespace must be the destination created by CreateNamespace or come from an earlier wave', () => {
    const root = copy();
    edit(root, 'argocd/local/apps/ray-sandbox.k8s.yaml', ([app]) => {
      app.spec.syncPolicy.syncOptions = app.spec.syncPolicy.syncOptions.filter((o: string) => o !== 'CreateNamespace=true');
    });
    expect(findings(root)).toContainEqual(expect.stringMatching(/RayCluster\/sandbox metadata\.namespace: namespace 'ray' is neither the Application's destination with CreateNamespace=true nor created in an earlier wave/));

    // GIVEN a Namespace object in the platform wave of the same Application, THEN the namespace exists in time
    edit(root, 'dist/local/ray-sandbox.k8s.yaml', (objects) =>
      objects.unshift({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'ray', labels: { 'ray-gitops.io/environment': 'local' }, annotations: { 'argocd.argoproj.io/sync-wave': '0' } },
      }),
    );
    expect(findings(root).filter((f) => f.includes('argocd/namespace'))).toEqual([]);
  });

  test('Applications stay inside their AppProject', () => {
    const root = copy();
    edit(root, 'dist/local/ray-sandbox.k8s.yaml', (objects) => {
      byKind(objects, 'RayJob').metadata.namespace = 'elsewhere';
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'wide', labels: { 'ray-gitops.io/environment': 'local' }, annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      });
    });
    expect(findings(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/RayJob\/sandbox-cluster-check metadata\.namespace: namespace 'elsewhere' is not a destination of AppProject 'ray-gitops-local'/),
        expect.stringMatching(/RayJob\/sandbox-cluster-check metadata\.namespace: namespace 'elsewhere' is neither/),
        expect.stringMatching(/ClusterRole\/wide kind: cluster-scoped rbac\.authorization\.k8s\.io\/ClusterRole is not in the clusterResourceWhitelist of AppProject 'ray-gitops-local'/),
      ]),
    );
  });
});
