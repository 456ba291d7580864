import { join } from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { RayEnvironment } from '../environments/types';
import { MANIFEST_EXTENSION } from '../k8s/manifests';
import { AppProject, GroupKind } from './app-project';
import { Application, SyncOption } from './application';
import { ArgocdConfig } from './argocd-config';
import { autoscalerIgnoreDifferences } from './autoscaler-ignores';
import { groupOf, isClusterScoped } from './cluster-scoped';
import { PLATFORM_COMPONENTS } from './kuberay-operator';
import {
  APPS_DIR,
  ARGOCD_NAMESPACE,
  IN_CLUSTER_SERVER,
  argocdPath,
  childApplicationName,
  distPath,
  projectNames,
  rootApplicationName,
} from './layout';
import { SyncWave, applicationWave } from './sync-waves';
import '../k8s/map-keys'; // every valid map key survives serialization

const NAMESPACE_KIND: GroupKind = { group: '', kind: 'Namespace' };

function newApp(outdir: string): App {
  return new App({ outdir, outputFileExtension: MANIFEST_EXTENSION, yamlOutputType: YamlOutputType.FILE_PER_CHART });
}

function argocdChart(app: App, id: string, environment: RayEnvironment): Chart {
  return new Chart(app, id, {
    disableResourceNameHashes: true,
    labels: { 'app.kubernetes.io/part-of': 'ray-gitops', 'ray-gitops.io/environment': environment.name },
  });
}

function apiObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

function uniqueKinds(kinds: GroupKind[]): GroupKind[] {
  const seen = new Map(kinds.map((k) => [`${k.group}/${k.kind}`, k]));
  return [...seen.keys()].sort().map((key) => seen.get(key)!);
}

/**
 * Builds (does not synthesize) the Argo CD objects of one environment from its workloads app
 * (`environmentApp`): two cdk8s apps, because cdk8s writes one folder per app.
 *
 * - `argocd/<env>/bootstrap.k8s.yaml`, applied once by hand: the AppProjects, the argocd-cm
 *   patch and the root Application.
 * - `argocd/<env>/apps/<id>.k8s.yaml`: one child Application per operator and per chart.
 *
 * The root syncs all of `argocd/<env>/` (itself included), so after the bootstrap every change
 * to Argo CD's objects arrives by Git like any other.
 */
export function argocdApps(environment: RayEnvironment, workloads: App, outdir: string): App[] {
  const gitops = environment.gitops;
  const projects = projectNames(environment);
  const charts = workloads.node.children.filter((c): c is Chart => c instanceof Chart);
  const clash = charts.find((c) => PLATFORM_COMPONENTS.some((p) => p.id === c.node.id));
  if (clash) {
    throw new Error(`chart '${clash.node.id}' has the id of a platform component; rename the chart (CHART_FACTORIES in src/app.ts)`);
  }

  const bootstrapApp = newApp(outdir);
  const bootstrap = argocdChart(bootstrapApp, 'bootstrap', environment);
  new AppProject(bootstrap, 'RootProject', {
    name: projects.root,
    description: `ray-gitops ${environment.name}: the root Application, AppProjects and argocd-cm`,
    sourceRepos: [gitops.repoUrl],
    destinations: [{ server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE }],
    clusterResources: [],
    namespaceResources: [
      { group: 'argoproj.io', kind: 'Application' },
      { group: 'argoproj.io', kind: 'AppProject' },
      { group: '', kind: 'ConfigMap' },
    ],
  });
  new AppProject(bootstrap, 'PlatformProject', {
    name: projects.platform,
    description: `ray-gitops ${environment.name}: operators from their Helm charts`,
    sourceRepos: PLATFORM_COMPONENTS.map((p) => p.source.repoURL),
    destinations: PLATFORM_COMPONENTS.map((p) => ({ server: gitops.destinationServer, namespace: p.namespace })),
    clusterResources: uniqueKinds([NAMESPACE_KIND, ...PLATFORM_COMPONENTS.flatMap((p) => p.clusterResources)]),
  });
  const clusterKinds = charts.flatMap((chart) =>
    apiObjects(chart)
      .map((o) => ({ group: groupOf(o.apiVersion), kind: o.kind }))
      .filter((k) => isClusterScoped(k.group, k.kind)),
  );
  new AppProject(bootstrap, 'WorkloadsProject', {
    name: projects.workloads,
    description: `ray-gitops ${environment.name}: the charts in ${distPath(environment)}/`,
    sourceRepos: [gitops.repoUrl],
    destinations: uniqueDestinations(charts.map((c) => c.namespace ?? environment.namespace), gitops.destinationServer),
    clusterResources: uniqueKinds([NAMESPACE_KIND, ...clusterKinds]),
  });
  new ArgocdConfig(bootstrap, 'ArgocdConfig');
  new Application(bootstrap, 'Root', {
    name: rootApplicationName(environment),
    project: projects.root,
    source: { repoURL: gitops.repoUrl, targetRevision: gitops.targetRevision, path: argocdPath(environment), recurse: true },
    destination: { server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE },
    wave: SyncWave.ARGOCD_CONFIG,
    syncPolicy: { prune: gitops.prune, selfHeal: gitops.selfHeal },
    syncOptions: [SyncOption.SERVER_SIDE_APPLY],
  });

  const childApp = newApp(join(outdir, APPS_DIR));
  const providedGroups = PLATFORM_COMPONENTS.flatMap((p) => p.providesGroups);
  for (const component of PLATFORM_COMPONENTS) {
    new Application(argocdChart(childApp, component.id, environment), 'Application', {
      name: childApplicationName(environment, component.id),
      project: projects.platform,
      source: component.source,
      destination: { server: gitops.destinationServer, namespace: component.namespace },
      wave: SyncWave.PLATFORM,
      // Never prune an operator's objects automatically: a CRD dropped from a chart version
      // would take every object of its kind with it.
      syncPolicy: { prune: false, selfHeal: gitops.selfHeal },
      syncOptions: [SyncOption.CREATE_NAMESPACE, SyncOption.SERVER_SIDE_APPLY],
    });
  }
  for (const chart of charts) {
    const objects = apiObjects(chart);
    const usesOperator = objects.some((o) => providedGroups.includes(groupOf(o.apiVersion)));
    new Application(argocdChart(childApp, chart.node.id, environment), 'Application', {
      name: childApplicationName(environment, chart.node.id),
      project: projects.workloads,
      source: {
        repoURL: gitops.repoUrl,
        targetRevision: gitops.targetRevision,
        path: distPath(environment),
        // Only the chart's file: serve-configs/ holds Serve config files, not Kubernetes objects.
        include: `${chart.node.id}${MANIFEST_EXTENSION}`,
      },
      destination: { server: gitops.destinationServer, namespace: chart.namespace ?? environment.namespace },
      wave: applicationWave(objects.map((o) => o.kind)),
      syncPolicy: { prune: gitops.prune, selfHeal: gitops.selfHeal },
      syncOptions: [
        SyncOption.CREATE_NAMESPACE,
        SyncOption.SERVER_SIDE_APPLY,
        SyncOption.RESPECT_IGNORE_DIFFERENCES,
        ...(usesOperator ? [SyncOption.SKIP_DRY_RUN_ON_MISSING_RESOURCE] : []),
      ],
      ignoreDifferences: autoscalerIgnoreDifferences(chart),
      cascadeDelete: gitops.prune,
    });
  }
  return [bootstrapApp, childApp];
}

function uniqueDestinations(namespaces: string[], server: string): { server: string; namespace: string }[] {
  return [...new Set(namespaces)].sort().map((namespace) => ({ server, namespace }));
}
