import { App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/**
 * A scope outside the app, at the same construct path as `scope`, for objects that are
 * built with our L2 constructs but are not synthesized themselves: the RayJobs an Argo
 * Workflow creates at run time are rendered into its templates as strings. Constructs built
 * here check their props exactly as in the app, and their ConfigErrors name the same path;
 * the chart's labels carry over, its namespace does not (the Workflow's namespace applies).
 */
export function detachedScope(scope: IConstruct): Construct {
  const [chart, ...below] = scope.node.scopes.slice(scope.node.scopes.indexOf(Chart.of(scope)));
  let parent: Construct = new Chart(new App(), chart.node.id, {
    labels: (chart as Chart).labels,
    disableResourceNameHashes: true,
  });
  for (const s of below) parent = new Construct(parent, s.node.id);
  return parent;
}
