import { describe, expect, test } from 'vitest';
import { embeddedPath, fieldPath, formatPath, parsePath } from '../../src/k8s/field-path';

describe('field paths: one notation (kubectl), written and read', () => {
  test.each([
    [['spec', 'workerGroupSpecs', 0, 'template', 'spec', 'containers', 1, 'resources', 'limits', 'nvidia.com/gpu'],
      'spec.workerGroupSpecs[0].template.spec.containers[1].resources.limits[nvidia.com/gpu]'],
    [['metadata', 'labels', 'app.kubernetes.io/name'], 'metadata.labels[app.kubernetes.io/name]'],
    [['spec', 'rayStartParams', 'num-cpus'], 'spec.rayStartParams.num-cpus'],
    [['data', 'tls crt'], 'data[tls crt]'],
    [[0, 'name'], '[0].name'],
    [[], ''],
  ])('%j ⇄ %s', (segments, path) => {
    expect(formatPath(segments)).toBe(path);
    expect(parsePath(path)).toEqual(segments);
  });

  test('an embedded manifest: its kind in parentheses, the path going on inside the string', () => {
    const path = embeddedPath('spec.templates[0].resource.manifest', 'RayJob', 'spec.shutdownAfterJobFinishes');
    expect(path).toBe('spec.templates[0].resource.manifest(RayJob).spec.shutdownAfterJobFinishes');
    expect(parsePath(path)).toEqual(['spec', 'templates', 0, 'resource', 'manifest', 'spec', 'shutdownAfterJobFinishes']);
    expect(embeddedPath('spec.x', 'RayJob', '')).toBe('spec.x(RayJob)');
  });

  test('fieldPath extends a path already written in the notation', () => {
    const container = fieldPath('spec.template.spec', 'containers', 0);
    expect(container).toBe('spec.template.spec.containers[0]');
    expect(parsePath(fieldPath(container, 'resources', 'limits', 'nvidia.com/gpu'))).toEqual([
      'spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'nvidia.com/gpu',
    ]);
  });
});
