import { RayEnvironment } from '../../environments/types';
import { MANIFEST_EXTENSION, ManifestFile, ManifestReader, onceManifestReader, readManifestFiles } from '../../k8s/manifests';
import { Json } from '../../k8s/pod-templates';
import { LocatedFinding } from '../validate';
import { SyncOption } from '../../argocd/application';
import { groupOf, isBuiltInGroup, isClusterScoped } from '../../argocd/cluster-scoped';
import { PLATFORM_COMPONENTS, PREREQUISITE_GROUPS } from '../../argocd/kuberay-operator';
import { ARGOCD_NAMESPACE, argocdPath, distPath } from '../../argocd/layout';
import { SyncWave, applicationWave, syncWaveOf, syncWaveOfKind } from '../../argocd/sync-waves';

/** Maps a repository path (`dist/local`) to the folder holding it, or `undefined` if the repository has no such folder. */
export type RepoResolver = (repoPath: string) => string | undefined;

/** One object of a manifest file, where it is, and what Argo CD will call it. */
interface Located {
  readonly file: string;
  readonly index: number;
  readonly obj: Json;
}

/** An object as one Application manages it. */
interface Managed extends Located {
  readonly group: string;
  readonly kind: string;
  /** Namespace it lands in (the Application's destination when the object names none); '' if cluster-scoped. */
  readonly namespace: string;
  readonly wave: number;
}

/** A child or root Application with everything the checks need. */
interface AppView extends Located {
  readonly name: string;
  readonly wave: number;
  readonly managed: readonly Managed[];
  /** API groups whose CRDs the Application installs (an operator's Helm chart or CRD objects). */
  readonly providesGroups: readonly string[];
}

const RULE = {
  source: 'argocd/source-path',
  owner: 'argocd/single-owner',
  wave: 'argocd/sync-wave',
  namespace: 'argocd/namespace',
  project: 'argocd/project',
};

/**
 * Checks an environment's Argo CD objects against its manifests, on the files as written:
 * - every Application's source is this repository at the environment's revision, its path is
 *   one of the environment's folders, exists, and selects manifests of this environment only;
 * - no object is managed by two Applications, and every object in `dist/<env>/` and
 *   `argocd/<env>/` by exactly one;
 * - waves: each object's wave is that of its kind, each Application's that of its objects,
 *   Argo CD's own configuration comes first, and every custom resource's CRD is installed by an
 *   earlier wave (or is a cluster prerequisite);
 * - every namespace an object lands in exists by then (an earlier Namespace or CreateNamespace);
 * - each Application stays inside its AppProject (source, destinations, whitelisted kinds).
 * Sources: https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/ (waves and the
 * order within one), https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/
 * (CreateNamespace, SkipDryRunOnMissingResource for a CRD applied in the same sync),
 * https://argo-cd.readthedocs.io/en/stable/user-guide/projects/ (what an AppProject allows) and
 * https://argo-cd.readthedocs.io/en/stable/user-guide/directory/ (`directory.include` globs).
 * @param read reads a folder's manifest files; each folder is read once per call
 * @default read - `readManifestFiles`
 */
export function checkArgoCd(environment: RayEnvironment, resolve: RepoResolver, read: ManifestReader = readManifestFiles): LocatedFinding[] {
  const readOnce = onceManifestReader(read);
  const findings: LocatedFinding[] = [];
  const report = (at: Located, rule: string, path: string, message: string): void => {
    findings.push({
      environment: environment.name,
      chart: at.file.slice(0, -MANIFEST_EXTENSION.length),
      kind: String(at.obj.kind),
      name: String(at.obj.metadata?.name ?? '<unnamed>'),
      rule,
      path,
      message,
    });
  };
  const argocdFiles = repoFiles(argocdPath(environment), true, resolve, readOnce);
  const distFiles = repoFiles(distPath(environment), false, resolve, readOnce);
  const argocdObjects = locate(argocdFiles);
  const apps = argocdObjects
    .filter((l) => l.obj.kind === 'Application')
    .map((l) => viewApplication(environment, l, resolve, readOnce, report));

  checkOwnership(apps, [...argocdObjects, ...locate(distFiles)], report);
  checkWaves(environment, apps, argocdObjects, locate(distFiles), report);
  checkNamespaces(apps, report);
  checkProjects(apps, argocdObjects, report);
  return findings;
}

type Report = (at: Located, rule: string, path: string, message: string) => void;

function repoFiles(repoPath: string, recurse: boolean, resolve: RepoResolver, read: ManifestReader): ManifestFile[] {
  const dir = resolve(repoPath);
  return dir === undefined ? [] : read(dir, recurse).map((f) => ({ ...f, file: `${repoPath}/${f.file}` }));
}

function locate(files: readonly ManifestFile[]): Located[] {
  return files.flatMap((f) => f.objects.map((obj, index) => ({ file: f.file, index, obj })));
}

