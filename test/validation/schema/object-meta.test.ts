import { describe, expect, it } from 'vitest';
import { objectMetaFindings } from '../../../src/validation/schema/object-meta';

function problems(meta: Record<string, unknown>, kind = 'ConfigMap'): string[] {
  return objectMetaFindings(meta, kind).map((f) => `${f.path}: ${f.message}`);
}

describe('ObjectMeta syntax', () => {
  it('accepts well-formed names, labels, annotations and finalizers', () => {
    expect(
      problems({
        name: 'ray.sandbox-1',
        namespace: 'ray',
        labels: { 'app.kubernetes.io/name': 'ray_head-1.0', empty: '' },
        annotations: { 'argocd.argoproj.io/sync-wave': '-1', 'Example.COM/Note': 'any text at all: ok' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      }),
    ).toEqual([]);
  });

  it('checks the name by kind: subdomain by default, DNS-1123 label for Namespace, path segment for RBAC', () => {
    expect(problems({ name: 'Ray' })).toEqual([expect.stringMatching(/^metadata\.name: must be a DNS-1123 subdomain/)]);
    expect(problems({ name: 'ray.io' }, 'Namespace')).toEqual([expect.stringMatching(/^metadata\.name: must be a DNS-1123 label/)]);
    expect(problems({ name: 'system:ray-reader' }, 'ClusterRole')).toEqual([]);
    expect(problems({ name: 'a/b' }, 'ClusterRole')).toEqual([expect.stringMatching(/^metadata\.name: must not be "\." or "\.\."/)]);
  });

  it('checks generateName with the random suffix the server appends', () => {
    expect(problems({ generateName: 'embed-' })).toEqual([]);
    expect(problems({ generateName: 'Embed-' })).toEqual([expect.stringMatching(/^metadata\.generateName: with a random suffix appended must be a DNS-1123 subdomain/)]);
  });

  it('rejects a bad namespace, label key, label value and finalizer', () => {
    expect(
      problems({
        namespace: 'Ray',
        labels: { 'bad key': 'v', 'a/b/c': 'v', ok: 'x'.repeat(64) },
        finalizers: ['-nope'],
      }),
    ).toEqual([
      expect.stringMatching(/^metadata\.namespace: must be a DNS-1123 label/),
      expect.stringMatching(/^metadata\.labels\[bad key\]: label key name part must be at most 63/),
      expect.stringMatching(/^metadata\.labels\[a\/b\/c\]: label key must have at most one "\/"/),
      expect.stringMatching(/^metadata\.labels\.ok: label value must be at most 63/),
      expect.stringMatching(/^metadata\.finalizers\[0\]: finalizer name part/),
    ]);
  });

  it('caps the total size of annotations at 256 KiB', () => {
    expect(problems({ annotations: { big: 'x'.repeat(256 * 1024) } })).toEqual([
      'metadata.annotations: annotations must total at most 262144 bytes (got 262147)',
    ]);
  });
});
