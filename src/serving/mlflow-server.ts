import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerImage, RayEnvironment } from '../environments/types';
import { ComputeResources, containerResources, memoryQuantity } from '../k8s/compute-resources';
import { ConfigError } from '../ray/config-error';
import { placeOnNodes, podPlacement } from '../placement/node-placement';
import { NamespaceOnlyNetworkPolicy } from './network-policies';
import { RESTRICTED_CONTAINER, restrictedPodAs, scratchVolume } from '../k8s/pod-security';
import { POSTGRES_PORT, PostgresDatabase } from './postgres';
import { SecretKeyRef, secretEnv } from './secret-ref';
import { WorkloadServiceAccount } from './service-account';

/** Port of the MLflow tracking server (HTTP API, UI and artifact proxy). */
export const MLFLOW_PORT = 5000;

/** Name of the server's Deployment and Service when the environment names none. */
export const DEFAULT_MLFLOW_NAME = 'mlflow';

/** In-cluster URL of the tracking server `name` of namespace `namespace`. */
export function mlflowTrackingUri(name: string, namespace: string): string {
  return `http://${name}.${namespace}.svc:${MLFLOW_PORT}`;
}

/** Uid the server runs as; the MLflow images run Python as any user. */
const MLFLOW_UID = 1000;

/** The Cloud SQL Auth Proxy image runs as distroless `nonroot`. */
const CLOUD_SQL_PROXY_IMAGE: ContainerImage = { repository: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy', tag: '2.14.1' };

/** A Cloud SQL for PostgreSQL instance reached through the Cloud SQL Auth Proxy (GKE). */
export interface CloudSqlBackend {
  /** `project:region:instance`. */
  readonly instanceConnectionName: string;
  /**
   * Connect over the instance's private IP (the cluster's VPC), not its public one.
   * @default true
   */
  readonly privateIp?: boolean;
}

/** Props of {@link MlflowTrackingServer}. */
export interface MlflowTrackingServerProps {
  readonly environment: RayEnvironment;
  /**
   * Name of the Deployment, Service and ServiceAccount; clients use `http://<name>:5000`.
   * @default 'mlflow'
   */
  readonly name?: string;
  /**
   * Image with MLflow, `psycopg2` and the artifact store's client (`google-cloud-storage` for
   * `gs://`); the upstream `ghcr.io/mlflow/mlflow` image has neither of the latter. Pinned.
   */
  readonly image: ContainerImage;
  /**
   * Where artifacts go, proxied by the server: a bucket URI (`gs://…`, `s3://…`, `wasbs://…`),
   * or `file:///<path>` for a volume the construct claims (development clusters).
   */
  readonly artifactsDestination: string;
  /**
   * Size of the artifact volume when `artifactsDestination` is a `file:` URI.
   * @default Size.gibibytes(5)
   */
  readonly artifactsVolumeSize?: Size;
  /** Existing Secret with the database user (key `username`) and password (key `password`). */
  readonly databaseSecret: string;
  /**
   * Cloud SQL instance of the metadata store, reached through an Auth Proxy sidecar that
   * authenticates as the pod's cloud identity (`serviceAccountAnnotations`).
   * @default - an in-cluster PostgreSQL StatefulSet (development clusters)
   */
  readonly cloudSql?: CloudSqlBackend;
  /**
   * Annotations of the server's ServiceAccount, e.g. `iam.gke.io/gcp-service-account` for the
   * bucket and Cloud SQL.
   * @default {}
   */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /**
   * CPU and memory of the server (requests = limits).
   * @default - 500m CPU, 1 GiB
   */
  readonly resources?: ComputeResources;
}

/**
 * An MLflow tracking server: a Deployment with probes on MLflow's `/health`, a Service, and a
 * PostgreSQL metadata store (in-cluster StatefulSet, or Cloud SQL through the Auth Proxy
 * sidecar). Artifacts are proxied by the server (`--serve-artifacts`), so clients need no
 * bucket credentials. The database password only ever comes from the Secret.
 */
export class MlflowTrackingServer extends Construct {
  public readonly name: string;
  /** In-cluster URL of the tracking server (`MLFLOW_TRACKING_URI` of clients). */
  public readonly trackingUri: string;
  /** The in-cluster database, when no Cloud SQL instance is used. */
  public readonly database?: PostgresDatabase;

  constructor(scope: Construct, id: string, props: MlflowTrackingServerProps) {
    super(scope, id);
    const env = props.environment;
    this.name = props.name ?? DEFAULT_MLFLOW_NAME;
    this.trackingUri = mlflowTrackingUri(this.name, env.namespace);
    if (!/^[a-z][a-z0-9+.-]*:\/\/./.test(props.artifactsDestination)) {
      throw new ConfigError(this, 'artifactsDestination', `expected a bucket URI such as gs://bucket/path, got '${props.artifactsDestination}'`);
    }
    const username: SecretKeyRef = { name: props.databaseSecret, key: 'username' };
    const password: SecretKeyRef = { name: props.databaseSecret, key: 'password' };
    const labels = { 'app.kubernetes.io/name': 'mlflow', 'app.kubernetes.io/instance': this.name };
    const resources = props.resources ?? { cpu: Cpu.millis(500), memory: Size.gibibytes(1) };
    const artifacts = artifactVolume(this, env, props);
    const account = new WorkloadServiceAccount(this, 'ServiceAccount', { name: this.name, annotations: props.serviceAccountAnnotations });

    let dbHost = `127.0.0.1:${POSTGRES_PORT}`;
    const sidecars: k8s.Container[] = [];
    if (props.cloudSql) {
      sidecars.push(cloudSqlProxy(props.cloudSql));
    } else {
      this.database = new PostgresDatabase(this, 'Database', { environment: env, name: `${this.name}-postgres`, database: 'mlflow', username, password, clients: labels });
      dbHost = this.database.address;
    }

    // Clients are the Ray pods and jobs of the namespace; nothing outside it logs runs.
    new NamespaceOnlyNetworkPolicy(this, 'NetworkPolicy', { name: this.name, podSelector: labels, ports: [MLFLOW_PORT] });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: this.name, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: MLFLOW_PORT, targetPort: k8s.IntOrString.fromString('http') }] },
    });

    const health: k8s.Probe = { httpGet: { path: '/health', port: k8s.IntOrString.fromString('http') }, periodSeconds: 10, timeoutSeconds: 5 };
    new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: this.name, labels },
      spec: {
        replicas: 1,
        // A ReadWriteOnce artifact volume can't be attached to the old and the new pod at once.
        strategy: artifacts ? { type: 'Recreate' } : undefined,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: account.name,
            automountServiceAccountToken: false,
            securityContext: restrictedPodAs(MLFLOW_UID),
            ...podPlacement(placeOnNodes(this, env, resources, 'resources')),
            containers: [
              {
                name: 'mlflow',
                image: `${props.image.repository}:${props.image.tag}`,
                command: ['mlflow', 'server'],
                // $(VAR) is expanded by the kubelet from the Secret-backed env below: the password
                // never appears in the manifest. It must be URL-safe (no '@', ':', '/').
                args: [
                  '--host=0.0.0.0',
                  `--port=${MLFLOW_PORT}`,
                  '--workers=2',
                  `--backend-store-uri=postgresql://$(DB_USER):$(DB_PASSWORD)@${dbHost}/mlflow`,
                  '--serve-artifacts',
                  `--artifacts-destination=${props.artifactsDestination}`,
                ],
                env: [secretEnv('DB_USER', username), secretEnv('DB_PASSWORD', password), { name: 'HOME', value: '/tmp' }],
                ports: [{ name: 'http', containerPort: MLFLOW_PORT }],
                resources: containerResources(resources),
                securityContext: RESTRICTED_CONTAINER,
                // Schema migrations on first start against a fresh database take a while.
                startupProbe: { ...health, failureThreshold: 30 },
                readinessProbe: health,
                livenessProbe: { ...health, periodSeconds: 20, failureThreshold: 3 },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(artifacts ? [artifacts.mount] : [])],
              },
              ...sidecars,
            ],
            volumes: [scratchVolume('tmp', '1Gi'), ...(artifacts ? [artifacts.volume] : [])],
          },
        },
      },
    });
  }
}

