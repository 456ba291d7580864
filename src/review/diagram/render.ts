import { instance } from '@viz-js/viz';
import { NodePool } from '../../environments/types';
import { EnvironmentObjects } from '../../k8s/manifests';
import { compareStrings } from '../object-id';
import { buildGraph } from './build-graph';
import { toDot } from './dot';

/**
 * The architecture picture of every environment as SVG, by environment name, with its node pools when `pools` has them. Graphviz (the
 * `dot` layout, compiled to WebAssembly by @viz-js/viz) lays it out, so the output is the same
 * for the same objects and package version.
 */
export async function renderDiagrams(
  environments: EnvironmentObjects,
  /** Node pools per environment name, drawn with which pods land on them; none drawn for an environment not listed. */
  pools: ReadonlyMap<string, readonly NodePool[]> = new Map(),
): Promise<Map<string, string>> {
  const viz = await instance();
  const names = [...environments.keys()].sort(compareStrings);
  return new Map(
    names.map((env) => {
      const result = viz.render(toDot(buildGraph(env, environments.get(env)!, pools.get(env))), { format: 'svg', engine: 'dot' });
      if (result.status !== 'success') {
        throw new Error(`Graphviz failed for ${env}: ${result.errors.map((e) => e.message).join('; ')}`);
      }
      return [env, result.output];
    }),
  );
}
