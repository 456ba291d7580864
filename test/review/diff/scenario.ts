import { EnvironmentObjects } from '../../../src/k8s/manifests';
import { clusterSpec, configMap, inFile, rayService, serveConfig, service } from '../fixtures';

/**
 * Two versions with known differences. gke: `text` gets a new image and one more GPU worker
 * (a new cluster), `chat` a Serve-only change, `old-name` is renamed, `obsolete` removed, a
 * LoadBalancer Service added. local: unchanged. staging: a new environment.
 */
export function scenario(): { before: EnvironmentObjects; after: EnvironmentObjects } {
  const settings = configMap('settings', { a: '1' });
  const renamedData = { x: '1', y: '2', z: '3' };
  const before = new Map([
    [
      'gke',
      inFile(
        'gke',
        'demo',
        rayService('text', clusterSpec()),
        rayService('chat', clusterSpec()),
        settings,
        configMap('old-name', renamedData),
        configMap('obsolete', { k: 'v' }),
      ),
    ],
    ['local', inFile('local', 'demo', settings)],
  ]);
  const after = new Map([
    [
      'gke',
      inFile(
        'gke',
        'demo',
        rayService('text', clusterSpec({ image: 'ray:2.53.0', gpuMax: 3 })),
        rayService('chat', clusterSpec(), serveConfig('/embeddings', 4)),
        settings,
        configMap('new-name', renamedData),
        service('public', 'LoadBalancer', { app: 'chat' }),
      ),
    ],
    ['local', inFile('local', 'demo', settings)],
    ['staging', inFile('staging', 'demo', settings)],
  ]);
  return { before, after };
}