/** A claim for a `file:` artifact destination, and its volume and mount; undefined for buckets. */
function artifactVolume(
  scope: MlflowTrackingServer,
  env: RayEnvironment,
  props: MlflowTrackingServerProps,
): { volume: k8s.Volume; mount: k8s.VolumeMount } | undefined {
  const destination = props.artifactsDestination;
  if (!destination.startsWith('file://')) return undefined;
  const path = destination.slice('file://'.length);
  if (!path.startsWith('/') || path === '/') {
    throw new ConfigError(scope, 'artifactsDestination', `'${destination}' must name a directory, e.g. file:///mlartifacts`);
  }
  const claimName = `${scope.name}-artifacts`;
  new k8s.KubePersistentVolumeClaim(scope, 'Artifacts', {
    metadata: { name: claimName },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: env.storage.readWriteOnceClass,
      resources: { requests: { storage: k8s.Quantity.fromString(memoryQuantity(props.artifactsVolumeSize ?? Size.gibibytes(5))) } },
    },
  });
  return { volume: { name: 'artifacts', persistentVolumeClaim: { claimName } }, mount: { name: 'artifacts', mountPath: path } };
}

/** The Cloud SQL Auth Proxy v2 as a sidecar listening on 127.0.0.1:5432. */
function cloudSqlProxy(backend: CloudSqlBackend): k8s.Container {
  const probe = (path: string): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromNumber(9090) }, periodSeconds: 10, timeoutSeconds: 5 });
  return {
    name: 'cloud-sql-proxy',
    image: `${CLOUD_SQL_PROXY_IMAGE.repository}:${CLOUD_SQL_PROXY_IMAGE.tag}`,
    args: [
      `--port=${POSTGRES_PORT}`,
      ...((backend.privateIp ?? true) ? ['--private-ip'] : []),
      '--structured-logs',
      '--health-check',
      '--http-address=0.0.0.0',
      '--http-port=9090',
      // Let MLflow close its connections when the pod stops instead of failing mid-request.
      '--max-sigterm-delay=30s',
      backend.instanceConnectionName,
    ],
    resources: containerResources({ cpu: Cpu.millis(100), memory: Size.mebibytes(128) }),
    securityContext: RESTRICTED_CONTAINER,
    startupProbe: { ...probe('/startup'), failureThreshold: 12 },
    livenessProbe: probe('/liveness'),
  };
}