/** A glob as Argo CD's `directory.include` takes it: `*` within one path segment, the rest literal. */
function globMatches(glob: string, path: string): boolean {
  const pattern = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${pattern}$`).test(path);
}

function viewApplication(environment: RayEnvironment, at: Located, resolve: RepoResolver, read: ManifestReader, report: Report): AppView {
  const spec = at.obj.spec ?? {};
  const source = spec.source ?? {};
  const base = { ...at, name: String(at.obj.metadata?.name), wave: syncWaveOf(at.obj) };
  if (source.chart !== undefined) {
    const component = PLATFORM_COMPONENTS.find(
      (c) => c.source.repoURL === source.repoURL && c.source.chart === source.chart && c.source.targetRevision === source.targetRevision,
    );
    if (!component) {
      report(at, RULE.source, 'spec.source', `Helm chart ${source.repoURL} ${source.chart}@${source.targetRevision} is no platform component of ours (PLATFORM_COMPONENTS)`);
    }
    return { ...base, managed: [], providesGroups: component?.providesGroups ?? [] };
  }
  const gitops = environment.gitops;
  if (source.repoURL !== gitops.repoUrl || source.targetRevision !== gitops.targetRevision) {
    report(at, RULE.source, 'spec.source', `expected this repository at the environment's revision (${gitops.repoUrl} @ ${gitops.targetRevision}), got ${source.repoURL} @ ${source.targetRevision}`);
  }
  const path = String(source.path);
  const folders = [distPath(environment), argocdPath(environment)];
  const dir = folders.includes(path) ? resolve(path) : undefined;
  if (!folders.includes(path)) {
    report(at, RULE.source, 'spec.source.path', `'${path}' is not a folder of environment '${environment.name}' (expected ${folders.join(' or ')})`);
  } else if (dir === undefined) {
    report(at, RULE.source, 'spec.source.path', `'${path}' does not exist in the repository`);
  }
  const include = source.directory?.include;
  const files = (dir === undefined ? [] : read(dir, source.directory?.recurse === true))
    .filter((f) => include === undefined || globMatches(include, f.file))
    .map((f) => ({ ...f, file: `${path}/${f.file}` }));
  if (dir !== undefined && files.length === 0) {
    report(at, RULE.source, 'spec.source.directory.include', `selects no manifest file in '${path}' (include: ${include ?? '<all>'})`);
  }
  const destination = String(spec.destination?.namespace ?? '');
  const managed = locate(files).map((l): Managed => {
    const group = groupOf(String(l.obj.apiVersion));
    const kind = String(l.obj.kind);
    const namespace = isClusterScoped(group, kind) ? '' : String(l.obj.metadata?.namespace ?? destination);
    const label = l.obj.metadata?.labels?.['ray-gitops.io/environment'];
    if (label !== environment.name) {
      report(l, RULE.source, 'metadata.labels', `selected by Application '${base.name}' of environment '${environment.name}' but labelled for environment '${label ?? '<none>'}'`);
    }
    return { ...l, group, kind, namespace, wave: syncWaveOf(l.obj) };
  });
  const crdGroups = managed.filter((m) => m.kind === 'CustomResourceDefinition').map((m) => String(m.obj.spec?.group));
  return { ...base, managed, providesGroups: crdGroups };
}

function checkOwnership(apps: readonly AppView[], everything: readonly Located[], report: Report): void {
  const byKey = new Map<string, string[]>();
  const owned = new Set<string>();
  for (const app of apps) {
    for (const m of app.managed) {
      const key = `${m.group}/${m.kind}/${m.namespace}/${m.obj.metadata?.name}`;
      byKey.set(key, [...(byKey.get(key) ?? []), app.name]);
      owned.add(`${m.file}#${m.index}`);
    }
  }
  for (const app of apps) {
    for (const m of app.managed) {
      const owners = byKey.get(`${m.group}/${m.kind}/${m.namespace}/${m.obj.metadata?.name}`)!;
      if (owners.length > 1 && owners[0] === app.name) {
        report(m, RULE.owner, '', `managed by ${owners.length} Applications (${owners.join(', ')}); each object needs exactly one`);
      }
    }
  }
  for (const l of everything) {
    if (!owned.has(`${l.file}#${l.index}`)) report(l, RULE.owner, '', 'no Application manages this object, so Argo CD never applies it');
  }
}

/** Where an object comes in the root's sync: its Application's wave, then its own. */
function before(a: { app: AppView; wave: number }, b: { app: AppView; wave: number }): boolean {
  return a.app.wave < b.app.wave || (a.app === b.app && a.wave < b.wave);
}

function checkWaves(
  environment: RayEnvironment,
  apps: readonly AppView[],
  argocdObjects: readonly Located[],
  distObjects: readonly Located[],
  report: Report,
): void {
  const annotation = 'metadata.annotations.argocd.argoproj.io/sync-wave';
  for (const l of distObjects) {
    const expected = syncWaveOfKind(String(l.obj.kind));
    if (syncWaveOf(l.obj) !== expected) report(l, RULE.wave, annotation, `expected wave ${expected} (${SyncWave[expected]}) for a ${l.obj.kind}, got ${syncWaveOf(l.obj)}`);
  }
  for (const l of argocdObjects.filter((o) => o.obj.kind === 'AppProject' || o.obj.kind === 'ConfigMap')) {
    if (syncWaveOf(l.obj) !== SyncWave.ARGOCD_CONFIG) report(l, RULE.wave, annotation, `Argo CD's configuration must come first: expected wave ${SyncWave.ARGOCD_CONFIG}, got ${syncWaveOf(l.obj)}`);
  }
  const children = apps.filter((a) => a.obj.spec?.source?.path !== argocdPath(environment));
  for (const app of children) {
    const expected = app.obj.spec?.source?.chart !== undefined ? SyncWave.PLATFORM : applicationWave(app.managed.map((m) => m.kind));
    if (app.wave !== expected) report(app, RULE.wave, annotation, `expected wave ${expected} (${SyncWave[expected]}): the wave of the Application's last objects, got ${app.wave}`);
  }
  for (const app of children) {
    for (const m of app.managed.filter((o) => !isBuiltInGroup(o.group) && !PREREQUISITE_GROUPS.includes(o.group))) {
      const providers = apps.filter((p) => p.providesGroups.includes(m.group));
      const crdBefore = providers.some((p) =>
        p.obj.spec?.source?.chart !== undefined
          ? p.wave < app.wave
          : p.managed.some((c) => c.kind === 'CustomResourceDefinition' && c.obj.spec?.group === m.group && before({ app: p, wave: c.wave }, { app, wave: m.wave })),
      );
      if (!crdBefore) {
        report(m, RULE.wave, annotation, `no earlier wave installs the CRD of ${m.group}/${m.kind} (expected an operator Application of a lower wave, or a CRD earlier in this one)`);
      }
    }
  }
}

function checkNamespaces(apps: readonly AppView[], report: Report): void {
  const namespaces = apps.flatMap((app) => app.managed.filter((m) => m.kind === 'Namespace' && m.group === '').map((m) => ({ app, wave: m.wave, name: String(m.obj.metadata?.name) })));
  for (const app of apps) {
    const destination = app.obj.spec?.destination?.namespace;
    const createsDestination = ((app.obj.spec?.syncPolicy?.syncOptions ?? []) as string[]).includes(SyncOption.CREATE_NAMESPACE);
    for (const m of app.managed.filter((o) => o.namespace !== '' && o.namespace !== ARGOCD_NAMESPACE)) {
      const created =
        (m.namespace === destination && createsDestination) ||
        namespaces.some((n) => n.name === m.namespace && before(n, { app, wave: m.wave }));
      if (!created) {
        report(m, RULE.namespace, 'metadata.namespace', `namespace '${m.namespace}' is neither the Application's destination with ${SyncOption.CREATE_NAMESPACE} nor created in an earlier wave`);
      }
    }
  }
}

interface GroupKindJson {
  group?: string;
  kind?: string;
}

function listed(list: GroupKindJson[] | undefined, group: string, kind: string): boolean {
  return (list ?? []).some((k) => (k.group ?? '') === group && k.kind === kind);
}

function checkProjects(apps: readonly AppView[], argocdObjects: readonly Located[], report: Report): void {
  const projects = new Map(argocdObjects.filter((l) => l.obj.kind === 'AppProject').map((l) => [String(l.obj.metadata?.name), l.obj.spec ?? {}]));
  for (const app of apps) {
    const spec = app.obj.spec ?? {};
    const project = projects.get(String(spec.project));
    if (!project) {
      report(app, RULE.project, 'spec.project', `AppProject '${spec.project}' is not among this environment's AppProjects (${[...projects.keys()].join(', ')})`);
      continue;
    }
    const destinations = (project.destinations ?? []) as { server?: string; namespace?: string }[];
    const allowed = (namespace: string): boolean => destinations.some((d) => d.server === spec.destination?.server && d.namespace === namespace);
    if (!((project.sourceRepos ?? []) as string[]).includes(spec.source?.repoURL)) {
      report(app, RULE.project, 'spec.source.repoURL', `'${spec.source?.repoURL}' is not a source repository of AppProject '${spec.project}'`);
    }
    if (!allowed(spec.destination?.namespace)) {
      report(app, RULE.project, 'spec.destination', `${spec.destination?.server} namespace '${spec.destination?.namespace}' is not a destination of AppProject '${spec.project}'`);
    }
    for (const m of app.managed) {
      if (m.namespace === '' && !listed(project.clusterResourceWhitelist, m.group, m.kind)) {
        report(m, RULE.project, 'kind', `cluster-scoped ${m.group || 'core'}/${m.kind} is not in the clusterResourceWhitelist of AppProject '${spec.project}'`);
      }
      if (m.namespace !== '' && project.namespaceResourceWhitelist !== undefined && !listed(project.namespaceResourceWhitelist, m.group, m.kind)) {
        report(m, RULE.project, 'kind', `${m.group || 'core'}/${m.kind} is not in the namespaceResourceWhitelist of AppProject '${spec.project}'`);
      }
      if (m.namespace !== '' && !allowed(m.namespace)) {
        report(m, RULE.project, 'metadata.namespace', `namespace '${m.namespace}' is not a destination of AppProject '${spec.project}'`);
      }
    }
  }
}
